// The program's checks of the tools on the machine it runs on (docker, helm) over
// captured command output: each passing and failing, with the exact message and fix.
import * as assert from "assert";
import { checkDocker, checkHelm } from "../../../components/cluster/toolchain/localTools";
import { fakeRunner, fixture, HEALTHY, ok } from "./fixtures";

describe("toolchain", () => {
    describe("docker", () => {
        it("passes with the engine's version", () => {
            assert.deepStrictEqual(checkDocker(fakeRunner(HEALTHY)), { name: "docker", status: "ok", detail: "Docker Engine 20.10.24+dfsg1" });
        });
        it("fails when it is not installed", () => {
            assert.deepStrictEqual(checkDocker(fakeRunner({})), {
                name: "docker",
                status: "fail",
                detail: "docker is not installed or not on PATH",
                fix: "install Docker Engine or Docker Desktop: https://docs.docker.com/get-docker/",
            });
        });
        it("fails when the daemon does not answer (Docker 20.10's output)", () => {
            const run = fakeRunner({ "docker info": { code: 1, stdout: fixture("docker-info-daemon-down.stdout.txt"), stderr: fixture("docker-info-daemon-down.stderr.txt") } });
            assert.deepStrictEqual(checkDocker(run), {
                name: "docker",
                status: "fail",
                detail: "the Docker daemon is not reachable: Cannot connect to the Docker daemon at unix:///var/run/docker-missing.sock. Is the docker daemon running?",
                fix: "start Docker (Docker Desktop, or: sudo systemctl start docker), then check that 'docker info' works",
            });
        });
        it("points at the docker group when the socket is not permitted", () => {
            const stderr =
                "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get \"http://%2Fvar%2Frun%2Fdocker.sock/v1.24/info\": dial unix /var/run/docker.sock: connect: permission denied\n";
            const result = checkDocker(fakeRunner({ "docker info": { code: 1, stdout: "Client:\n Version: 27.3.1\n\nServer:\n", stderr } }));
            assert.strictEqual(result.status, "fail");
            assert.strictEqual(result.fix, "add yourself to the docker group (sudo usermod -aG docker $USER), log out and in again, then check that 'docker info' works");
        });
    });

    describe("helm", () => {
        it("accepts Helm 3", () => {
            assert.deepStrictEqual(checkHelm(fakeRunner(HEALTHY)), { name: "helm", status: "ok", detail: "v3.16.2+g13654a5" });
        });
        it("accepts a build without a patch version (helm built from source prints v3.16)", () => {
            assert.deepStrictEqual(checkHelm(fakeRunner({ "helm version --short": ok("v3.16\n") })), { name: "helm", status: "ok", detail: "v3.16" });
        });
        it("refuses Helm 2", () => {
            assert.deepStrictEqual(checkHelm(fakeRunner({ "helm version --short": ok("Client: v2.17.0+ga690bad\n") })), {
                name: "helm",
                status: "fail",
                detail: "v2.17.0+ga690bad is Helm 2; Helm 3 or later is needed",
                fix: "install Helm 3: https://helm.sh/docs/intro/install/ (the program renders the chart with helm template to check its pods before deploying; also for release history and rollback)",
            });
        });
        it("fails when it is missing", () => {
            assert.strictEqual(checkHelm(fakeRunner({})).detail, "helm is not installed or not on PATH");
        });
    });
});
