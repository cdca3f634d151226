// `npm run up|preview|destroy [-- --stack <name>]`: checks the prerequisites, then runs the
// project (a local program: Pulumi.yaml's nodejs runtime in the project root) through the
// Automation API on the project's file backend (`.pulumi-state/`) unless PULUMI_BACKEND_URL
// is set, streaming Pulumi's progress. After `up`: the stack's URLs and the smoke test. The
// objects the Helm Release would change are the program's own (components/release/releaseChanges.ts),
// so `npm run preview` and a plain `pulumi preview` print the same.
// Exit codes: 0 ok, 1 the operation or the smoke test failed, 2 usage or a missing prerequisite.
import { ConcurrentUpdateError, EngineEvent, Stack, StackNotFoundError } from "@pulumi/pulumi/automation";
import { parseRunArgs, RunArgs, RUN_USAGE, UsageError } from "./lib/args";
import { BuildWatcher } from "./lib/buildFailure";
import { systemRunner } from "../components/shared/commandRunner";
import { namespaceAfterDestroy } from "./lib/namespaceAfterDestroy";
import { ensurePolicyPack } from "./lib/policyPack";
import { preflight } from "./lib/preflight";
import { diagnoseRelease } from "./lib/releaseDiagnosis";
import { ReleaseStop, ReleaseWatch } from "./lib/releaseWatch";
import { smokeDeployed } from "./lib/smokeDeployed";
import { Backend, openStack, plainOutputs, pulumiErrorLine } from "./lib/stack";

/** The Release has waited for Ready pods: a smoke check still failing a minute later is a finding, not a slow start. */
const SMOKE_DEADLINE_MS = 60_000;
const out = (text: string): void => {
    process.stdout.write(text);
};
const color = process.stdout.isTTY ? "always" : "never";

async function main(): Promise<number> {
    let args: RunArgs;
    try {
        args = parseRunArgs(process.argv.slice(2));
    } catch (e) {
        if (e instanceof UsageError) {
            process.stderr.write(`run: ${e.message}\n${RUN_USAGE}\n`);
            return 2;
        }
        throw e;
    }
    if (args.command === "destroy" && args.stack !== "dev" && !args.yes) {
        process.stderr.write(`run: destroying stack '${args.stack}' deletes everything it deployed; confirm with: npm run destroy -- --stack ${args.stack} --yes\n`);
        return 2;
    }

    const { ok, backend } = preflight(args.stack, out);
    if (!ok || args.command === "check") {
        return ok ? 0 : 2;
    }
    out(`State backend: ${backend.url}${backend.local ? " (the project's own; set PULUMI_BACKEND_URL to use another)" : ""}\n\n`);

    let stack: Stack;
    try {
        stack = await openStack(args.stack, { create: args.command !== "destroy", backend });
    } catch (e) {
        if (e instanceof StackNotFoundError) {
            process.stderr.write(`run: stack '${args.stack}' does not exist in ${backend.url}: nothing to destroy.\n`);
            return 1;
        }
        process.stderr.write(`run: could not create or select stack '${args.stack}' in ${backend.url}: ${pulumiErrorLine(e)}\n`);
        return 1;
    }

    const startedAt = new Date();
    const builds = new BuildWatcher();
    const watch = new ReleaseWatch(out);
    try {
        switch (args.command) {
            case "preview":
                return await preview(stack);
            case "destroy": {
                const { namespace, kubeContext } = plainOutputs(await stack.outputs().catch(() => ({})));
                await stack.destroy({ onOutput: out, color });
                if (typeof namespace === "string" && typeof kubeContext === "string") {
                    out(`\n${await namespaceAfterDestroy(systemRunner(), kubeContext, namespace)}\n`);
                }
                out(`\nStack '${args.stack}' is empty; its history stays in ${backend.url} (remove it with: pulumi stack rm ${args.stack}).\n`);
                return 0;
            }
            case "up":
                return await up(stack, args, backend, builds, watch);
        }
    } catch (e) {
        if (args.command === "up") {
            const explained = builds.explain(process.cwd());
            out(explained.map((text) => `\n${text}\n`).join(""));
            await explainReleaseFailure(stack, e, startedAt, watch.stopped);
        }
        return reportFailure(e, args, backend);
    }
    // "check" returned after the prerequisite report.
    return 0;
}

async function preview(stack: Stack): Promise<number> {
    // With --diff the CLI writes every message (the Release's object list among them) to stderr.
    await stack.preview({ onOutput: out, onError: out, color, diff: true, policyPacks: [ensurePolicyPack(out)] });
    return 0;
}

async function up(stack: Stack, args: RunArgs, backend: Backend, builds: BuildWatcher, watch: ReleaseWatch): Promise<number> {
    const onEvent = (e: EngineEvent): void => {
        builds.onEvent(e);
        watch.onEvent(e);
    };
    const result = await stack
        .up({ onOutput: out, onError: out, onEvent, color, policyPacks: [ensurePolicyPack(out)], signal: watch.abort.signal });
    const outputs = plainOutputs(result.outputs);
    out(`\nDeployed stack '${args.stack}' (${backend.url}):\n`);
    for (const key of ["frontendWebUrl", "frontendChatbotUrl", "backendPublicUrl", "backendUrl", "namespace", "kubeContext"]) {
        if (outputs[key] !== undefined && outputs[key] !== null && outputs[key] !== "") {
            out(`  ${key.padEnd(19)} ${String(outputs[key])}\n`);
        }
    }
    if (args.skipSmoke) {
        out("\nSmoke test skipped (--skip-smoke); run it with: npm run smoke\n");
        return 0;
    }
    out("\n");
    return (await smokeDeployed({ stack: args.stack, outputs, deadlineMs: SMOKE_DEADLINE_MS, run: systemRunner(), write: out })) ? 0 : 1;
}

/** After a failed Release, what the cluster says about each workload that never got Ready. */
async function explainReleaseFailure(stack: Stack, e: unknown, since: Date, stopped: ReleaseStop | undefined): Promise<void> {
    if (stopped === undefined && !/helm\.sh\/v3:Release|context deadline exceeded/.test(String(e))) {
        return;
    }
    if (stopped !== undefined) {
        out(`\n${releaseOutcome(stopped)}\n`);
    }
    // The watch knows where the Release was going; else the last deployment's outputs (a first `up` has none yet).
    const outputs = stopped ?? plainOutputs(await stack.outputs().catch(() => ({})));
    const { namespace, kubeContext } = outputs;
    if (typeof namespace !== "string" || typeof kubeContext !== "string") {
        out("\nThe Release failed; the namespace's events say why: kubectl get events -n <namespace> --field-selector type=Warning\n");
        return;
    }
    const lines = diagnoseRelease(systemRunner(), kubeContext, namespace, since);
    out(`\nThe Release failed. What the cluster reported for each workload since this run started:\n${lines.length > 0 ? lines.map((l) => `  - ${l}`).join("\n") : "  (no Warning event)"}\n`);
}

/** What Helm did after the cancelled wait, from its own history (`Rollback to N`, or no release after a first install). */
function releaseOutcome(s: ReleaseStop): string {
    const r = systemRunner()("helm", ["--kube-context", s.kubeContext, "--namespace", s.namespace, "history", s.release, "--max", "1", "--output", "json"]);
    if (r.code !== 0) {
        return /not found/.test(r.stderr) ? `Helm: release ${s.release} uninstalled (it was a first install).` : `Helm: could not read the release's history: ${r.stderr.trim()}`;
    }
    const [last] = JSON.parse(r.stdout) as Array<{ revision: number; status: string; description: string }>;
    return `Helm: release ${s.release} revision ${last.revision} is ${last.status}: ${last.description}.`;
}

function reportFailure(e: unknown, args: RunArgs, backend: Backend): number {
    if (e instanceof ConcurrentUpdateError) {
        process.stderr.write(
            `\nrun: stack '${args.stack}' is locked by another update. If none is running any more (e.g. an interrupted run), ` +
                `release the lock with: PULUMI_BACKEND_URL=${backend.url} pulumi cancel --stack ${args.stack} --yes, then pulumi refresh; see docs/TROUBLESHOOTING.md.\n`,
        );
        return 1;
    }
    process.stderr.write(`\nrun: pulumi ${args.command} failed: ${pulumiErrorLine(e)}\n  The full output is above; docs/TROUBLESHOOTING.md lists the usual causes.\n`);
    return 1;
}

main().then(
    (code) => process.exit(code),
    (e: unknown) => {
        process.stderr.write(`run: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
        process.exit(2);
    },
);
