// Issue 33: prod for real. A stack with environment prod, deployed by the real engine to the
// local cluster: images pushed to an authenticated TLS registry (CNCF Distribution, built
// here) and deployed by digest, pulled through the program's pull Secret, and both public
// hosts served over HTTPS by a real Ingress controller (Traefik, built here). See
// docs/DEPLOYMENT.md, "Prod", for the same steps on a cluster of your own.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stackConfig } from "../program/harness";
import { AppView } from "../e2e/appView";
import { Kube, sh } from "../../scripts/lib/cluster";
import { namespaceAfterDestroy } from "../../scripts/lib/namespaceAfterDestroy";
import { systemRunner } from "../../components/shared/commandRunner";
import { copyRunnableProject } from "../../scripts/lib/projectCopy";
import { changes, ENGINE_ENV, EngineFailed, EngineStack, prepareStage } from "../e2e/engine";
import { EXTERNAL_NAMESPACE, startExternalDb } from "../e2e/externalServices";
import { buildTestImages, POSTGRES_STANDIN } from "../e2e/testImages";
import { httpsRequest, registryDigest } from "./httpsProbe";
import { HTTPS_NODE_PORT, INGRESS_CLASS, startTraefik, stopTraefik, TRAEFIK_NAMESPACE } from "./traefik";
import { ProdServers, startServers, stopServers } from "./servers";

const NAMESPACE = "todo-prod";
const WEB = `https://todo.prod.test:${HTTPS_NODE_PORT}`;
const CHATBOT = `https://chat.todo.prod.test:${HTTPS_NODE_PORT}`;
const BACKEND_NODE_PORT = 30012;
/** The prod replica counts of Pulumi.prod.yaml: backend 3, each frontend 2. */
const APP_PODS = 7;

describe("prod for real: registry with TLS and auth, deploy by digest, HTTPS through an Ingress", function () {
    this.bail(true);
    let servers: ProdServers;
    let kube: Kube;
    let view: AppView;
    let stack: EngineStack;

    /** Each pod's image, by the workload it belongs to. */
    const podImages = (): Array<{ pod: string; image: string; imageID: string }> =>
        view.kube.json<{ items: Array<{ metadata: { name: string }; spec: { containers: Array<{ image: string }> }; status: { containerStatuses?: Array<{ imageID: string }> } }> }>(["get", "pods"])
            .items.map((p) => ({ pod: p.metadata.name, image: p.spec.containers[0].image, imageID: p.status.containerStatuses?.[0]?.imageID ?? "" }));

    /** Every pod runs `<registry>/todo/<service>@sha256:…`, the digest the registry holds for that image's tag. */
    const assertDeployedByDigest = async (images: Record<string, string>): Promise<string[]> => {
        const lines: string[] = [];
        for (const { pod, image, imageID } of podImages()) {
            // The content tag stays in the reference for people; the digest is what the kubelet pulls.
            const m = new RegExp(`^${servers.registry.replace(/\./g, "\\.")}/todo/([a-z-]+):([0-9a-f]{16})@(sha256:[0-9a-f]{64})$`).exec(image);
            assert.ok(m, `pod ${pod} runs ${image}, not <registry>/todo/<name>:<tag>@sha256:<digest>`);
            const [, name, tag, digest] = m;
            assert.ok(Object.values(images).includes(image), `the images output names what runs: ${JSON.stringify(images)}`);
            const held = await registryDigest(servers.registry, `todo/${name}`, tag, { user: servers.user, password: servers.password, ca: servers.ca });
            assert.strictEqual(digest, held, `pod ${pod}: digest ${digest} but the registry holds ${held} for ${name}:${tag}`);
            assert.ok(imageID.endsWith(held), `pod ${pod} pulled ${imageID}`);
            lines.push(`${name}:${tag}@${held} = registry's digest of ${name}:${tag} (pod ${pod})`);
        }
        return [...new Set(lines.map((l) => l.replace(/ \(pod .*\)$/, "")))];
    };

    /** A todo created, listed and deleted through the web UI's public host, over HTTPS. */
    const roundTrip = async (): Promise<void> => {
        const json = { "content-type": "application/json", accept: "application/json" };
        const created = await httpsRequest(`${WEB}/api/todos`, { method: "POST", ca: servers.ca, headers: json, body: JSON.stringify({ title: "prod stage" }) });
        assert.ok(created.status === 200 || created.status === 201, `create: ${created.status} ${created.body}`);
        const id = (JSON.parse(created.body) as { id: string | number }).id;
        const listed = await httpsRequest(`${WEB}/api/todos`, { ca: servers.ca, headers: json });
        assert.ok(listed.body.includes("prod stage"), `list: ${listed.status} ${listed.body.slice(0, 200)}`);
        const deleted = await httpsRequest(`${WEB}/api/todos/${id}`, { method: "DELETE", ca: servers.ca, headers: json });
        assert.ok(deleted.status < 300, `delete: ${deleted.status} ${deleted.body}`);
    };

    before(async function () {
        this.timeout(30 * 60_000);
        const cluster = prepareStage(NAMESPACE, EXTERNAL_NAMESPACE, TRAEFIK_NAMESPACE);
        kube = new Kube(cluster.kubeContext, NAMESPACE);
        view = new AppView(kube);
        servers = startServers(cluster);
        startTraefik(cluster.kubeContext, servers.traefikImage);
        buildTestImages(cluster, [POSTGRES_STANDIN]);
        const databaseUrl = startExternalDb(cluster.kubeContext, POSTGRES_STANDIN, `prod-db-${Date.now()}`);
        const config = {
            ...stackConfig("prod"),
            kubeContext: cluster.kubeContext,
            nodeAddress: cluster.nodeAddress,
            registry: `${servers.registry}/todo`,
            registryUsername: servers.user,
            publicUrl: WEB,
            chatbotPublicUrl: CHATBOT,
            ingressClassName: INGRESS_CLASS,
            ingressTlsCertificate: fs.readFileSync(servers.tlsCert, "utf8"),
            // The backend on a NodePort too, so the CORS preflight from the public origins can be sent here.
            backendNodePort: BACKEND_NODE_PORT,
            releaseTimeoutSeconds: 300,
        };
        const secrets = {
            databaseUrl,
            betterAuthSecret: "prod-stage-auth-secret-0123456789abcdef012345",
            registryPassword: servers.password,
            ingressTlsKey: fs.readFileSync(servers.tlsKey, "utf8"),
        };
        stack = await EngineStack.create("prod", copyRunnableProject(), config, secrets);
    });

    after(function () {
        this.timeout(5 * 60_000);
        if (process.env.KEEP_PROD_STAGE) return;
        stopTraefik(kube.context);
        sh("kubectl", ["--context", kube.context, "delete", "namespace", EXTERNAL_NAMESPACE, "--ignore-not-found", "--wait=false"]);
        stopServers();
    });

    it("a0. bad input for prod fails first, naming the setting and its fix; nothing is created", async function () {
        this.timeout(10 * 60_000);
        const refused = async (config: Record<string, unknown>, secrets: Record<string, string>, expected: RegExp): Promise<string> => {
            await stack.setConfig(config, secrets);
            const e = await stack.preview().then(() => undefined, (err: unknown) => err);
            assert.ok(e instanceof EngineFailed, `refused: ${String(e)}`);
            const line = `${e.message}\n${e.run.output}`.split("\n").find((l) => expected.test(l));
            assert.ok(line, `${expected}:\n${e.message}\n${e.run.output.slice(-2000)}`);
            return line.trim();
        };
        const lines = [
            await refused({}, { registryPassword: "not-the-password" }, /The registry 127\.0\.0\.1:5443 refused registryUsername 'pusher'.*401 Unauthorized.*Fix: pulumi config set -s prod --secret registryPassword/),
            await refused({ registry: "127.0.0.1:5999/todo" }, { registryPassword: servers.password }, /The registry 127\.0\.0\.1:5999 could not be logged in to \(.*connection refused\)/),
            await refused({ registry: `${servers.registry}/todo`, publicUrl: WEB.replace("https:", "http:") }, {}, /todo-app:publicUrl = "http:\/\/todo\.prod\.test:30443": a prod stack serves its UI over https/),
        ];
        await stack.setConfig({ publicUrl: WEB });
        assert.strictEqual(sh("kubectl", ["--context", kube.context, "get", "namespace", NAMESPACE], { allowFailure: true }).code, 1, "no namespace was created");
        console.log(`      ${lines.map((l) => l.slice(0, 300)).join("\n      ")}`);
    });

    it("a. `pulumi up`: every pod runs <registry>/…@sha256:<digest>, the registry's digest, pulled with the pull Secret", async function () {
        this.timeout(30 * 60_000);
        const run = await stack.up();
        await view.waitReady(APP_PODS);
        const digests = await assertDeployedByDigest(run.outputs.images as Record<string, string>);
        const pullSecrets = kube.json<{ spec: { template: { spec: { imagePullSecrets?: Array<{ name: string }> } } } }>(["get", "deployment", "todo-app-backend"]).spec.template.spec.imagePullSecrets;
        assert.ok(pullSecrets?.length === 1, "the pods name the program's pull Secret");
        console.log(`      up: ${JSON.stringify(run.counts)}\n      ${digests.join("\n      ")}\n      pull Secret: ${pullSecrets[0].name}`);
    });

    it("b. both hosts answer over HTTPS through the Ingress (the stage's CA only); round trip, CORS preflight, URL outputs", async function () {
        this.timeout(5 * 60_000);
        const outputs = await stack.stackOutputs();
        assert.strictEqual(outputs.frontendWebUrl, WEB);
        assert.strictEqual(outputs.frontendChatbotUrl, CHATBOT);
        for (const url of [WEB, CHATBOT]) {
            const health = await httpsRequest(`${url}/api/health`, { ca: servers.ca });
            assert.strictEqual(health.status, 200, `${url}/api/health: ${health.status} ${health.body}`);
        }
        await roundTrip();
        for (const origin of [WEB, CHATBOT]) {
            const r = sh("curl", ["-s", "-o", "/dev/null", "-D", "-", "-X", "OPTIONS", "-H", `Origin: ${origin}`, "-H", "Access-Control-Request-Method: POST", `http://127.0.0.1:${BACKEND_NODE_PORT}/api/todos`]).stdout;
            assert.match(r, new RegExp(`access-control-allow-origin: ${origin.replace(/\./g, "\\.")}`, "i"), `preflight from ${origin}:\n${r}`);
        }
        const foreign = sh("curl", ["-s", "-o", "/dev/null", "-D", "-", "-X", "OPTIONS", "-H", "Origin: https://evil.example", "-H", "Access-Control-Request-Method: POST", `http://127.0.0.1:${BACKEND_NODE_PORT}/api/todos`]).stdout;
        assert.doesNotMatch(foreign, /access-control-allow-origin/i, "a foreign origin is not allowed");
        // Negative control: a client that trusts only the system's CAs refuses the certificate.
        const strict = sh("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--resolve", `todo.prod.test:${HTTPS_NODE_PORT}:127.0.0.1`, `${WEB}/api/health`], { allowFailure: true });
        assert.notStrictEqual(strict.code, 0, "the stage's certificate is not trusted without its CA");
        console.log(`      https: ${WEB} and ${CHATBOT} 200; todo round trip; preflight allowed from both, refused from evil.example`);
    });

    it("c. a no-op preview is clean, and a one-file change pushes one new digest and rolls one Deployment", async function () {
        this.timeout(20 * 60_000);
        const preview = await stack.preview(true);
        assert.deepStrictEqual(Object.keys(preview.counts), ["same"], JSON.stringify(preview.counts));
        const rs = view.replicaSets();
        fs.appendFileSync(path.join(stack.projectDir, "apps", "backend", "app", "__init__.py"), "\n# prod stage: a one-line change\n");
        const run = await stack.up();
        assert.deepStrictEqual(changes(run), ["update Image images-backend", "update Release release"]);
        await view.waitReady(APP_PODS);
        assert.deepStrictEqual(view.rolledSince(rs), ["todo-app-backend"]);
        const digests = await assertDeployedByDigest(run.outputs.images as Record<string, string>);
        console.log(`      no-op preview ${JSON.stringify(preview.counts)}; one file: ${JSON.stringify(run.counts)}, new ReplicaSet todo-app-backend\n      ${digests.join("\n      ")}`);
    });

    it("d. negative control: the pull Secret's credentials removed, the new image cannot be pulled and the program names ErrImagePull", async function () {
        this.timeout(20 * 60_000);
        const name = kube.json<{ spec: { template: { spec: { imagePullSecrets: Array<{ name: string }> } } } }>(["get", "deployment", "todo-app-backend"]).spec.template.spec.imagePullSecrets[0].name;
        const original = kube.json<{ data: Record<string, string> }>(["get", "secret", name]).data[".dockerconfigjson"];
        const wrong = { auths: { [servers.registry]: { auth: Buffer.from(`${servers.user}:not-the-password`).toString("base64") } } };
        // Through a private file: a Secret's data never reaches a command line.
        const patch = (value: string): void => {
            const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "todo-prod-patch-")), "patch.json");
            fs.writeFileSync(file, JSON.stringify({ data: { ".dockerconfigjson": value } }), { mode: 0o600 });
            kube.kubectl(["patch", "secret", name, "--type", "merge", "--patch-file", file]);
            fs.rmSync(path.dirname(file), { recursive: true });
        };
        patch(Buffer.from(JSON.stringify(wrong)).toString("base64"));
        // Content no earlier run built, so the node cannot have the image already.
        fs.appendFileSync(path.join(stack.projectDir, "apps", "backend", "app", "__init__.py"), `\n# prod stage: an image that cannot be pulled (${Date.now()})\n`);
        // `npm run up`, which ends the update on the program's verdict instead of Helm's timeout.
        const r = sh("npx", ["ts-node", "scripts/run.ts", "up", "--stack", "prod"], { cwd: stack.projectDir, allowFailure: true, env: { ...ENGINE_ENV, PULUMI_BACKEND_URL: `file://${stack.stateDir}` } });
        const text = `${r.stdout}\n${r.stderr}`;
        assert.notStrictEqual(r.code, 0, text.slice(-3000));
        const cause = text.split("\n").find((l) => /- pod todo-app-backend-\S+: ImagePull: /.test(l));
        assert.ok(cause, `the program's diagnosis names the pull failure:\n${text.slice(-4000)}`);
        assert.match(cause, /401|unauthorized|authorization failed/i);
        const health = await httpsRequest(`${WEB}/api/health`, { ca: servers.ca });
        assert.strictEqual(health.status, 200, "the previous release keeps serving");
        // Restored, the same change deploys: nothing to push, the Release rolls the backend.
        patch(original);
        const run = await stack.up();
        await view.waitReady(APP_PODS);
        await assertDeployedByDigest(run.outputs.images as Record<string, string>);
        console.log(`      ${cause.trim().slice(0, 110)} … ${/failed with status code[^"]*/.exec(cause)?.[0] ?? cause.slice(-120)}\n      restored: ${JSON.stringify(run.counts)}: ${changes(run).join(", ")}`);
    });

    it("e. `pulumi destroy` leaves no namespace, Secret or Ingress; the registry keeps its images", async function () {
        this.timeout(15 * 60_000);
        const run = await stack.destroy();
        assert.deepStrictEqual(Object.keys(run.counts), ["delete"], JSON.stringify(run.counts));
        assert.match(await namespaceAfterDestroy(systemRunner(), kube.context, NAMESPACE, 120_000), /is deleted\.$/);
        const ingresses = sh("kubectl", ["--context", kube.context, "get", "ingress", "-A", "-o", "name"]).stdout.trim();
        assert.strictEqual(ingresses, "", "no Ingress left");
        const tags = await httpsRequest(`https://${servers.registry}/v2/todo/todo-backend/tags/list`, { ca: servers.ca, headers: { authorization: `Basic ${Buffer.from(`${servers.user}:${servers.password}`).toString("base64")}` } });
        console.log(`      destroy: ${JSON.stringify(run.counts)}; namespace gone; registry still lists ${tags.body.trim()}`);
    });
});
