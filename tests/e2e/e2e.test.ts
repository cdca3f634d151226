// End to end on a real Kubernetes: run the program for a dev stack (under mocks: the
// provider plugins can't run here), replay what it registered with docker, kubectl and
// helm, and prove the app works, stays put when nothing changes, rolls exactly what a
// change touches, and survives a failed upgrade. See docs/ARCHITECTURE.md, "What runs where".
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { isDeepStrictEqual } from "util";
import { loadCommandFor } from "../../components/imageLoad";
import { copyProject, PROJECT_ROOT, RecordedResource, releaseValuesOf, runProgram, RunResult, stackConfig, T } from "../program/harness";
import { E2eCluster, e2eCluster, Kube, sh } from "./cluster";
import { replay, ReplayResult } from "./replay";
import { sizeTable } from "./sizes";

const NAMESPACE = "todo-e2e";
const STANDIN = "todo-e2e-postgres:16-standin";
const SECRETS = { betterAuthSecret: "e2e-auth-secret-0123456789abcdef0123456789" };

interface PodList {
    items: Array<{
        metadata: { name: string; uid: string; labels: Record<string, string>; deletionTimestamp?: string };
        spec: { securityContext?: { runAsUser?: number }; containers: Array<{ name: string; securityContext?: { runAsUser?: number } }> };
        status: { containerStatuses?: Array<{ name: string; restartCount: number; ready: boolean }> };
    }>;
}

/** Changed resources between two captures, as "type name" labels. */
function changed(a: readonly RecordedResource[], b: readonly RecordedResource[]): string[] {
    return b
        .filter((r) => !isDeepStrictEqual(a.find((x) => x.type === r.type && x.name === r.name)?.inputs, r.inputs))
        .map((r) => `${r.type.split(":").pop()} ${r.name}`)
        .sort();
}


/** Keys whose values differ between two Release value trees, as dotted paths. */
function valueDiff(a: unknown, b: unknown, prefix = ""): string[] {
    if (a && b && typeof a === "object" && typeof b === "object") {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        return [...keys].flatMap((k) => valueDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k));
    }
    return isDeepStrictEqual(a, b) ? [] : [prefix];
}

describe("end to end on a real cluster", function () {
    this.bail(true);
    let cluster: E2eCluster;
    let kube: Kube;
    let projectRoot: string;
    const runs: RunResult[] = [];
    const replays: ReplayResult[] = [];
    let config: Record<string, unknown>;

    const capture = async (overrides: Record<string, unknown> = {}, secrets: Record<string, string> = SECRETS): Promise<RunResult> => {
        const run = await runProgram({ stack: "e2e", projectRoot, config: { ...config, ...overrides }, secrets });
        runs.push(run);
        return run;
    };
    const pods = (): PodList => kube.json<PodList>(["get", "pods", "-l", "app.kubernetes.io/instance=todo-app"]);
    const secretNames = (): string[] => kube.json<{ items: Array<{ metadata: { name: string } }> }>(["get", "secrets"]).items.map((s) => s.metadata.name).sort();
    const replicaSets = (): string[] => kube.json<{ items: Array<{ metadata: { name: string } }> }>(["get", "rs"]).items.map((r) => r.metadata.name).sort();
    // Polls instead of `kubectl wait`, which hangs until its timeout on a pod deleted while it
    // waits (as a rollout or a rollback does).
    const waitReady = async (expected = 7, seconds = 180): Promise<void> => {
        const deadline = Date.now() + seconds * 1000;
        let state = "";
        while (Date.now() < deadline) {
            const items = pods().items.filter((p) => p.metadata.labels["app.kubernetes.io/component"] !== "test");
            const ready = items.filter((p) => !p.metadata.deletionTimestamp && (p.status.containerStatuses ?? []).every((c) => c.ready) && (p.status.containerStatuses ?? []).length > 0);
            state = `${ready.length}/${items.length} Ready`;
            if (items.length === expected && ready.length === expected) {
                return;
            }
            await new Promise((r) => setTimeout(r, 2000));
        }
        assert.fail(`pods not Ready within ${seconds}s (${state})`);
    };
    const smoke = (outputs: Record<string, unknown>): string => {
        const r = sh("npx", ["ts-node", "scripts/smoke.ts", "--web", String(outputs.frontendWebUrl), "--chatbot", String(outputs.frontendChatbotUrl)], { allowFailure: true });
        console.log(r.stdout);
        assert.strictEqual(r.status, 0, `smoke test failed:\n${r.stdout}\n${r.stderr}`);
        return r.stdout;
    };

    before(function () {
        this.timeout(40 * 60_000);
        cluster = e2eCluster();
        kube = new Kube(cluster.kubeContext, NAMESPACE);
        projectRoot = copyProject();
        config = {
            ...stackConfig("dev"),
            target: "context",
            kubeContext: cluster.kubeContext,
            imageLoadCommand: cluster.imageLoad,
            nodeAddress: cluster.nodeAddress,
            releaseTimeoutSeconds: 240,
            // No registry here: the chart's PostgreSQL image is a local stand-in, swapped in
            // through extraValues like any chart key the program does not model.
            extraValues: { postgresql: { image: { repository: STANDIN.split(":")[0], tag: STANDIN.split(":")[1] } } },
        };
        sh("kubectl", ["--context", cluster.kubeContext, "delete", "namespace", NAMESPACE, "--ignore-not-found", "--wait=true", "--timeout=180s"]);
        sh("docker", ["build", "--quiet", "--tag", STANDIN, path.join(PROJECT_ROOT, "tests", "e2e", "postgres-standin")]);
        sh("sh", ["-c", loadCommandFor({ mode: "command", command: cluster.imageLoad, minikubeProfile: "", kindCluster: "" }, STANDIN)!]);
    });

    it("a. captures each image build, load command, Kubernetes object and the Release", async () => {
        const { resources } = await capture();
        const images = resources.filter((r) => r.type === T.image);
        assert.strictEqual(images.length, 3);
        assert.strictEqual(resources.filter((r) => r.type === T.command).length, 3);
        const ns = resources.find((r) => r.type === T.namespace)!;
        assert.strictEqual((ns.inputs.metadata as { labels: Record<string, string> }).labels["pod-security.kubernetes.io/enforce"], "restricted");
        const release = resources.find((r) => r.type === T.release)!.inputs;
        assert.deepStrictEqual([release.name, release.namespace, release.chart, release.atomic], ["todo-app", NAMESPACE, "charts/todo-app", true]);
    });

    it("b. replays it with docker, the load command, kubectl and helm", function () {
        this.timeout(30 * 60_000);
        const result = replay(runs[0].resources, [], kube, projectRoot);
        replays.push(result);
        assert.strictEqual(result.helmStatus, 0, result.helmOutput);
    });

    it("c. every pod Ready under PodSecurity restricted, numeric non-root UIDs, PVC bound, NodePorts as output", async function () {
        this.timeout(5 * 60_000);
        await waitReady();
        const labels = kube.json<{ metadata: { labels: Record<string, string> } }>(["get", "namespace", NAMESPACE]).metadata.labels;
        assert.strictEqual(labels["pod-security.kubernetes.io/enforce"], "restricted");
        const privileged = JSON.stringify({ apiVersion: "v1", kind: "Pod", metadata: { name: "privileged", namespace: NAMESPACE }, spec: { containers: [{ name: "c", image: STANDIN, securityContext: { privileged: true } }] } });
        const rejected = kube.kubectl(["apply", "--dry-run=server", "-f", "-"], { input: privileged, allowFailure: true });
        assert.notStrictEqual(rejected.status, 0, "a privileged pod must be rejected");
        assert.match(rejected.stderr, /violates PodSecurity "restricted/);

        const list = pods();
        assert.strictEqual(list.items.length, 7, "2 replicas of each service plus PostgreSQL");
        for (const pod of list.items) {
            for (const c of pod.spec.containers) {
                const expected = c.securityContext?.runAsUser ?? pod.spec.securityContext?.runAsUser;
                const uid = kube.kubectl(["exec", pod.metadata.name, "-c", c.name, "--", "id", "-u"]).stdout.trim();
                assert.ok(expected !== undefined && expected > 0, `${pod.metadata.name}/${c.name} declares a non-root runAsUser`);
                assert.strictEqual(uid, String(expected), `${pod.metadata.name}/${c.name} runs as ${expected}`);
            }
        }
        const pvcs = kube.json<{ items: Array<{ status: { phase: string }; spec: { storageClassName: string } }> }>(["get", "pvc"]).items;
        assert.strictEqual(pvcs.length, 1);
        assert.deepStrictEqual([pvcs[0].status.phase, pvcs[0].spec.storageClassName], ["Bound", "standard"]);
        const outputs = runs[0].outputs;
        for (const [service, url] of [["todo-app-frontend-web", outputs.frontendWebUrl], ["todo-app-frontend-chatbot", outputs.frontendChatbotUrl]]) {
            const port = kube.json<{ spec: { ports: Array<{ nodePort: number }> } }>(["get", "service", String(service)]).spec.ports[0].nodePort;
            assert.strictEqual(url, `http://${cluster.nodeAddress}:${port}`);
        }
    });

    it("d. the smoke test passes through the NodePorts, then helm test", function () {
        this.timeout(5 * 60_000);
        smoke(runs[0].outputs);
        const test = kube.helm(["test", "todo-app", "--timeout", "120s"], { allowFailure: true });
        console.log(test.stdout.split("\n").filter((l) => /Phase|TEST SUITE|STATUS/.test(l)).join("\n"));
        assert.strictEqual(test.status, 0, test.stdout + test.stderr);
    });

    it("e1. unchanged: identical inputs, and an upgrade with them restarts nothing", async function () {
        this.timeout(10 * 60_000);
        const before = { rs: replicaSets(), pods: pods() };
        const again = await capture();
        assert.deepStrictEqual(changed(runs[0].resources, again.resources), [], "the program asks for exactly the same thing");
        // Pulumi would do nothing at all; force the Helm upgrade anyway to prove the chart is stable.
        const forced = replay(again.resources.filter((r) => r.type === T.release), [], kube, projectRoot);
        assert.strictEqual(forced.helmStatus, 0, forced.helmOutput);
        await waitReady();
        assert.deepStrictEqual(replicaSets(), before.rs, "no new ReplicaSet");
        const restarts = (l: PodList): Record<string, number> => Object.fromEntries(l.items.map((p) => [p.metadata.name, (p.status.containerStatuses ?? []).reduce((n, c) => n + c.restartCount, 0)]));
        assert.deepStrictEqual(restarts(pods()), restarts(before.pods), "same pods, no restarts");
        console.log("      unchanged: 0 resources changed; helm upgrade rolled 0 pods");
    });

    it("e2. one secret rotated: only the Secrets holding it are renamed, and only the workloads reading it roll", async function () {
        this.timeout(10 * 60_000);
        const rsBefore = replicaSets();
        const podsBefore = pods().items;
        const secretsBefore = secretNames();
        const rotated = { betterAuthSecret: "e2e-auth-secret-ROTATED-0123456789abcdef01" };
        const next = await capture({}, rotated);
        const prev = runs[runs.length - 2];
        assert.deepStrictEqual(changed(prev.resources, next.resources), ["Release release", "Secret secrets-backend", "Secret secrets-frontend-web"]);
        assert.deepStrictEqual(valueDiff(releaseValuesOf(prev.resources), releaseValuesOf(next.resources)).sort(), ["backend.secretName", "frontendWeb.secretName", "secrets.name"]);
        const result = replay(next.resources, prev.resources, kube, projectRoot);
        assert.strictEqual(result.helmStatus, 0, result.helmOutput);
        await waitReady();
        const rolled = replicaSets().filter((rs) => !rsBefore.includes(rs)).map((rs) => rs.replace(/-[a-z0-9]+$/, "")).sort();
        assert.deepStrictEqual(rolled, ["todo-app-backend", "todo-app-frontend-web"], "exactly the two workloads that read BETTER_AUTH_SECRET rolled");
        const survivors = pods().items.filter((p) => podsBefore.some((b) => b.metadata.uid === p.metadata.uid)).map((p) => p.metadata.labels["app.kubernetes.io/component"]).sort();
        assert.deepStrictEqual(survivors, ["frontend-chatbot", "frontend-chatbot", "postgresql"], "the chatbot and PostgreSQL kept their pods");
        const backendSecret = releaseValuesOf(next.resources).secrets.name;
        const stored = Buffer.from(kube.kubectl(["get", "secret", backendSecret, "-o", "jsonpath={.data.BETTER_AUTH_SECRET}"]).stdout, "base64").toString();
        assert.strictEqual(stored, rotated.betterAuthSecret);
        const gone = secretsBefore.filter((n) => !secretNames().includes(n));
        assert.strictEqual(gone.length, 2, `the two replaced Secrets were deleted after the Release succeeded: ${gone.join(", ")}`);
        SECRETS.betterAuthSecret = rotated.betterAuthSecret;
        console.log(`      one secret: changed ${changed(prev.resources, next.resources).join(", ")}; rolled ${rolled.join(", ")}; PostgreSQL and the chatbot untouched`);
    });

    it("e3. one backend file changed: only the backend's tag changes and only the backend rolls", async function () {
        this.timeout(15 * 60_000);
        const rsBefore = replicaSets();
        fs.appendFileSync(path.join(projectRoot, "apps", "backend", "app", "__init__.py"), "\n# e2e: a one-line change\n");
        const next = await capture();
        const prev = runs[runs.length - 2];
        assert.deepStrictEqual(changed(prev.resources, next.resources), ["Command images-backend-load", "Image images-backend", "Release release"]);
        assert.deepStrictEqual(valueDiff(releaseValuesOf(prev.resources), releaseValuesOf(next.resources)), ["backend.image.tag"]);
        const result = replay(next.resources, prev.resources, kube, projectRoot);
        replays.push(result);
        assert.strictEqual(result.helmStatus, 0, result.helmOutput);
        await waitReady();
        const rolled = replicaSets().filter((rs) => !rsBefore.includes(rs));
        assert.strictEqual(rolled.length, 1, `only one new ReplicaSet: ${rolled.join(", ")}`);
        assert.match(rolled[0], /^todo-app-backend-/);
        console.log(`      one file: rebuilt ${result.steps.filter((s) => s.action === "build").map((s) => s.resource).join(", ")}; rolled ${rolled[0]}`);
    });

    it("f. a bad rotation (unreachable DATABASE_URL): the upgrade rolls back, the old Secret is still there, and a restarted pod starts with it", async function () {
        this.timeout(15 * 60_000);
        const prev = runs[runs.length - 1];
        const goodSecret = releaseValuesOf(prev.resources).backend.secretName!;
        const broken = await capture({ releaseTimeoutSeconds: 60 }, { ...SECRETS, databaseUrl: "postgresql://todo:unused@db.invalid:5432/todo" });
        const badSecret = releaseValuesOf(broken.resources).backend.secretName!;
        assert.notStrictEqual(badSecret, goodSecret, "the rotation creates a new Secret instead of editing the one pods use");
        const result = replay(broken.resources, prev.resources, kube, projectRoot);
        assert.notStrictEqual(result.helmStatus, 0, "the upgrade must fail");
        assert.match(result.helmOutput, /rolled back|roll(ing)? back/i);
        const history = JSON.parse(kube.helm(["history", "todo-app", "-o", "json"]).stdout) as Array<{ revision: number; status: string; description: string }>;
        const last = history[history.length - 1];
        assert.strictEqual(last.status, "deployed");
        assert.match(last.description, /Rollback/i);
        await waitReady();
        assert.ok(secretNames().includes(goodSecret), "the previous Secret survived the failed upgrade");
        const deployment = kube.json<{ spec: { template: { spec: { containers: Array<{ envFrom: Array<{ secretRef?: { name: string } }> }> } } } }>(["get", "deployment", "todo-app-backend"]);
        assert.ok(deployment.spec.template.spec.containers[0].envFrom.some((e) => e.secretRef?.name === goodSecret), "the rolled-back Deployment reads the previous Secret");

        // A pod deleted after the rollback (a node drain, an eviction) comes back with the old Secret.
        const backendPods = (): PodList["items"] => pods().items.filter((p) => p.metadata.labels["app.kubernetes.io/component"] === "backend");
        const before = backendPods().map((p) => p.metadata.uid);
        const victim = backendPods()[0];
        kube.kubectl(["delete", "pod", victim.metadata.name, "--wait=true", "--timeout=120s"]);
        await waitReady();
        const replacement = backendPods().find((p) => !before.includes(p.metadata.uid));
        assert.ok(replacement, "a new backend pod replaced the deleted one");
        const url = kube.kubectl(["exec", replacement.metadata.name, "--", "python", "-c", "import os; print(os.environ['DATABASE_URL'].split('@')[-1])"]).stdout.trim();
        assert.match(url, /^todo-app-postgresql\./, `the new pod reads the previous DATABASE_URL (host ${url}), not the broken one`);
        smoke(prev.outputs);

        // The next good `pulumi up` (the previous inputs) deletes the orphaned broken Secret.
        const restored = replay(prev.resources, broken.resources, kube, projectRoot);
        assert.strictEqual(restored.helmStatus, 0, restored.helmOutput);
        assert.ok(!secretNames().includes(badSecret), "the broken Secret is gone after the next successful run");
        console.log(`      rollback: helm exited ${result.helmStatus}; history ends with revision ${last.revision} '${last.description}'; pod ${replacement.metadata.name} started with Secret ${goodSecret}`);
    });

    it("g. prints image sizes and seconds to Ready; every image within its budget", () => {
        const table = sizeTable(runs[0].resources, replays[0], projectRoot);
        console.log(table);
        assert.ok(replays[0].steps.some((s) => s.action === "helm upgrade"), "the first replay ran helm upgrade");
        assert.strictEqual(table.split("\n").filter((l) => /OVER BUDGET/.test(l)).length, 0, "an image is over its size budget");
    });
});
