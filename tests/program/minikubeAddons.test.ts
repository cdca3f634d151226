// Minikube's metrics-server and dashboard addons (components/cluster/minikubeAddons.ts): enabled before
// the Release on the Minikube target only, the same inputs on every run (a no-op stays a
// no-op), off with `minikubeAddons: ""`, and a bad name refused before any resource.
import * as assert from "assert";
import { byType, fakeHost, ProgramFailed, RecordedResource, runProgram, T } from "./harness";

function addonCommands(resources: readonly RecordedResource[]): Array<{ name: string; create: string; triggers: unknown }> {
    return byType(resources, T.command)
        .filter((c) => c.name.startsWith("minikube-addons-"))
        .map((c) => ({ name: c.name, create: String(c.inputs.create), triggers: c.inputs.triggers }));
}

describe("Minikube addons", () => {
    it("the dev stack on Minikube enables metrics-server and the dashboard of its profile", async () => {
        const { resources } = await runProgram();
        assert.deepStrictEqual(addonCommands(resources), [
            { name: "minikube-addons-metrics-server", create: "minikube -p minikube addons enable metrics-server", triggers: ["minikube", "metrics-server"] },
            { name: "minikube-addons-dashboard", create: "minikube -p minikube addons enable dashboard", triggers: ["minikube", "dashboard"] },
        ]);
    });

    it("registers identical inputs on a second run, so `pulumi up` has nothing to change", async () => {
        const [first, second] = [await runProgram(), await runProgram()];
        assert.deepStrictEqual(addonCommands(second.resources), addonCommands(first.resources));
    });

    it("is off with minikubeAddons set to empty, and follows a list", async () => {
        assert.deepStrictEqual(addonCommands((await runProgram({ config: { minikubeAddons: "" } })).resources), []);
        const only = addonCommands((await runProgram({ config: { minikubeAddons: "metrics-server, ingress" } })).resources);
        assert.deepStrictEqual(only.map((c) => c.name), ["minikube-addons-metrics-server", "minikube-addons-ingress"]);
    });

    it("does nothing on kind or a kubeconfig context", async () => {
        const kind = await runProgram({ config: { target: "kind", kindCluster: "dev" }, host: fakeHost({ "kind get clusters": "dev\n", "docker inspect -f {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}} dev-control-plane": "172.18.0.2\n" }) });
        const context = await runProgram({ config: { target: "context", kubeContext: "k3d-dev", imageLoadCommand: "true {image}", nodeAddress: "127.0.0.1" } });
        assert.deepStrictEqual([...addonCommands(kind.resources), ...addonCommands(context.resources)], []);
    });

    it("refuses a name that is no addon, before any resource, with the fix", async () => {
        await assert.rejects(runProgram({ config: { minikubeAddons: "metrics-server,rm -rf /" } }), (e: unknown) => {
            assert.ok(e instanceof ProgramFailed);
            assert.match(e.message, /minikubeAddons = "metrics-server,rm -rf \/".*'rm -rf \/' is not a Minikube addon name.*pulumi config set -s dev minikubeAddons metrics-server,dashboard/s);
            assert.strictEqual(e.resources.length, 0);
            return true;
        });
    });

    it("minikubeAddonImages: an addon's images passed to its enable (and its triggers), the others unchanged", async () => {
        const images = "MetricsServer=registry.k8s.io/metrics-server/metrics-server:v0.8.0";
        const commands = addonCommands((await runProgram({ config: { minikubeAddonImages: { "metrics-server": images } } })).resources);
        assert.deepStrictEqual(commands, [
            { name: "minikube-addons-metrics-server", create: `minikube -p minikube addons enable metrics-server --images=${images}`, triggers: ["minikube", "metrics-server", images] },
            { name: "minikube-addons-dashboard", create: "minikube -p minikube addons enable dashboard", triggers: ["minikube", "dashboard"] },
        ]);
    });

    it("minikubeAddonImages: an addon not enabled, a malformed value and an unpinned image are refused together, before any resource", async () => {
        const bad = { ingress: "Ingress=x:v1", "metrics-server": "MetricsServer=reg/ms:v1;touch /tmp/pwned", dashboard: "Dashboard=kubernetesui/dashboard:latest" };
        await assert.rejects(runProgram({ config: { minikubeAddonImages: bad } }), (e: unknown) => {
            assert.ok(e instanceof ProgramFailed);
            assert.match(e.message, /minikubeAddonImages\.ingress = .*'ingress' is not in minikubeAddons \(metrics-server,dashboard\)/);
            assert.match(e.message, /minikubeAddonImages\.metrics-server = .*must be what `minikube addons enable --images` takes/);
            assert.match(e.message, /minikubeAddonImages\.dashboard = .*kubernetesui\/dashboard:latest is tagged latest: pin each image/);
            assert.strictEqual(e.resources.length, 0);
            return true;
        });
    });
});
