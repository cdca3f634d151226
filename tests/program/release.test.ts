// The values handed to the Release, the names they depend on, and the other cluster targets.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { chartFullname } from "../../components/release/chartNames";
import { byType, copyProject, fakeHost, mockAutoName, RecordedResource, runProgram, releaseValuesOf, single, T, loadCommands } from "./harness";

/** The name the (mock) provider gave a Secret registered without one. */
function providerNamed(resources: readonly RecordedResource[], name: string): string {
    const secret = byType(resources, T.secret).find((r) => r.name === name)!;
    return mockAutoName(name, secret.inputs);
}

describe("release values", () => {
    it("carry the built image refs, NodePorts, the Secret's name and the in-cluster backend URL", async () => {
        const { resources, outputs } = await runProgram();
        const values = releaseValuesOf(resources);
        const built = new Map(byType(resources, T.image).map((i) => [i.name, String(i.inputs.imageName)]));
        for (const [service, dir] of [["backend", "backend"], ["frontendWeb", "frontend-web"], ["frontendChatbot", "frontend-chatbot"]] as const) {
            const v = values[service];
            assert.strictEqual(`${v.image.repository}:${v.image.tag}`, built.get(`images-${dir}`), `${service} deploys the image it built`);
            assert.strictEqual(v.image.pullPolicy, "IfNotPresent");
            assert.strictEqual(v.replicaCount, 2);
            assert.strictEqual((outputs.images as Record<string, string>)[service], built.get(`images-${dir}`));
        }
        assert.deepStrictEqual(values.frontendWeb.service, { type: "NodePort", port: 3000, nodePort: 30000 });
        assert.deepStrictEqual(values.frontendChatbot.service, { type: "NodePort", port: 3001, nodePort: 30001 });
        assert.deepStrictEqual(values.backend.service, { type: "ClusterIP", port: 8000, nodePort: null }, "null removes the chart's default NodePort");
        const backendUrl = "http://todo-app-backend.todo-dev.svc.cluster.local:8000";
        assert.strictEqual(values.frontendWeb.env.BACKEND_URL, backendUrl);
        assert.strictEqual(values.frontendWeb.env.API_URL, backendUrl, "the user's chart reads API_URL");
        assert.strictEqual(values.frontendChatbot.env.VITE_API_URL, backendUrl, "the user's chart reads VITE_API_URL");
        assert.strictEqual(outputs.backendUrl, backendUrl);
        assert.strictEqual(values.secrets.name, providerNamed(resources, "secrets-backend"), "the backend's Secret, by the name the provider gave it");
        assert.strictEqual(values.secrets.managed, false);
        assert.strictEqual(values.global.environment, "dev");
        assert.deepStrictEqual(values.backend.resources, { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } });
        const release = single(resources, T.release).inputs;
        assert.strictEqual(release.name, "todo-app");
        assert.strictEqual(release.namespace, "todo-dev");
    });

    it("are deterministic, and one edited backend file changes only the backend's tag", async () => {
        const root = copyProject();
        const tags = async (): Promise<Record<string, string>> => {
            const v = releaseValuesOf((await runProgram({ projectRoot: root })).resources);
            return { backend: v.backend.image.tag, frontendWeb: v.frontendWeb.image.tag, frontendChatbot: v.frontendChatbot.image.tag };
        };
        const first = await tags();
        assert.deepStrictEqual(await tags(), first, "same sources, same tags");
        const backendFile = fs.readdirSync(path.join(root, "apps", "backend"), { recursive: true, encoding: "utf8" }).find((f) => f.endsWith(".py") && !f.includes("test"))!;
        fs.appendFileSync(path.join(root, "apps", "backend", backendFile), "\n# edited\n");
        const second = await tags();
        assert.notStrictEqual(second.backend, first.backend);
        assert.strictEqual(second.frontendWeb, first.frontendWeb);
        assert.strictEqual(second.frontendChatbot, first.frontendChatbot);
    });

    it("extraValues merge over the computed values", async () => {
        const values = releaseValuesOf((await runProgram({ config: { extraValues: { backend: { env: { FEATURE_X: "on" } }, networkPolicy: { enabled: false } } } })).resources);
        assert.strictEqual(values.backend.env.FEATURE_X, "on");
        assert.strictEqual(values.backend.env.LOG_LEVEL, "info", "computed keys beside the extra ones survive");
        assert.deepStrictEqual(values.networkPolicy, { enabled: false });
    });

    it("a chart value the program does not compute (scheduling) passes through extraValues to the Release", async () => {
        const toleration = { key: "dedicated", operator: "Equal", value: "db", effect: "NoSchedule" };
        const { resources } = await runProgram({ config: { extraValues: { backend: { nodeSelector: { tier: "api" } }, postgresql: { tolerations: [toleration] } } } });
        const values = releaseValuesOf(resources);
        assert.deepStrictEqual(values.backend.nodeSelector, { tier: "api" });
        assert.deepStrictEqual(values.postgresql.tolerations, [toleration]);
    });
});

describe("release name and the chart's fullname rule", () => {
    it("a release name containing the chart name is the fullname", async () => {
        assert.strictEqual(chartFullname("todo-app", "todo-app"), "todo-app");
        assert.strictEqual(chartFullname("todo-app-staging", "todo-app"), "todo-app-staging");
        const { outputs } = await runProgram({ config: { releaseName: "todo-app-blue" } });
        assert.strictEqual(outputs.backendUrl, "http://todo-app-blue-backend.todo-dev.svc.cluster.local:8000");
        assert.strictEqual(outputs.releaseName, "todo-app-blue");
    });

    it("any other release name is prefixed to the chart name", async () => {
        assert.strictEqual(chartFullname("demo", "todo-app"), "demo-todo-app");
        assert.strictEqual(chartFullname("x".repeat(70), "todo-app").length, 63);
        const { resources, outputs } = await runProgram({ config: { releaseName: "demo" } });
        assert.strictEqual(outputs.backendUrl, "http://demo-todo-app-backend.todo-dev.svc.cluster.local:8000");
        assert.strictEqual(releaseValuesOf(resources).secrets.name, providerNamed(resources, "secrets-backend"));
        assert.strictEqual(single(resources, T.release).inputs.name, "demo", "pinned: no random suffix");
    });
});

describe("other cluster targets", () => {
    it("kind: context kind-<name>, images loaded with kind load docker-image", async () => {
        const host = fakeHost({
            "kind get clusters": "dev\n",
            "docker inspect -f {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}} dev-control-plane": "172.18.0.2\n",
        });
        const { resources, outputs } = await runProgram({ config: { target: "kind", kindCluster: "dev" }, host });
        assert.strictEqual(single(resources, T.k8sProvider).inputs.context, "kind-dev");
        const loads = loadCommands(resources).map((c) => String(c.inputs.create));
        assert.strictEqual(loads.length, 3);
        assert.ok(loads.every((c) => /^kind load docker-image --name dev todo-[a-z-]+:[0-9a-f]{16}$/.test(c)), loads.join("\n"));
        assert.strictEqual(outputs.frontendWebUrl, "http://172.18.0.2:30000");
        assert.ok(byType(resources, T.image).every((i) => !i.provider), "built on the host's daemon");
    });

    it("kind: a missing cluster is refused with the fix", async () => {
        await assert.rejects(runProgram({ config: { target: "kind", kindCluster: "nope" }, host: fakeHost({ "kind get clusters": "dev\n" }) }), /kind cluster 'nope' does not exist.*kind create cluster --name nope/);
    });

    it("context: the named context, the configured load command template, and the configured node address", async () => {
        const host = fakeHost();
        const { resources, outputs } = await runProgram({
            config: { target: "context", kubeContext: "k3d-dev", imageLoadCommand: "k3d image import -c dev {image}", nodeAddress: "127.0.0.1" },
            host,
        });
        // Nothing about the target: everything is configured; only the capacity check reads the pinned context.
        assert.deepStrictEqual(host.calls, ["kubectl --context k3d-dev get nodes -o json"], "nothing to ask: everything is configured");
        assert.strictEqual(single(resources, T.k8sProvider).inputs.context, "k3d-dev");
        const loads = loadCommands(resources).map((c) => String(c.inputs.create));
        assert.ok(loads.every((c) => /^k3d image import -c dev todo-[a-z-]+:[0-9a-f]{16}$/.test(c)), loads.join("\n"));
        assert.strictEqual(outputs.frontendWebUrl, "http://127.0.0.1:30000");
    });

    it("context without a node address: the URL outputs are empty, and a log line gives the port-forward command", async () => {
        const { outputs, infos } = await runProgram({ config: { target: "context", kubeContext: "k3d-dev", imageLoadCommand: "k3d image import {image}" } });
        assert.deepStrictEqual([outputs.frontendWebUrl, outputs.frontendChatbotUrl, outputs.backendPublicUrl], ["", "", ""]);
        assert.ok(infos.includes("frontendWebUrl is empty: the node address is unknown (set nodeAddress); run: kubectl --context k3d-dev -n todo-dev port-forward svc/todo-app-frontend-web 30000:3000"), infos.join("\n"));
    });
});
