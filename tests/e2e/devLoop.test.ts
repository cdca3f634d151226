// Issue 34: the inner loop in seconds. A real `npm run dev` (in a copy of the project, on its
// own stack) runs the dev variant; a saved backend source file is served by the reloading
// server without a new ReplicaSet, a dependency file takes the full path and does make one,
// the quiet-period convergence and the stop leave a state that a preview finds equal to the
// source, and the stop gives the stack back its production images and its stack file.
// Runs alone, like every stage here: one deployment at a time.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { Kube, sh } from "../../scripts/lib/cluster";
import { DevLoopRun } from "../../scripts/lib/bench/devLoopRun";
import { saveUntilServed, STAMPED_EDITS } from "../../scripts/lib/bench/syncSaves";
import { copyRunnableProject } from "../../scripts/lib/projectCopy";
import { stackConfig } from "../program/harness";
import { clusterSettings, EngineFailed, EngineStack, ENGINE_ENV, prepareStage } from "./engine";
import { buildTestImages, POSTGRES_STANDIN, standinPostgresValues } from "./testImages";

const NAMESPACE = "todo-devloop";
const STACK = "devloop";
const BACKEND_NODE_PORT = 30002;

describe("npm run dev: sync, full path and convergence (issue 34)", function () {
    this.bail(true);
    let stack: EngineStack;
    let kube: Kube;
    let loop: DevLoopRun;
    let nodeAddress: string;
    let stackFileBefore: string;

    /** The backend's ReplicaSets: a rollout makes a new one. */
    const backendReplicaSets = (): string[] =>
        kube.json<{ items: Array<{ metadata: { name: string } }> }>(["get", "replicasets", "-l", "app.kubernetes.io/component=backend"]).items.map((r) => r.metadata.name).sort();
    const backendUrl = (): string => `http://${nodeAddress}:${BACKEND_NODE_PORT}`;
    const read = async (url: string): Promise<string> => (await fetch(url, { signal: AbortSignal.timeout(5000) })).text();

    before(async function () {
        this.timeout(15 * 60_000);
        const cluster = prepareStage(NAMESPACE);
        nodeAddress = cluster.nodeAddress;
        kube = new Kube(cluster.kubeContext, NAMESPACE);
        buildTestImages(cluster, [POSTGRES_STANDIN]);
        stack = await EngineStack.create(STACK, copyRunnableProject(), {
            ...stackConfig("dev"),
            ...clusterSettings(cluster),
            namespace: NAMESPACE,
            backendNodePort: BACKEND_NODE_PORT,
            extraValues: standinPostgresValues(),
        }, {});
        stackFileBefore = fs.readFileSync(path.join(stack.projectDir, `Pulumi.${STACK}.yaml`), "utf8");
        loop = new DevLoopRun(stack.projectDir, STACK, { ...ENGINE_ENV, PULUMI_BACKEND_URL: `file://${stack.stateDir}` }, (l) => console.log(l), ["--converge-after", "45"]);
        await loop.ready();
    });

    after(async function () {
        this.timeout(10 * 60_000);
        await loop?.stop();
        await stack?.destroy();
        if (kube) sh("kubectl", ["--context", kube.context, "delete", "namespace", NAMESPACE, "--ignore-not-found", "--wait=true", "--timeout=180s"]);
    });

    it("deploys the dev variant: one replica per service, the source folder writable, the root filesystem still read-only", () => {
        const deployment = kube.json<{ spec: { replicas: number; template: { spec: { containers: Array<{ securityContext: { readOnlyRootFilesystem: boolean; runAsNonRoot: boolean }; volumeMounts: Array<{ mountPath: string }> }> } } } }>(["get", "deployment", "todo-app-backend"]);
        const container = deployment.spec.template.spec.containers[0];
        assert.strictEqual(deployment.spec.replicas, 1);
        assert.deepStrictEqual(container.volumeMounts.map((m) => m.mountPath), ["/tmp", "/app/app"]);
        assert.strictEqual(container.securityContext.readOnlyRootFilesystem, true);
        assert.strictEqual(container.securityContext.runAsNonRoot, true);
    });

    it("serves a saved backend file from the running pod, without a new ReplicaSet", async function () {
        this.timeout(3 * 60_000);
        const before = backendReplicaSets();
        const marker = `e2e-sync-${Date.now()}`;
        assert.ok(!(await read(`${backendUrl()}/health`)).includes(marker), "control: the answer does not carry the marker before the save");
        const from = loop.printed;
        const seconds = await saveUntilServed(stack.projectDir, STAMPED_EDITS.backend, backendUrl(), marker, 60_000);
        await loop.waitFor(/ synced apps\/backend\/app\/main\.py into todo-app-backend-/, from, 30_000);
        console.log(`      served ${seconds.toFixed(1)} s after the write`);
        assert.deepStrictEqual(backendReplicaSets(), before, "no rollout: the same ReplicaSets");
    });

    it("takes the full path for a dependency file: a new backend ReplicaSet, still serving the synced edit", async function () {
        this.timeout(10 * 60_000);
        const before = backendReplicaSets();
        const from = loop.printed;
        fs.appendFileSync(path.join(stack.projectDir, "apps", "backend", "requirements.txt"), "# e2e: a dependency-file edit\n");
        await loop.waitFor(/full path: backend: requirements\.txt is outside app\//, from, 30_000);
        await loop.servingSeconds(from, 8 * 60_000);
        const after = backendReplicaSets();
        assert.ok(after.some((rs) => !before.includes(rs)), `a new ReplicaSet (the same check the sync passed): before ${before}, after ${after}`);
        assert.match(await read(`${backendUrl()}/health`), /e2e-sync-/, "the rebuilt image carries the synced file");
    });

    it("differs from the state after a sync, converges after the quiet period, then previews no change", async function () {
        this.timeout(10 * 60_000);
        const marker = `e2e-web-${Date.now()}`;
        const from = loop.printed;
        await saveUntilServed(stack.projectDir, STAMPED_EDITS.frontendWeb, `http://${nodeAddress}:30000`, marker, 60_000);
        await loop.waitFor(/ synced apps\/frontend-web\/app\/api\/health\/route\.ts into /, from, 30_000);
        // Control: the synced file is in the pod, not in the state: the preview sees a change.
        await assert.rejects(stack.preview(true), (e: unknown) => e instanceof EngineFailed && e.run.steps.some((s) => s.name === "images-frontend-web" && s.op !== "same"), "a preview right after the sync finds the web UI's image out of date");
        const converging = await loop.waitFor(/converging: 1 synced file/, from, 3 * 60_000);
        await loop.servingSeconds(converging, 8 * 60_000);
        const clean = await stack.preview(true);
        assert.deepStrictEqual(Object.keys(clean.counts).filter((op) => op !== "same"), [], JSON.stringify(clean.counts));
    });

    it("on Ctrl-C turns devMode off: production images, the stack file as it was, and a clean preview", async function () {
        this.timeout(15 * 60_000);
        const from = loop.printed;
        assert.strictEqual(await loop.stop(), 0);
        await loop.servingSeconds(from, 1000); // printed before it exited
        assert.strictEqual(fs.readFileSync(path.join(stack.projectDir, `Pulumi.${STACK}.yaml`), "utf8"), stackFileBefore, "the stack file is back, byte for byte");
        const clean = await stack.preview(true);
        assert.deepStrictEqual(Object.keys(clean.counts).filter((op) => op !== "same"), [], JSON.stringify(clean.counts));
        const deployment = kube.json<{ spec: { replicas: number; template: { spec: { containers: Array<{ volumeMounts: Array<{ mountPath: string }> }> } } } }>(["get", "deployment", "todo-app-backend"]);
        assert.strictEqual(deployment.spec.replicas, 2, "the stack's own replica count");
        assert.deepStrictEqual(deployment.spec.template.spec.containers[0].volumeMounts.map((m) => m.mountPath), ["/tmp"], "no writable source folder");
        assert.match(await read(`${backendUrl()}/health`), /e2e-sync-/, "the production image carries the edits too");
    });
});
