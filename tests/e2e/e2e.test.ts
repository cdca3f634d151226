// End to end through the real engine: the Pulumi CLI and its plugins run a copy of this project
// against a real Kubernetes, one deployment at a time, and every assertion about what changed
// is the engine's own account (its change summary and steps) or what the cluster shows.
// See docs/ARCHITECTURE.md, "What runs where".
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { stackConfig } from "../program/harness";
import { AppView } from "./appView";
import { Kube, sh } from "../../scripts/lib/cluster";
import { namespaceAfterDestroy } from "../../scripts/lib/namespaceAfterDestroy";
import { systemRunner } from "../../components/shared/commandRunner";
import { copyRunnableProject } from "../../scripts/lib/projectCopy";
import { diagnoseRelease } from "../../scripts/lib/releaseDiagnosis";
import { changes, clusterSettings, EngineFailed, EngineRun, EngineStack, prepareStage } from "./engine";
import { browserWithKey, browserWithoutKey, closeBrowser, SCREENSHOTS } from "./browserStage";
import { EXTERNAL_NAMESPACE, startExternalDb, startOpenAiStub } from "./externalServices";
import { dayTwoExtraValues, dayTwoStage } from "./day2/stage";
import { buildTestImages, OPENAI_STUB, POSTGRES_STANDIN as STANDIN, standinPostgresValues } from "./testImages";

const NAMESPACE = "todo-e2e";
/** 2 replicas of each service, plus the chart's PostgreSQL while no databaseUrl is set. */
const APP_PODS = 6;

describe("end to end through the real Pulumi engine", function () {
    this.bail(true);
    let kube: Kube;
    let view: AppView;
    let stack: EngineStack;
    /** Every run's printed text, and every secret value used or generated, for the leak check. */
    const printed: string[] = [];
    const secretValues = new Set<string>();
    let good: { databaseUrl: string; betterAuthSecret: string; openaiApiKey: string };

    const up = async (): Promise<EngineRun> => {
        const run = await stack.up();
        printed.push(run.output);
        assert.deepStrictEqual(run.warnings, [], "a normal `pulumi up` prints no warning");
        return run;
    };
    const noOp = async (pods: number): Promise<void> => {
        const rs = view.replicaSets();
        const restarts = view.restarts();
        const preview = await stack.preview(true); // fails here if the engine sees any change
        printed.push(preview.output);
        assert.deepStrictEqual(Object.keys(preview.counts), ["same"], `preview: ${JSON.stringify(preview.counts)}`);
        const run = await up();
        assert.deepStrictEqual(Object.keys(run.counts), ["same"], `up: ${JSON.stringify(run.counts)}`);
        await view.waitReady(pods);
        assert.deepStrictEqual(view.replicaSets(), rs, "no new ReplicaSet");
        assert.deepStrictEqual(view.restarts(), restarts, "same pods, no restarts");
        console.log(`      no-op: preview ${JSON.stringify(preview.counts)}, up ${JSON.stringify(run.counts)}, 0 new ReplicaSets`);
    };

    after(() => closeBrowser());
    before(function () {
        this.timeout(40 * 60_000);
        const cluster = prepareStage(NAMESPACE, EXTERNAL_NAMESPACE);
        kube = new Kube(cluster.kubeContext, NAMESPACE);
        view = new AppView(kube);
        // The test's own images, built and loaded like the app's (nothing can be pulled here).
        buildTestImages(cluster, [STANDIN, OPENAI_STUB]);
        fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
        console.log(`      screenshots: ${SCREENSHOTS}`);
        // The README's dev stack, aimed at this cluster: no secret set.
        const config = {
            ...stackConfig("dev"),
            ...clusterSettings(cluster),
            // No registry here: the chart's PostgreSQL image is a local stand-in.
            extraValues: { ...standinPostgresValues(), ...dayTwoExtraValues() },
        };
        return EngineStack.create("e2e", copyRunnableProject(), config, {}).then((s) => {
            stack = s;
        });
    });

    it("a. `pulumi up` from nothing: pods Ready under Pod Security restricted, smoke test and helm test green through the outputs @day2", async function () {
        this.timeout(30 * 60_000);
        const run = await up();
        assert.deepStrictEqual(Object.keys(run.counts), ["create"], `only creates: ${JSON.stringify(run.counts)}`);
        await view.waitReady(APP_PODS + 1);
        assert.strictEqual(kube.json<{ metadata: { labels: Record<string, string> } }>(["get", "namespace", NAMESPACE]).metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
        const privileged = JSON.stringify({ apiVersion: "v1", kind: "Pod", metadata: { name: "privileged", namespace: NAMESPACE }, spec: { containers: [{ name: "c", image: STANDIN, securityContext: { privileged: true } }] } });
        const rejected = kube.kubectl(["apply", "--dry-run=server", "-f", "-"], { input: privileged, allowFailure: true });
        assert.match(rejected.stderr, /violates PodSecurity "restricted/, "a privileged pod must be rejected");
        for (const pod of view.pods().items) {
            for (const c of pod.spec.containers) {
                const expected = c.securityContext?.runAsUser ?? pod.spec.securityContext?.runAsUser;
                assert.ok(expected !== undefined && expected > 0, `${pod.metadata.name}/${c.name} declares a non-root runAsUser`);
                assert.strictEqual(kube.kubectl(["exec", pod.metadata.name, "-c", c.name, "--", "id", "-u"]).stdout.trim(), String(expected));
            }
        }
        const pvcs = kube.json<{ items: Array<{ status: { phase: string } }> }>(["get", "pvc"]).items;
        assert.deepStrictEqual(pvcs.map((p) => p.status.phase), ["Bound"]);
        for (const [service, url] of [["todo-app-frontend-web", run.outputs.frontendWebUrl], ["todo-app-frontend-chatbot", run.outputs.frontendChatbotUrl]]) {
            const port = kube.json<{ spec: { ports: Array<{ nodePort: number }> } }>(["get", "service", String(service)]).spec.ports[0].nodePort;
            assert.strictEqual(url, `http://127.0.0.1:${port}`);
        }
        console.log(view.smoke(run.outputs).replace(/^/gm, "      "));
        view.helmTest();
        console.log(view.imageSizes(run.outputs.images as Record<string, string>).replace(/^/gm, "      "));
        // The generated secrets join the leak check.
        for (const name of view.secretNames()) {
            Object.values(view.secretData(name)).forEach((v) => secretValues.add(v));
        }
        console.log(`      up from nothing: ${JSON.stringify(run.counts)}`);
    });

    it("a2. a real browser at the output URLs: the web UI's whole flow; the chatbot says chat is disabled", async function () {
        this.timeout(5 * 60_000);
        console.log(`      ${await browserWithoutKey(await stack.stackOutputs())}`);
    });

    it("b. no-op with no secret set: `preview --expect-no-changes` passes, `up` changes 0 and starts no ReplicaSet", async function () {
        this.timeout(10 * 60_000);
        await noOp(APP_PODS + 1);
    });

    it("c. one backend file changed: one image rebuilt, the Release updated, only the backend rolls", async function () {
        this.timeout(15 * 60_000);
        const rs = view.replicaSets();
        fs.appendFileSync(path.join(stack.projectDir, "apps", "backend", "app", "__init__.py"), "\n# e2e: a one-line change\n");
        const run = await up();
        const changed = changes(run);
        assert.deepStrictEqual(changed, ["replace Command images-backend-load", "update Image images-backend", "update Release release"]);
        await view.waitReady(APP_PODS + 1);
        assert.deepStrictEqual(view.rolledSince(rs), ["todo-app-backend"]);
        console.log(`      one file: ${JSON.stringify(run.counts)}: ${changed.join(", ")}; new ReplicaSet: todo-app-backend`);
    });

    it("c2. day 2 under traffic: 0 failed requests through an up, a rotation and rollback, rollouts, evictions and a bad release; no acknowledged write lost in a PostgreSQL restart @day2", async function () {
        this.timeout(20 * 60_000);
        const { frontendWebUrl, frontendChatbotUrl } = await stack.stackOutputs();
        await dayTwoStage({ stack, kube, view, pods: APP_PODS + 1, printed, secretValues, web: String(frontendWebUrl), chatbot: String(frontendChatbotUrl) });
    });

    it("d. every secret set (external database, auth secret, OpenAI key): deployed, then a no-op changes 0", async function () {
        this.timeout(20 * 60_000);
        const password = `e2e-db-${Date.now()}-pw`;
        good = {
            databaseUrl: startExternalDb(kube.context, STANDIN, password),
            betterAuthSecret: "e2e-auth-secret-0123456789abcdef0123456789",
            openaiApiKey: "sk-e2e-0123456789abcdefghijklmnopqrstuvwxyz",
        };
        [password, ...Object.values(good)].forEach((v) => secretValues.add(v));
        // The chatbot talks to the stub instead of api.openai.com, through a chart value.
        const stub = startOpenAiStub(kube.context, OPENAI_STUB);
        await stack.setConfig({ extraValues: { frontendChatbot: { env: { OPENAI_BASE_URL: stub } } } }, good);
        const run = await up();
        await view.waitReady(APP_PODS);
        view.smoke(run.outputs);
        console.log(`      every secret set: ${JSON.stringify(run.counts)}`);
        await noOp(APP_PODS);
    });

    it("d2. a real browser with the key set: a message typed in the chatbot gets the model's answer on screen", async function () {
        this.timeout(5 * 60_000);
        console.log(`      ${await browserWithKey(await stack.stackOutputs())}`);
    });

    it("e. a secret rotated: only the workloads reading it roll, the old Secrets are kept for helm rollback", async function () {
        this.timeout(15 * 60_000);
        const rs = view.replicaSets();
        const before = view.secretNames();
        good = { ...good, betterAuthSecret: "e2e-auth-secret-ROTATED-0123456789abcdef01" };
        secretValues.add(good.betterAuthSecret);
        await stack.setConfig({}, { betterAuthSecret: good.betterAuthSecret });
        const run = await up();
        const changed = changes(run);
        assert.deepStrictEqual(changed, ["replace Command secret-history-prune", "replace Secret secrets-backend", "replace Secret secrets-frontend-web", "update Release release"]);
        // Create-before-delete: the old Secrets leave the state only after the Release's upgrade.
        const releaseDone = run.steps.findIndex((s) => s.done && s.name === "release");
        const firstDelete = run.steps.findIndex((s) => s.op === "delete-replaced");
        assert.ok(releaseDone >= 0 && firstDelete > releaseDone, "old Secrets deleted after the Release succeeded");
        await view.waitReady(APP_PODS);
        assert.deepStrictEqual(view.rolledSince(rs), ["todo-app-backend", "todo-app-frontend-web"]);
        assert.deepStrictEqual(before.filter((n) => !view.secretNames().includes(n)), [], "the replaced Secrets are kept for `helm rollback`");
        view.smoke(run.outputs);
        console.log(`      rotation: ${changed.join(", ")}; rolled todo-app-backend, todo-app-frontend-web`);
    });

    it("f. a bad upgrade (unreachable DATABASE_URL) fails and rolls back, the app keeps serving, the next good `up` succeeds", async function () {
        this.timeout(20 * 60_000);
        const goodSecrets = view.secretNames();
        const bad = "postgresql://todo:unused@db.invalid:5432/todo";
        await stack.setConfig({ releaseTimeoutSeconds: 60 }, { databaseUrl: bad });
        const startedAt = new Date();
        const failed = await stack.up().then(() => undefined, (e: unknown) => e);
        assert.ok(failed instanceof EngineFailed, `the upgrade must fail: ${String(failed)}`);
        printed.push(failed.run.output);
        const diagnosis = diagnoseRelease(systemRunner(), kube.context, NAMESPACE, startedAt);
        assert.ok(diagnosis.some((l) => /^todo-app-backend: Unhealthy \(Pod todo-app-backend-.*\): Readiness probe failed/.test(l)), diagnosis.join("\n"));
        const last = view.lastRevision();
        assert.match(last.description, /^Rollback to \d+/, `helm history ends with a rollback: ${JSON.stringify(last)}`);
        assert.strictEqual(last.status, "deployed");
        await view.waitReady(APP_PODS);
        for (const name of goodSecrets) {
            assert.ok(view.secretNames().includes(name), `Secret ${name} the rolled-back pods read is still there`);
        }
        const stale = await stack.stackOutputs();
        view.smoke(stale);

        // Back to the good value: the Secret it needs is a new one (a fresh name), not the old
        // good one; every Secret is labelled for pruning, none beyond the history.
        await stack.setConfig({ releaseTimeoutSeconds: 240 }, { databaseUrl: good.databaseUrl });
        const run = await up();
        await view.waitReady(APP_PODS);
        view.smoke(run.outputs);
        const perWorkload = view.secretNames().map((n) => n.replace(/-[a-z0-9]+$/, "")).sort();
        assert.ok(perWorkload.every((w) => perWorkload.filter((x) => x === w).length <= 10), `at most the history's 10 per workload: ${perWorkload.join(", ")}`);
        console.log(`      bad upgrade: failed (npm run up says: ${diagnosis.join(" | ")}), ${last.description}; then ${JSON.stringify(run.counts)}`);
    });

    it("g. `pulumi destroy` leaves nothing behind, and no secret is in plaintext in the state or the output @day2", async function () {
        this.timeout(15 * 60_000);
        const run = await stack.destroy();
        printed.push(run.output);
        assert.deepStrictEqual(Object.keys(run.counts), ["delete"], JSON.stringify(run.counts));
        assert.match(await namespaceAfterDestroy(systemRunner(), kube.context, kube.namespace, 120_000), /is deleted\.$/, "the namespace is gone, and with it every Secret and PVC");
        const releases = sh("helm", ["--kube-context", kube.context, "list", "-A", "-q"]).stdout;
        assert.ok(!releases.split("\n").includes("todo-app"), "no Helm release left");
        // The provisioner deletes a released volume a few seconds after its claim.
        const claimed = (): boolean => sh("kubectl", ["--context", kube.context, "get", "pv", "-o", "jsonpath={.items[*].spec.claimRef.namespace}"]).stdout.split(" ").includes(NAMESPACE);
        for (let i = 0; i < 30 && claimed(); i++) {
            await new Promise((r) => setTimeout(r, 2000));
        }
        assert.ok(!claimed(), "no volume left claimed for the namespace");
        const state = stack.stateText();
        const leaked = [...secretValues].filter((v) => state.includes(v) || printed.some((p) => p.includes(v)));
        assert.deepStrictEqual(leaked.map((v) => `${v.slice(0, 4)}…`), [], "a secret in plaintext in the state or the output");
        assert.ok(secretValues.size >= 4 && state.includes("kubernetes:helm.sh/v3:Release"), "the check covered the given and generated secrets, in a state that was read");
        sh("kubectl", ["--context", kube.context, "delete", "namespace", EXTERNAL_NAMESPACE, "--ignore-not-found", "--wait=false"]);
        console.log(`      destroy: ${JSON.stringify(run.counts)}; ${secretValues.size} secret values absent from ${state.length} bytes of state and ${printed.join("").length} of output`);
    });
});
