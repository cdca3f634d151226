// The capacity check before any resource (components/release/capacityCheck.ts), on what a real
// 2-CPU Minikube reported (tests/program/fixtures/minikube-none: minikube v1.38.1, none driver,
// its control plane requesting 750m): the dev stack's defaults fit with one rolling surge; more
// pods, or another namespace's pods taking the room (the metrics-server addon of issue 31), are
// refused with the numbers and the fix, and nothing is registered.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { clusterCapacity, judgeCapacity } from "../../components/release/capacityCheck";
import { RenderedObject } from "../../policy/rules/chartRender";
import { fakeHost, ProgramFailed, releaseValuesOf, runProgram, single, T } from "./harness";
import { render } from "../chart/helm";

const FIXTURES = path.join(__dirname, "fixtures", "minikube-none");
const NODES = fs.readFileSync(path.join(FIXTURES, "kubectl-get-nodes.json"), "utf8");
const PODS = fs.readFileSync(path.join(FIXTURES, "kubectl-get-pods-all.json"), "utf8");
/** The host of the other program tests, on the node as captured: 2 CPUs. */
const capturedNode = (over: Record<string, string> = {}): ReturnType<typeof fakeHost> => fakeHost({ "kubectl --context minikube get nodes -o json": NODES, ...over });

/** The captured pods plus one more in kube-system requesting `cpu`, as an addon would. */
function podsWithAddon(cpu: string): string {
    const list = JSON.parse(PODS) as { items: unknown[] };
    list.items.push({ metadata: { name: "metrics-server-1", namespace: "kube-system" }, spec: { containers: [{ name: "metrics-server", resources: { requests: { cpu, memory: "200Mi" } } }] }, status: { phase: "Pending" } });
    return JSON.stringify(list);
}

function deployment(name: string, replicas: number, cpu: string, strategy?: Record<string, unknown>): RenderedObject {
    return { apiVersion: "apps/v1", kind: "Deployment", metadata: { name }, spec: { replicas, strategy, template: { spec: { containers: [{ name, resources: { requests: { cpu, memory: "128Mi" } } }] } } } };
}

/** The dev stack's chart as the program renders it with its own values. */
async function devObjects(): Promise<RenderedObject[]> {
    const { resources } = await runProgram({ host: capturedNode() });
    const release = single(resources, T.release).inputs;
    return render({ chart: path.resolve(__dirname, "..", "..", "charts", "todo-app"), values: releaseValuesOf(resources), release: "todo-app", namespace: String(release.namespace) }) as unknown as RenderedObject[];
}

describe("capacity check: the chart's requests against what the node has left", () => {
    it("reads the captured Minikube: 2 CPUs allocatable, 750m requested by its control plane", () => {
        const capacity = clusterCapacity(NODES, PODS, "todo-dev");
        assert.deepStrictEqual({ nodes: capacity.nodes, cpu: capacity.allocatable.cpu, others: capacity.requestedByOthers.cpu }, { nodes: 1, cpu: 2000, others: 750 });
        assert.strictEqual(clusterCapacity(NODES, podsWithAddon("100m"), "kube-system").requestedByOthers.cpu, 0, "the app's own namespace is not 'others'");
    });

    it("the dev stack's defaults fit on it with one rolling surge at a time: no warning, the numbers in the log", async () => {
        const { warnings, infos } = await runProgram({ host: capturedNode() });
        assert.deepStrictEqual(warnings.filter((w) => /fit|capacity/.test(w)), []);
        assert.deepStrictEqual(infos.filter((i) => i.startsWith("Capacity: ")).length, 1, infos.join("\n"));
        const verdict = judgeCapacity(await devObjects(), clusterCapacity(NODES, PODS, "todo-dev"));
        assert.strictEqual(verdict.problem, undefined);
        assert.match(verdict.summary, /plus 250m CPU and 256 MiB for the largest rolling surge \(Deployment todo-app-backend\).*leaving 1250m CPU and \d+ MiB; it fits, but not every Deployment's surge pod at once \(1450m CPU and \d+ MiB\), so rollouts of several Deployments take turns$/);
    });

    it("refuses, before any resource, when an addon takes the room the backend's surge pod needs", async () => {
        await assert.rejects(runProgram({ host: capturedNode({ "kubectl --context minikube get pods --all-namespaces -o json": podsWithAddon("100m") }) }), (e: unknown) => {
            assert.ok(e instanceof ProgramFailed && e.resources.length === 0, String(e));
            assert.match(
                e.message,
                /the app does not fit in the cluster: the chart's pods request 1000m CPU and \d+ MiB, plus 250m CPU and 256 MiB for the largest rolling surge \(Deployment todo-app-backend\); the cluster \(1 node\) has 2000m CPU and \d+ MiB allocatable, of which other namespaces' pods request 850m CPU and \d+ MiB, leaving 1150m CPU and \d+ MiB; short of 100m CPU\./,
            );
            assert.match(e.message, /Fix: lower the requests \(e\.g\. pulumi config set -s dev --path 'resources\.backend\.requests\.cpu' 100m\), run fewer replicas \(pulumi config set -s dev backendReplicas 1\), or give the cluster more CPU and memory/);
            return true;
        });
    });

    it("accepts, saying rollouts take turns, an app that fits but not with every Deployment's surge at once", () => {
        const capacity = { nodes: 1, allocatable: { cpu: 1000, memory: 4096 }, requestedByOthers: { cpu: 0, memory: 0 } };
        const verdict = judgeCapacity([deployment("a", 2, "250m"), deployment("b", 1, "200m")], capacity);
        assert.strictEqual(verdict.problem, undefined);
        assert.match(verdict.summary, /not every Deployment's surge pod at once \(1150m CPU and 640 MiB\), so rollouts of several Deployments take turns$/);
        // Recreate adds no surge pod; an autoscaled chart (no replicas) starts at one.
        const recreate = judgeCapacity([deployment("a", 3, "300m", { type: "Recreate" })], capacity);
        assert.deepStrictEqual([recreate.problem, /it fits$/.test(recreate.summary)], [undefined, true]);
        assert.ok(judgeCapacity([deployment("a", 4, "300m")], capacity).problem, "4 × 300m plus a surge cannot fit in 1000m");
    });
});
