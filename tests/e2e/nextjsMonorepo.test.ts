// Issue 30 end to end: a repository unlike ours (tests/fixtures/nextjs-monorepo: Next.js
// with-docker Dockerfiles, probes on its own paths, a redirecting web root, a chatbot with no
// health route, its own chart without a database) deployed with the stack file that
// docs/EXISTING-REPO.md section 1 shows, read from the page itself; only the cluster keys and
// the namespace are this machine's. `npm run up` is the real runner: prerequisite check, deploy
// through the real engine, then the smoke test at the depth the chart calls for (probes).
// Traffic goes to 127.0.0.1 only. Runs after the other stages have destroyed theirs.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { E2eCluster, Kube, sh } from "../../scripts/lib/cluster";
import { namespaceAfterDestroy } from "../../scripts/lib/namespaceAfterDestroy";
import { systemRunner } from "../../components/shared/commandRunner";
import { copyRunnableProject } from "../../scripts/lib/projectCopy";
import { docStackConfig, NEXTJS_MONOREPO } from "../chart/existingRepoDoc";
import { PROJECT_ROOT } from "../program/harness";
import { clusterSettings, ENGINE_ENV, EngineFailed, EngineStack, prepareStage } from "./engine";
import { FAIL_FAST_CONTROLS, runFailFastControl } from "./failFastStage";

const NAMESPACE = "todo-nextjs";
/** The stack name section 1 tells the user to create. */
const STACK = "existing";

/** `npm run <command> -- --stack existing` in the stack's project copy, as a user runs it. */
function npmRun(stack: EngineStack, command: "up" | "smoke"): { code: number; output: string; seconds: number } {
    const started = Date.now();
    const script = command === "up" ? ["scripts/run.ts", "up"] : ["scripts/smoke.ts"];
    const r = sh("npx", ["ts-node", ...script, "--stack", STACK], { cwd: stack.projectDir, allowFailure: true, env: { ...ENGINE_ENV, PULUMI_BACKEND_URL: `file://${stack.stateDir}` } });
    return { code: r.code, output: `${r.stdout}\n${r.stderr}`, seconds: (Date.now() - started) / 1000 };
}

describe("a real-world monorepo deployed with docs/EXISTING-REPO.md section 1's stack file", function () {
    this.bail(true);
    let stack: EngineStack;
    let kube: Kube;
    let config: Record<string, unknown>;
    let repoCopy: string;
    let cluster: E2eCluster;

    before(async function () {
        this.timeout(10 * 60_000);
        cluster = prepareStage(NAMESPACE);
        kube = new Kube(cluster.kubeContext, NAMESPACE);
        const project = copyRunnableProject();
        fs.cpSync(path.join(PROJECT_ROOT, "docs"), path.join(project, "docs"), { recursive: true });
        const documented = docStackConfig(project);
        // The repository goes where the documented sourceRoot points: a checkout next to the project.
        repoCopy = path.resolve(project, String(documented.sourceRoot));
        fs.rmSync(repoCopy, { recursive: true, force: true });
        fs.cpSync(path.join(PROJECT_ROOT, NEXTJS_MONOREPO), repoCopy, { recursive: true, verbatimSymlinks: true });
        // This machine's cluster instead of a Minikube profile, and a namespace of the stage's own.
        const { minikubeProfile: _profile, ...rest } = documented;
        config = { ...rest, ...clusterSettings(cluster), namespace: NAMESPACE };
        console.log(`      section 1's stack file: ${Object.keys(documented).length} keys; replaced: target, minikubeProfile; added: ${Object.keys(clusterSettings(cluster)).join(", ")}, namespace`);
        // Section 1's secrets: their chart has no database, and this backend never connects to it.
        stack = await EngineStack.create(STACK, project, { ...config, podSecurityLevel: "restricted" }, { databaseUrl: "postgresql://todo:unused@db.invalid:5432/todo", betterAuthSecret: "e2e-nextjs-monorepo-auth-secret-0123456789" });
    });

    after(() => {
        if (repoCopy) fs.rmSync(repoCopy, { recursive: true, force: true });
    });

    it("at Pod Security restricted, `up` is refused before any resource, naming the workloads", async function () {
        this.timeout(5 * 60_000);
        const started = Date.now();
        const failed = await stack.up().then(() => undefined, (e: unknown) => e);
        const seconds = (Date.now() - started) / 1000;
        assert.ok(failed instanceof EngineFailed, `the up must fail: ${String(failed)}`);
        const text = failed.run.output + failed.message;
        assert.match(text, /Deployment todo-app-[a-z-]+ would be rejected by the namespace's Pod Security level "restricted"/);
        assert.deepStrictEqual(failed.run.steps.filter((s) => s.done && s.op !== "same"), [], "nothing created");
        assert.match(kube.kubectl(["get", "namespace", NAMESPACE], { allowFailure: true }).stderr, /NotFound/);
        console.log(`      refused in ${seconds.toFixed(1)} s (pulumi up, program start included), nothing created`);
    });

    it("with the documented baseline, `npm run up` deploys it and its smoke test (probes) passes", async function () {
        this.timeout(20 * 60_000);
        await stack.setConfig({ podSecurityLevel: config.podSecurityLevel });
        const run = npmRun(stack, "up");
        assert.strictEqual(run.code, 0, `npm run up failed:\n${run.output.slice(-6000)}`);
        assert.match(run.output, /Smoke test \(probes: what the chart declares/);
        const table = run.output.slice(run.output.lastIndexOf("CHECK"));
        // Each workload's own probe (HTTP on a named port, HTTP on a number, TCP), then each URL output.
        for (const row of [
            /Deployment todo-app-backend: readiness probe GET \/readyz\s+PASS/,
            /Deployment todo-app-frontend-web: readiness probe GET \/api\/status\s+PASS/,
            /Deployment todo-app-frontend-chatbot: readiness probe TCP :http\s+PASS/,
            /frontendWebUrl GET http:\/\/127\.0\.0\.1:30000\s+PASS .*→ HTTP 307/,
            /frontendChatbotUrl GET http:\/\/127\.0\.0\.1:30001\s+PASS .*→ HTTP 404/,
            /backendPublicUrl GET http:\/\/127\.0\.0\.1:30002\s+PASS/,
        ]) {
            assert.match(table, row);
        }
        assert.match(table, /smoke: PASSED \(6 passed, 0 failed, 0 skipped\)/);
        // The program's dev default is 2 replicas each (backendReplicas, frontendWebReplicas, ...).
        const ready = kube.json<{ items: Array<{ metadata: { name: string }; status: { readyReplicas?: number } }> }>(["get", "deployments"]).items.map((d) => [d.metadata.name, d.status.readyReplicas]);
        assert.deepStrictEqual(ready.sort(), [["todo-app-backend", 2], ["todo-app-frontend-chatbot", 2], ["todo-app-frontend-web", 2]]);
        console.log(`      npm run up: exit 0 in ${run.seconds.toFixed(0)} s; smoke: 6 checks passed\n${table.split("\n").map((l) => `        ${l}`).join("\n")}`);
    });

    it("a failed image build names the image, the Dockerfile line, the step's output and the command that reproduces it", async function () {
        this.timeout(10 * 60_000);
        const broken = "docker/backend.broken.Dockerfile";
        fs.writeFileSync(path.join(repoCopy, broken), "FROM python:3.13-slim\nWORKDIR /app\nRUN echo 'resolving requirements' && \\\n    echo 'ERROR: No matching distribution found for fastapi==0.0.0' >&2 && exit 3\n");
        const builds = config.builds as Record<string, Record<string, unknown>>;
        await stack.setConfig({ builds: { ...builds, backend: { ...builds.backend, dockerfile: broken } } });
        try {
            const run = npmRun(stack, "up");
            assert.strictEqual(run.code, 1, run.output.slice(-4000));
            const at = run.output.indexOf("Image todo-backend:");
            assert.ok(at >= 0, `no build explanation in:\n${run.output.slice(-4000)}`);
            const explanation = run.output.slice(at, run.output.indexOf("Reproduce it alone", at) + 400).split("\n").slice(0, 40).join("\n");
            assert.match(explanation, /^Image todo-backend:[0-9a-f]{16} \(images-backend\) failed to build at \S*docker\/backend\.broken\.Dockerfile:3: RUN echo 'resolving requirements'/);
            assert.match(explanation, /exit code: 3/);
            assert.match(explanation, /ERROR: No matching distribution found for fastapi==0\.0\.0/);
            assert.match(explanation, /Reproduce it alone: DOCKER_BUILDKIT=1 docker build --progress=plain -f \S*docker\/backend\.broken\.Dockerfile (--platform \S+ )?-t todo-backend:[0-9a-f]{16} \S+/);
            console.log(`      failed build, as npm run up prints it:\n${explanation.split("\n").map((l) => `        ${l}`).join("\n")}`);
        } finally {
            // The repository is every image's context: the extra file would change all three tags.
            fs.rmSync(path.join(repoCopy, broken));
            await stack.setConfig({ builds });
        }
        // The failed update built and loaded the two images whose builds succeeded (the new file
        // was in their context too): one good update puts the stack back on the repository's tags.
        const recovered = await stack.up();
        console.log(`      recovered by one up: ${JSON.stringify(recovered.counts)}`);
    });

    it("a workload with no NodePort is probed through `kubectl port-forward`", async function () {
        this.timeout(10 * 60_000);
        await stack.setConfig({ frontendChatbotNodePort: 0 });
        const run = npmRun(stack, "up");
        await stack.setConfig({ frontendChatbotNodePort: config.frontendChatbotNodePort });
        assert.strictEqual(run.code, 0, `npm run up failed:\n${run.output.slice(-6000)}`);
        const table = run.output.slice(run.output.lastIndexOf("CHECK"));
        assert.match(table, /Deployment todo-app-frontend-chatbot: readiness probe TCP :http \(port-forward\)\s+PASS .*127\.0\.0\.1:\d+ accepts connections/);
        assert.match(table, /smoke: PASSED \(5 passed, 0 failed, 0 skipped\)/);
        await stack.up();
        console.log(`      ${table.split("\n").find((l) => l.includes("(port-forward)"))!.trim()}`);
    });

    for (const control of FAIL_FAST_CONTROLS) {
        it(`fail fast when ${control.title}: npm run up stops waiting, Helm rolls back, the old pods keep serving`, async function () {
            this.timeout(10 * 60_000);
            const deployed = { backendReplicas: 2, releaseTimeoutSeconds: Number(config.releaseTimeoutSeconds) };
            console.log(`      ${await runFailFastControl(control, { stack, kube, cluster }, deployed, () => npmRun(stack, "up"))}`);
        });
    }

    it("after the failed runs, one up puts the stack back where it was", async function () {
        this.timeout(10 * 60_000);
        const recovered = await stack.up();
        console.log(`      recovered by one up: ${JSON.stringify(recovered.counts)}`);
    });

    it("a no-op preview changes nothing, and destroy leaves nothing", async function () {
        this.timeout(15 * 60_000);
        const preview = await stack.preview(true);
        assert.deepStrictEqual(Object.keys(preview.counts), ["same"], JSON.stringify(preview.counts));
        const destroyed = await stack.destroy();
        assert.deepStrictEqual(Object.keys(destroyed.counts), ["delete"], JSON.stringify(destroyed.counts));
        assert.match(await namespaceAfterDestroy(systemRunner(), kube.context, kube.namespace, 120_000), /is deleted\.$/);
        console.log(`      no-op preview ${JSON.stringify(preview.counts)}; destroy ${JSON.stringify(destroyed.counts)}`);
    });
});
