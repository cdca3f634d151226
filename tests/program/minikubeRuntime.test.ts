// Minikube 1.39 starts with the containerd runtime by default. With imageLoad unset, the load
// path follows the profile's runtime: docker → build in Minikube's daemon (docker-env);
// containerd / cri-o → build on the host and `minikube image load`. One rule (minikube.ts
// loadModeForRuntime) serves the program and the prerequisite check.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { loadModeForRuntime } from "../../components/cluster/minikube";
import { byType, fakeHost, ProgramFailed, runProgram, T, loadCommands } from "./harness";

const profileList = (runtime: string): string => {
    const list = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "minikube-profile-list.json"), "utf8")) as { valid: Array<{ Config: { KubernetesConfig: Record<string, string> } }> };
    list.valid[0].Config.KubernetesConfig.ContainerRuntime = runtime;
    return JSON.stringify(list);
};

describe("Minikube's container runtime picks the image path", () => {
    it("the rule", () => {
        assert.strictEqual(loadModeForRuntime("docker"), "docker-env");
        assert.strictEqual(loadModeForRuntime("containerd"), "minikube-image-load");
        assert.strictEqual(loadModeForRuntime("crio"), "minikube-image-load");
    });

    for (const runtime of ["containerd", "crio"]) {
        it(`${runtime}, imageLoad unset: built on the host, then minikube image load, keyed on the ref`, async () => {
            const host = fakeHost({ "minikube profile list -o json": profileList(runtime) });
            const { resources } = await runProgram({ host });
            assert.ok(!host.calls.some((c) => c.includes("docker-env")), "Minikube's daemon is not asked for");
            assert.strictEqual(byType(resources, T.dockerProvider).length, 0);
            const loads = loadCommands(resources).map((c) => String(c.inputs.create)).sort();
            assert.strictEqual(loads.length, 3);
            for (const load of loads) {
                assert.match(load, /^minikube -p minikube image load todo-[a-z-]+:[0-9a-f]{16}$/);
            }
        });
    }

    it("docker, imageLoad unset: built in Minikube's daemon, nothing to load", async () => {
        const { resources } = await runProgram({ host: fakeHost({ "minikube profile list -o json": profileList("docker") }) });
        assert.strictEqual(byType(resources, T.dockerProvider).length, 1);
        assert.strictEqual(loadCommands(resources).length, 0);
    });

    it("containerd with docker-env set explicitly is refused before any resource, with the fix", async () => {
        const host = fakeHost({ "minikube profile list -o json": profileList("containerd") });
        await assert.rejects(runProgram({ host, config: { imageLoad: "docker-env" } }), (e: unknown) => {
            assert.ok(e instanceof ProgramFailed);
            assert.strictEqual(e.resources.length, 0);
            assert.match(e.message, /runs containerd.*Fix: pulumi config rm imageLoad/s);
            return true;
        });
    });
});
