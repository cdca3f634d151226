// The smoke test of a deployed stack, at the depth its `smokeDepth` output names: full (this
// project's services: smoke.ts), probes (any chart: probeSmoke.ts) or off. A failure ends within
// the deadline and says what a person needs: the Release is deployed and Ready in Kubernetes'
// eyes, which workload and URL answered what, and the command that reruns the smoke alone.
import { SmokeDepth, SMOKE_DEPTHS } from "../../components/config/settings";
import { CommandRunner } from "../../components/shared/commandRunner";
import { Forwarder, nodeHostOf, probeChecks, runProbeSmoke, Service, Workload } from "./probeSmoke";
import { withPortForward } from "./portForward";
import { formatSmokeTable, targetsFromOutputs } from "./smokeReport";
import { runSmoke } from "./smoke";
import { SmokeReport } from "./smokeChecks";

/** The URL outputs a person opens, in the order they are printed. */
const URL_OUTPUTS = ["frontendWebUrl", "frontendChatbotUrl", "backendPublicUrl"] as const;

export interface DeployedSmoke {
    readonly stack: string;
    readonly outputs: Readonly<Record<string, unknown>>;
    readonly deadlineMs: number;
    readonly run: CommandRunner;
    readonly write: (text: string) => void;
}

/** The depth a stack's outputs ask for; a stack deployed before smokeDepth existed gets full. */
export function smokeDepthOf(outputs: Readonly<Record<string, unknown>>): SmokeDepth {
    const depth = outputs.smokeDepth;
    return (SMOKE_DEPTHS as readonly unknown[]).includes(depth) ? (depth as SmokeDepth) : "full";
}

/** Runs the stack's smoke test and prints its progress, table and verdict; returns whether it passed. */
export async function smokeDeployed(s: DeployedSmoke): Promise<boolean> {
    const depth = smokeDepthOf(s.outputs);
    const rerun = `npm run smoke -- --stack ${s.stack}`;
    if (depth === "off") {
        s.write(`Smoke test off (smokeDepth is off); run it anyway with: ${rerun}\n`);
        return true;
    }
    const onResult = (c: { status: string; name: string; attempts: number }): void => s.write(`  ${c.status.padEnd(4)} ${c.name}${c.attempts > 1 ? ` (${c.attempts} attempts)` : ""}\n`);
    let report: SmokeReport;
    if (depth === "full") {
        const { targets, problems } = targetsFromOutputs(s.outputs);
        if (!targets) {
            s.write(`Smoke test not run: ${problems.join("; ")}\nRun the command the output names, then: npm run smoke -- --web <url> --chatbot <url>\n`);
            return true;
        }
        s.write(`Smoke test (full, deadline ${s.deadlineMs / 1000}s): web ${targets.web}, chatbot ${targets.chatbot}${targets.backend ? `, backend ${targets.backend}` : ""}\n`);
        report = await runSmoke(targets, { deadlineMs: s.deadlineMs, onResult });
    } else {
        const urls = Object.fromEntries(URL_OUTPUTS.map((k) => [k, s.outputs[k]]).filter((e): e is [string, string] => typeof e[1] === "string" && /^https?:\/\/\S+$/.test(e[1])));
        const objects = deployedObjects(s.run, s.outputs);
        if ("error" in objects) {
            s.write(`Smoke test not run: ${objects.error}\nRerun it with: ${rerun}\n`);
            return false;
        }
        const checks = probeChecks(objects.workloads, objects.services, nodeHostOf(Object.values(urls)));
        s.write(`Smoke test (probes: what the chart declares, deadline ${s.deadlineMs / 1000}s): ${checks.length} workload probe(s), ${Object.keys(urls).length} URL output(s)\n`);
        const { namespace, kubeContext } = s.outputs as { namespace: string; kubeContext: string };
        const forward: Forwarder = (target, port, use) => withPortForward(kubeContext, namespace, target, port, use);
        report = await runProbeSmoke(checks, urls, { deadlineMs: s.deadlineMs, onResult }, forward);
    }
    s.write(`\n${formatSmokeTable(report)}\n`);
    if (!report.ok) {
        s.write(
            `\nThe Release is deployed and Kubernetes reports its pods Ready, but the smoke test failed:\n` +
                report.checks.filter((c) => c.status === "FAIL").map((c) => `  - ${c.name}: ${c.detail}\n`).join("") +
                `Rerun the smoke test alone with: ${rerun}${depth === "full" ? ` (a chart that is not this project's: pulumi config set smokeDepth probes -s ${s.stack})` : ""}\n`,
        );
    }
    return report.ok;
}

/** The Deployments, StatefulSets and Services of the stack's namespace, from its context. */
function deployedObjects(run: CommandRunner, outputs: Readonly<Record<string, unknown>>): { workloads: Workload[]; services: Service[] } | { error: string } {
    const { namespace, kubeContext } = outputs;
    if (typeof namespace !== "string" || typeof kubeContext !== "string") {
        return { error: "the stack has no namespace or kubeContext output (has it been deployed?)" };
    }
    const r = run("kubectl", ["--context", kubeContext, "-n", namespace, "get", "deployments,statefulsets,services", "-o", "json"]);
    if (r.code !== 0) {
        return { error: `kubectl get in ${namespace} (${kubeContext}) failed: ${r.stderr.trim()}` };
    }
    const items = (JSON.parse(r.stdout) as { items: Array<Workload & Service> }).items;
    return { workloads: items.filter((i) => i.kind !== "Service"), services: items.filter((i) => i.kind === "Service") };
}
