// Issue 23 end to end: the fixture repository (tests/fixtures/existing-repo: root-context
// Dockerfiles, a chart with only runAsNonRoot/runAsUser, a required OPENAI_API_KEY, a chatbot
// declaring VITE_API_URL, a backend allowing CORS from FRONTEND_URL) deployed by the real engine
// with the stack settings docs/EXISTING-REPO.md gives. Runs after e2e.test.ts has destroyed its
// stack: one deployment at a time. Traffic goes to 127.0.0.1 only.
import * as assert from "assert";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { Kube } from "../../scripts/lib/cluster";
import { namespaceAfterDestroy } from "../../scripts/lib/namespaceAfterDestroy";
import { systemRunner } from "../../components/shared/commandRunner";
import { copyRunnableProject } from "../../scripts/lib/projectCopy";
import { EXISTING_REPO_CONFIG } from "../chart/existingRepoConfig";
import { PROJECT_ROOT } from "../program/harness";
import { clusterSettings, EngineFailed, EngineStack, prepareStage } from "./engine";
import { npmRunPreview, objectChanges, withEdit } from "./previewStage";

const NAMESPACE = "todo-existing";
const PORTS = { backend: 30002, frontendWeb: 30000, frontendChatbot: 30001 };
const AUTH_SECRET = "e2e-existing-repo-auth-secret-0123456789";

interface Answer {
    readonly status: number;
    readonly headers: http.IncomingHttpHeaders;
    readonly body: string;
}

/** One request to a NodePort on 127.0.0.1, bounded by a 10 s timeout. */
function request(port: number, urlPath: string, method = "GET", headers: Record<string, string> = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port, path: urlPath, method, headers, timeout: 10_000 }, (res) => {
            let body = "";
            res.on("data", (chunk: Buffer) => (body += chunk.toString()));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on("timeout", () => req.destroy(new Error(`GET 127.0.0.1:${port}${urlPath} timed out`)));
        req.on("error", reject);
        req.end();
    });
}

describe("an existing repository deployed by the real engine, as docs/EXISTING-REPO.md says", function () {
    this.bail(true);
    let stack: EngineStack;
    let kube: Kube;

    before(async function () {
        this.timeout(10 * 60_000);
        const cluster = prepareStage(NAMESPACE);
        kube = new Kube(cluster.kubeContext, NAMESPACE);
        const project = copyRunnableProject();
        fs.cpSync(path.join(PROJECT_ROOT, EXISTING_REPO_CONFIG.sourceRoot), path.join(project, EXISTING_REPO_CONFIG.sourceRoot), { recursive: true });
        const config = {
            ...EXISTING_REPO_CONFIG,
            podSecurityLevel: "restricted",
            ...clusterSettings(cluster),
            namespace: NAMESPACE,
            frontendWebNodePort: PORTS.frontendWeb,
            frontendChatbotNodePort: PORTS.frontendChatbot,
        };
        // Their backend needs a DATABASE_URL (their chart has no PostgreSQL) but never connects here.
        stack = await EngineStack.create("existing", project, config, { databaseUrl: "postgresql://todo:unused@db.invalid:5432/todo", betterAuthSecret: AUTH_SECRET });
    });

    it("with Pod Security restricted, `up` fails in seconds before any resource, naming workload, fields and both fixes", async function () {
        this.timeout(5 * 60_000);
        const started = Date.now();
        const failed = await stack.up().then(() => undefined, (e: unknown) => e);
        const seconds = (Date.now() - started) / 1000;
        assert.ok(failed instanceof EngineFailed, `the up must fail: ${String(failed)}`);
        const text = failed.run.output + failed.message;
        assert.match(text, /Deployment todo-app-backend would be rejected by the namespace's Pod Security level "restricted" \(container "backend": securityContext\.allowPrivilegeEscalation/);
        assert.match(text, /pulumi config set -s existing podSecurityLevel baseline/);
        const created = failed.run.steps.filter((s) => s.done && s.op !== "same");
        assert.deepStrictEqual(created, [], "nothing created");
        assert.match(kube.kubectl(["get", "namespace", NAMESPACE], { allowFailure: true }).stderr, /NotFound/);
        const quoted = text.split("\n").find((l) => l.includes("would be rejected"))!.trim();
        console.log(`      refused in ${seconds.toFixed(1)} s, nothing created: ${quoted}`);
    });

    it("with baseline: deployed, pods Ready, health through the NodePorts, CORS from the web UI's URL, URLs baked in", async function () {
        this.timeout(20 * 60_000);
        await stack.setConfig({ podSecurityLevel: "baseline" });
        const run = await stack.up();
        // "same": the stack itself, which the refused run registered.
        assert.deepStrictEqual(run.counts.same, 1, JSON.stringify(run.counts));
        assert.deepStrictEqual(Object.keys(run.counts).sort(), ["create", "same"], JSON.stringify(run.counts));
        assert.strictEqual(kube.json<{ metadata: { labels: Record<string, string> } }>(["get", "namespace", NAMESPACE]).metadata.labels["pod-security.kubernetes.io/enforce"], "baseline");
        // Their pods carry only an `app` label: every Deployment rolled out, 2 replicas each (the default).
        kube.kubectl(["rollout", "status", "deployment", "--timeout=180s"]);
        const ready = kube.json<{ items: Array<{ status: { readyReplicas?: number } }> }>(["get", "deployments"]).items.map((d) => d.status.readyReplicas);
        assert.deepStrictEqual(ready, [2, 2, 2]);
        const health = await Promise.all([request(PORTS.backend, "/health"), request(PORTS.frontendWeb, "/api/health"), request(PORTS.frontendChatbot, "/api/health")]);
        assert.deepStrictEqual(health.map((h) => h.status), [200, 200, 200], health.map((h) => h.body).join(" | "));
        const web = String(run.outputs.frontendWebUrl);
        const preflight = await request(PORTS.backend, "/health", "OPTIONS", { Origin: web, "Access-Control-Request-Method": "GET" });
        assert.strictEqual(preflight.status, 200, `CORS preflight from ${web}: ${preflight.body}`);
        assert.strictEqual(preflight.headers["access-control-allow-origin"], web);
        const chatbot = (await request(PORTS.frontendChatbot, "/")).body;
        assert.ok(chatbot.includes(`<p id="api">${String(run.outputs.backendPublicUrl)}</p>`), `VITE_API_URL baked in: ${chatbot}`);
        assert.ok(chatbot.includes("chat disabled"), "OPENAI_API_KEY present and empty");
        assert.ok((await request(PORTS.frontendWeb, "/")).body.includes(`<p id="api">${String(run.outputs.backendPublicUrl)}</p>`));
        console.log(`      up: ${JSON.stringify(run.counts)}; health 200 ×3; preflight from ${web} → 200; chatbot bakes ${String(run.outputs.backendPublicUrl)}`);
    });

    it("`npm run preview` names the object and field a one-line chart edit changes, and a rotation's Secret names, never a value", async function () {
        this.timeout(15 * 60_000);
        // Negative control: nothing edited, no object changes.
        assert.deepStrictEqual(objectChanges(npmRunPreview(stack, "existing")), ["no object changes"]);
        // The pull request issue 25 describes: the backend's grace period raised in the template.
        const template = `${EXISTING_REPO_CONFIG.chartPath}/templates/backend.yaml`;
        const edited = await withEdit(stack, template, "terminationGracePeriodSeconds: 30", "terminationGracePeriodSeconds: 45", () => objectChanges(npmRunPreview(stack, "existing")));
        assert.deepStrictEqual(edited, ["~ Deployment todo-app-backend: spec.template.spec.terminationGracePeriodSeconds 30 → 45"]);
        // A rotation previewed, not applied: the Secret every Deployment reads gets a new name.
        const rotated = "e2e-existing-repo-auth-secret-ROTATED-0123456789";
        await stack.setConfig({}, { betterAuthSecret: rotated });
        const output = npmRunPreview(stack, "existing");
        await stack.setConfig({}, { betterAuthSecret: AUTH_SECRET });
        const rotation = objectChanges(output).join("\n");
        // The replacement Secret's name, as the provider plans it in the preview.
        for (const d of ["backend", "frontend-web", "frontend-chatbot"]) {
            const m = new RegExp(`~ Deployment todo-app-${d}: spec\\.template\\.spec\\.containers\\[0\\]\\.envFrom\\[1\\]\\.secretRef\\.name (secrets-backend-\\S+) → (secrets-backend-\\S+)$`, "m").exec(rotation);
            assert.ok(m && m[1] !== m[2], rotation);
        }
        assert.ok(!output.includes(rotated) && !output.includes(AUTH_SECRET), "no secret value in the preview's output");
        console.log(`      chart edit:\n        ${edited.join("\n        ")}\n      rotation:\n${rotation.replace(/^/gm, "        ")}`);
    });

    it("a no-op preview and up change nothing; destroy leaves nothing", async function () {
        this.timeout(15 * 60_000);
        const preview = await stack.preview(true);
        assert.deepStrictEqual(Object.keys(preview.counts), ["same"], JSON.stringify(preview.counts));
        const run = await stack.up();
        assert.deepStrictEqual(Object.keys(run.counts), ["same"], JSON.stringify(run.counts));
        const destroyed = await stack.destroy();
        assert.deepStrictEqual(Object.keys(destroyed.counts), ["delete"], JSON.stringify(destroyed.counts));
        assert.match(await namespaceAfterDestroy(systemRunner(), kube.context, kube.namespace, 120_000), /is deleted\.$/);
        console.log(`      no-op: preview ${JSON.stringify(preview.counts)}, up ${JSON.stringify(run.counts)}; destroy ${JSON.stringify(destroyed.counts)}`);
    });
});
