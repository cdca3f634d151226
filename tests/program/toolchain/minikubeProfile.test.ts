// The program's Minikube check over captured `minikube profile list` output: the profile's
// existence, state and size, with the exact message and fix a user sees. (Whether the image-load
// mode suits its container runtime: tests/program/minikubeRuntime.test.ts.)
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../harness";
import { CheckResult } from "../../../components/cluster/toolchain/checkResult";
import { checkMinikube } from "../../../components/cluster/toolchain/minikubeProfile";
import { fakeRunner, fixture, ok } from "./fixtures";

/** The profile list with the first profile's fields changed, as `minikube profile list -o json` would print them. */
function profileList(change: { Status?: string; CPUs?: number; Memory?: number; Name?: string }): string {
    const list = JSON.parse(fixture("minikube-profile-list.json")) as {
        valid: Array<{ Name: string; Status: string; Config: { CPUs: number; Memory: number } }>;
    };
    const p = list.valid[0];
    p.Name = change.Name ?? p.Name;
    p.Status = change.Status ?? p.Status;
    p.Config.CPUs = change.CPUs ?? p.Config.CPUs;
    p.Config.Memory = change.Memory ?? p.Config.Memory;
    return JSON.stringify(list);
}

describe("toolchain", () => {
    describe("Minikube", () => {
        const minikube = (stdout: string): CheckResult => checkMinikube(fakeRunner({ "minikube profile list -o json": ok(stdout) }), "minikube", "dev");

        it("passes for a running 4 CPU / 8 GiB docker-runtime profile", () => {
            assert.deepStrictEqual(minikube(fixture("minikube-profile-list.json")), { name: "minikube 'minikube'", status: "ok", detail: "Running, 4 CPUs, 8192 MiB, driver docker" });
        });
        it("fails when minikube is not installed", () => {
            assert.deepStrictEqual(checkMinikube(fakeRunner({}), "minikube", "dev"), {
                    name: "minikube 'minikube'",
                    status: "fail",
                    detail: "minikube is not installed or not on PATH (stack 'dev' deploys to the Minikube profile 'minikube')",
                    fix: "install it (https://minikube.sigs.k8s.io/docs/start/), then minikube start -p minikube --cpus 4 --memory 8g",
                });
        });
        it("fails when the profile does not exist, naming the ones that do", () => {
            assert.deepStrictEqual(minikube(profileList({ Name: "other" })), {
                    name: "minikube 'minikube'",
                    status: "fail",
                    detail: "the Minikube profile 'minikube' does not exist (profiles: other)",
                    fix: "minikube start -p minikube --cpus 4 --memory 8g, or point the stack at another profile: pulumi config set minikubeProfile <profile> -s dev",
                });
            // What minikube v1.38.1 prints (exit 0) once its only profile is deleted.
            assert.strictEqual(minikube(fixture("minikube-none/profile-list-none.json")).detail, "the Minikube profile 'minikube' does not exist (profiles: none)");
        });
        it("fails when the profile is stopped (as minikube v1.38.1 lists it after `minikube stop`)", () => {
            assert.deepStrictEqual(minikube(fixture("minikube-none/profile-list-stopped.json")), { name: "minikube 'minikube'", status: "fail", detail: "the Minikube profile 'minikube' is Stopped, not Running", fix: "minikube start -p minikube" });
        });
        it("only warns on a small profile: the deploy judges whether the chart's requests fit the node", () => {
            assert.deepStrictEqual(minikube(profileList({ CPUs: 2, Memory: 4096 })), {
                name: "minikube 'minikube'",
                status: "warn",
                detail: "the Minikube profile 'minikube' has 2 CPUs and 4096 MiB, less than the 4 CPUs and 8192 MiB the app is comfortable with; the deploy checks first that the chart's requests fit in what the node has free",
                fix: "if the deploy says the app does not fit: lower resources.*.requests or the replicas, or minikube delete -p minikube && minikube start -p minikube --cpus 4 --memory 8g (a profile's size is fixed when it is created)",
            });
        });
        it("only warns on the profile a real none-driver Minikube lists (captured from minikube v1.38.1)", () => {
            const captured = fs.readFileSync(path.join(PROJECT_ROOT, "tests", "program", "fixtures", "minikube-none", "profile-list.json"), "utf8");
            const size = minikube(captured);
            assert.strictEqual(size.status, "warn");
            assert.match(size.detail, /has 2 CPUs and 6000 MiB/);
        });
        it("reports minikube's own error when the list cannot be read", () => {
            const run = fakeRunner({ "minikube profile list -o json": { code: 80, stdout: "", stderr: "X Exiting due to GUEST_PROFILE: permission denied\n" } });
            assert.strictEqual(checkMinikube(run, "minikube", "dev").detail, "'minikube profile list -o json' failed: X Exiting due to GUEST_PROFILE: permission denied");
        });
    });
});
