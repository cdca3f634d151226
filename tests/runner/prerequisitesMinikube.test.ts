// The runner's Minikube check over captured `minikube profile list` output: the profile's
// existence, state, size and container runtime, with the exact message and fix a user sees.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../program/harness";
import { CheckResult, checkMinikube, StackTarget } from "../../scripts/lib/prerequisites";
import { DEV, fakeRunner, fixture, ok } from "./prerequisiteFixtures";

/** The profile list with the first profile's fields changed, as `minikube profile list -o json` would print them. */
function profileList(change: { Status?: string; CPUs?: number; Memory?: number; ContainerRuntime?: string; Name?: string }): string {
    const list = JSON.parse(fixture("minikube-profile-list.json")) as {
        valid: Array<{ Name: string; Status: string; Config: { CPUs: number; Memory: number; KubernetesConfig: { ContainerRuntime: string } } }>;
    };
    const p = list.valid[0];
    p.Name = change.Name ?? p.Name;
    p.Status = change.Status ?? p.Status;
    p.Config.CPUs = change.CPUs ?? p.Config.CPUs;
    p.Config.Memory = change.Memory ?? p.Config.Memory;
    p.Config.KubernetesConfig.ContainerRuntime = change.ContainerRuntime ?? p.Config.KubernetesConfig.ContainerRuntime;
    return JSON.stringify(list);
}

describe("runner prerequisites", () => {
    describe("Minikube", () => {
        const minikube = (stdout: string, stack: StackTarget = DEV): CheckResult[] => checkMinikube(fakeRunner({ "minikube profile list -o json": ok(stdout) }), stack);

        it("passes for a running 4 CPU / 8 GiB docker-runtime profile", () => {
            assert.deepStrictEqual(minikube(fixture("minikube-profile-list.json")), [
                { name: "minikube 'minikube'", status: "ok", detail: "Running, 4 CPUs, 8192 MiB, driver docker" },
                { name: "container runtime", status: "ok", detail: "docker, images reach it by imageLoad docker-env" },
            ]);
        });
        it("fails when minikube is not installed", () => {
            assert.deepStrictEqual(checkMinikube(fakeRunner({}), DEV), [
                {
                    name: "minikube 'minikube'",
                    status: "fail",
                    detail: "minikube is not installed or not on PATH (stack 'dev' deploys to the Minikube profile 'minikube')",
                    fix: "install it (https://minikube.sigs.k8s.io/docs/start/), then minikube start -p minikube --cpus 4 --memory 8g",
                },
            ]);
        });
        it("fails when the profile does not exist, naming the ones that do", () => {
            assert.deepStrictEqual(minikube(profileList({ Name: "other" })), [
                {
                    name: "minikube 'minikube'",
                    status: "fail",
                    detail: "the Minikube profile 'minikube' does not exist (profiles: other)",
                    fix: "minikube start -p minikube --cpus 4 --memory 8g, or point the stack at another profile: pulumi config set minikubeProfile <profile> -s dev",
                },
            ]);
            // What minikube v1.38.1 prints (exit 0) once its only profile is deleted.
            assert.strictEqual(minikube(fixture("minikube-none/profile-list-none.json"))[0].detail, "the Minikube profile 'minikube' does not exist (profiles: none)");
        });
        it("fails when the profile is stopped (as minikube v1.38.1 lists it after `minikube stop`)", () => {
            assert.deepStrictEqual(minikube(fixture("minikube-none/profile-list-stopped.json")), [
                { name: "minikube 'minikube'", status: "fail", detail: "the Minikube profile 'minikube' is Stopped, not Running", fix: "minikube start -p minikube" },
            ]);
        });
        it("only warns on a small profile: the deploy judges whether the chart's requests fit the node", () => {
            assert.deepStrictEqual(minikube(profileList({ CPUs: 2, Memory: 4096 }))[0], {
                name: "minikube 'minikube'",
                status: "warn",
                detail: "the Minikube profile 'minikube' has 2 CPUs and 4096 MiB, less than the 4 CPUs and 8192 MiB the app is comfortable with; the deploy checks first that the chart's requests fit in what the node has free",
                fix: "if the deploy says the app does not fit: lower resources.*.requests or the replicas, or minikube delete -p minikube && minikube start -p minikube --cpus 4 --memory 8g (a profile's size is fixed when it is created)",
            });
        });
        it("passes the profile a real none-driver Minikube lists (captured from minikube v1.38.1)", () => {
            const captured = fs.readFileSync(path.join(PROJECT_ROOT, "tests", "program", "fixtures", "minikube-none", "profile-list.json"), "utf8");
            const [size, runtime] = minikube(captured);
            assert.deepStrictEqual([size.status, runtime], ["warn", { name: "container runtime", status: "ok", detail: "containerd, images reach it by imageLoad minikube-image-load" }]);
            assert.match(size.detail, /has 2 CPUs and 6000 MiB/);
        });
        it("a containerd profile (Minikube 1.39's default) passes with imageLoad unset: images are loaded with minikube image load", () => {
            assert.deepStrictEqual(minikube(profileList({ ContainerRuntime: "containerd" }))[1], {
                name: "container runtime",
                status: "ok",
                detail: "containerd, images reach it by imageLoad minikube-image-load",
            });
        });
        it("a docker profile with imageLoad unset builds in Minikube's daemon", () => {
            assert.deepStrictEqual(minikube(profileList({ ContainerRuntime: "docker" }))[1].detail, "docker, images reach it by imageLoad docker-env");
        });
        it("fails for a containerd profile with docker-env set explicitly, with the fix", () => {
            assert.deepStrictEqual(minikube(profileList({ ContainerRuntime: "containerd" }), { ...DEV, imageLoad: "docker-env" })[1], {
                name: "container runtime",
                status: "fail",
                detail: "the Minikube profile 'minikube' runs containerd, so images built in its Docker daemon (imageLoad docker-env) would not be seen by its kubelet",
                fix: "pulumi config rm imageLoad -s dev (the default follows the runtime)",
            });
        });
        it("passes for a cri-o profile once imageLoad is minikube-image-load", () => {
            assert.deepStrictEqual(minikube(profileList({ ContainerRuntime: "crio" }), { ...DEV, imageLoad: "minikube-image-load" })[1], {
                name: "container runtime",
                status: "ok",
                detail: "crio, images reach it by imageLoad minikube-image-load",
            });
        });
        it("reports minikube's own error when the list cannot be read", () => {
            const run = fakeRunner({ "minikube profile list -o json": { code: 80, stdout: "", stderr: "X Exiting due to GUEST_PROFILE: permission denied\n" } });
            assert.strictEqual(checkMinikube(run, DEV)[0].detail, "'minikube profile list -o json' failed: X Exiting due to GUEST_PROFILE: permission denied");
        });
    });
});
