// Issue 7: one test per known failure mode of Helm Releases, docker builds and Minikube
// networking. Each would fail if the defence regressed.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { assertLoadableRef } from "../../components/images/imageLoad";
import { dockerProviderArgs, parseDockerEnv } from "../../components/cluster/minikube";
import { byType, copyProject, fakeHost, PROD_CONFIG, PROD_SECRETS, ProgramFailed, runProgram, single, T, loadCommands } from "./harness";

const fixture = (f: string): string => fs.readFileSync(path.join(__dirname, "fixtures", f), "utf8");

describe("known failure modes", () => {
    it("1. chart edits ship: a template edit changes the Release inputs, an untouched chart leaves them identical", async () => {
        const root = copyProject();
        const run = async (): Promise<Record<string, unknown>> => single((await runProgram({ projectRoot: root })).resources, T.release).inputs;
        const first = await run();
        assert.deepStrictEqual(await run(), first, "untouched chart: identical Release inputs");
        const templates = path.join(root, "charts", "todo-app", "templates");
        const template = fs.readdirSync(templates).find((f) => f.endsWith(".yaml"))!;
        fs.appendFileSync(path.join(templates, template), "\n# an edit without a Chart.yaml version bump\n");
        const edited = await run();
        assert.notDeepStrictEqual(edited, first);
        const checksum = (inputs: Record<string, unknown>): string => (inputs.values as { chartChecksum: string }).chartChecksum;
        assert.notStrictEqual(checksum(edited), checksum(first), "the edit shows up as a new chartChecksum");
    });

    it("2. the chart path is relative to the project, so the input is identical on every machine", async () => {
        const here = single((await runProgram()).resources, T.release).inputs;
        const elsewhere = single((await runProgram({ projectRoot: copyProject() })).resources, T.release).inputs;
        assert.strictEqual(here.chart, "charts/todo-app");
        assert.ok(!path.isAbsolute(String(here.chart)));
        assert.strictEqual(elsewhere.chart, here.chart);
        assert.deepStrictEqual(elsewhere.values, here.values, "a checkout in another directory previews no change");
    });

    it("3. buildOnPreview is a per-stack setting handed to every image build", async () => {
        for (const flag of [true, false]) {
            const images = byType((await runProgram({ config: { buildOnPreview: flag }, preview: true })).resources, T.image);
            assert.strictEqual(images.length, 3);
            assert.ok(images.every((i) => i.inputs.buildOnPreview === flag), `buildOnPreview ${flag}`);
        }
    });

    it("4. builds land in Minikube: the docker provider comes from docker-env (host + TLS cert path); plain tcp is refused", async () => {
        assert.deepStrictEqual(dockerProviderArgs(parseDockerEnv(fixture("minikube-docker-env.txt")), "minikube"), {
            host: "tcp://192.168.49.2:2376",
            certPath: "/home/dev/.minikube/certs",
        });
        const exported = 'export DOCKER_TLS_VERIFY="1"\nexport DOCKER_HOST="tcp://127.0.0.1:58213"\nexport DOCKER_CERT_PATH="/Users/dev/.minikube/certs"\n';
        assert.deepStrictEqual(dockerProviderArgs(parseDockerEnv(exported), "minikube"), { host: "tcp://127.0.0.1:58213", certPath: "/Users/dev/.minikube/certs" });
        assert.throws(() => dockerProviderArgs(parseDockerEnv(fixture("minikube-docker-env-no-tls.txt")), "minikube"), /without TLS.*requires TLS/s);
        const host = fakeHost({ "minikube -p minikube docker-env --shell none": fixture("minikube-docker-env-no-tls.txt") });
        await assert.rejects(runProgram({ host }), (e: unknown) => e instanceof ProgramFailed && /without TLS/.test(e.message) && e.resources.length === 0);
    });

    it("5. stale images: the load command re-runs exactly when the ref changes, and never loads latest or <none>", async () => {
        const root = copyProject();
        const config = { imageLoad: "minikube-image-load" };
        const host = fakeHost({ "minikube profile list -o json": fixture("minikube-profile-list-containerd.json") });
        const loads = async (): Promise<Map<string, { create: string; triggers: string[] }>> => {
            const commands = loadCommands((await runProgram({ projectRoot: root, config, host })).resources);
            return new Map(commands.map((c) => [c.name, c.inputs as { create: string; triggers: string[] }]));
        };
        const before = await loads();
        assert.strictEqual(before.size, 3);
        const built = async (): Promise<string[]> => byType((await runProgram({ projectRoot: root, config, host })).resources, T.image).map((i) => String(i.inputs.imageName)).sort();
        const refs = await built();
        for (const { create, triggers } of before.values()) {
            assert.match(create, /^minikube -p minikube image load todo-[a-z-]+:[0-9a-f]{16}$/);
            assert.strictEqual(triggers.length, 1);
            assert.ok(refs.includes(triggers[0]), `keyed on a built image's ref: ${triggers[0]} not in ${refs.join(", ")}`);
        }
        assert.deepStrictEqual(await loads(), before, "unchanged sources: no re-run");
        fs.appendFileSync(path.join(root, "apps", "frontend-chatbot", "package.json"), "\n");
        const after = await loads();
        const changed = [...after.keys()].filter((k) => after.get(k)!.create !== before.get(k)!.create);
        assert.deepStrictEqual(changed, ["images-frontend-chatbot-load"]);
        for (const bad of ["", "todo-backend:latest", "<none>:<none>", "todo-backend", "localhost:5000/todo-backend"]) {
            assert.throws(() => assertLoadableRef(bad), /Refusing to load image ref/, `'${bad}' must be refused`);
        }
        assert.doesNotThrow(() => assertLoadableRef("localhost:5000/todo-backend:0123456789abcdef"));
    });

    it("6. unreachable NodePorts: the docker driver on macOS, Windows or WSL gets empty URLs and a log line with the exact minikube command, Linux gets the URL", async () => {
        const linux = (await runProgram({ host: fakeHost({}, "linux") })).outputs;
        assert.strictEqual(linux.frontendWebUrl, "http://192.168.49.2:30000");
        assert.strictEqual(linux.frontendChatbotUrl, "http://192.168.49.2:30001");
        for (const [platform, wsl] of [["darwin", false], ["win32", false], ["linux", true]] as const) {
            const { outputs, infos } = await runProgram({ host: fakeHost({}, platform, wsl) });
            assert.deepStrictEqual([outputs.frontendWebUrl, outputs.frontendChatbotUrl], ["", ""], "URL outputs hold URLs only");
            const advice = infos.filter((l) => / is empty: NodePorts of 192\.168\.49\.2 are not reachable from this machine/.test(l));
            assert.match(advice[0], /^frontendWebUrl is empty: .*run: minikube -p minikube service todo-app-frontend-web -n todo-dev --url$/);
            assert.match(advice[1], /^frontendChatbotUrl is empty: .*run: minikube -p minikube service todo-app-frontend-chatbot -n todo-dev --url$/);
        }
        const tunnelled = (await runProgram({ host: fakeHost({}, "darwin"), config: { nodeAddress: "127.0.0.1" } })).outputs;
        assert.strictEqual(tunnelled.frontendWebUrl, "http://127.0.0.1:30000", "a configured nodeAddress is trusted");
    });

    it("7. wrong cluster: a dev stack refuses a context that is not a Minikube profile, and nothing uses the current context", async () => {
        // What minikube v1.38.1 lists (fixtures/minikube-none/capture.sh): its one profile, running.
        const host = fakeHost({ "minikube profile list -o json": fixture("minikube-none/profile-list.json") });
        await assert.rejects(
            runProgram({ host, config: { minikubeProfile: "docker-desktop" } }),
            (e: unknown) => e instanceof ProgramFailed && /Minikube profile 'docker-desktop' does not exist \(profiles: minikube\)/.test(e.message) && e.resources.length === 0,
        );
        // The same profile after `minikube stop`, as listed then: refused with the start command, nothing registered.
        await assert.rejects(
            runProgram({ host: fakeHost({ "minikube profile list -o json": fixture("minikube-none/profile-list-stopped.json") }) }),
            (e: unknown) => e instanceof ProgramFailed && /Minikube profile 'minikube' is Stopped, not Running\. Fix: minikube start -p minikube/.test(e.message) && e.resources.length === 0,
        );
        for (const [stack, config, secrets] of [["dev", {}, {}], ["prod", PROD_CONFIG, PROD_SECRETS]] as const) {
            const { resources } = await runProgram({ stack, config, secrets });
            const provider = single(resources, T.k8sProvider);
            assert.strictEqual(provider.inputs.context, stack === "dev" ? "minikube" : "prod");
            // No kubeconfig of its own: the SDK's default (the KUBECONFIG file, else ~/.kube/config);
            // only the context inside it is pinned.
            assert.strictEqual(provider.inputs.kubeconfig, process.env.KUBECONFIG);
            for (const r of resources.filter((x) => x.type.startsWith("kubernetes:"))) {
                assert.match(String(r.provider), /::cluster-kubernetes::/, `${r.type} ${r.name}`);
            }
        }
    });

    it("8. a failed release rolls back: atomic, cleanup on fail, bounded timeout from config, history kept", async () => {
        const release = single((await runProgram({ config: { releaseTimeoutSeconds: 420, releaseHistory: 5 } })).resources, T.release).inputs;
        assert.strictEqual(release.atomic, true);
        assert.strictEqual(release.cleanupOnFail, true);
        assert.strictEqual(release.timeout, 420);
        assert.strictEqual(release.maxHistory, 5);
        const defaults = single((await runProgram()).resources, T.release).inputs;
        assert.strictEqual(defaults.timeout, 600);
        assert.strictEqual(defaults.maxHistory, 10);
    });
});
