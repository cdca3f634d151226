// The runner's prerequisite checks over captured command output: each check passing and
// failing, with the exact message and fix a user sees.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { checkKubectl, checkMetricsApi } from "../../scripts/lib/checkClusterTools";
import { CommandResult, CommandRunner, NOT_FOUND } from "../../scripts/lib/commandRunner";
import {
    checkDocker,
    checkHelm,
    checkMinikube,
    checkNode,
    checkPassphrase,
    checkPrerequisites,
    checkPulumi,
    CheckResult,
    formatReport,
    hasFailures,
    PrerequisiteContext,
    readStackTarget,
    StackTarget,
} from "../../scripts/lib/prerequisites";

const FIXTURES = path.join(__dirname, "fixtures");
// Minikube's answers are shared with the program tests: one profile-list fixture for both.
const fixture = (name: string): string =>
    fs.readFileSync(path.join(name.startsWith("minikube-") ? path.join(__dirname, "..", "program", "fixtures") : FIXTURES, name), "utf8");
const ok = (stdout: string): CommandResult => ({ code: 0, stdout, stderr: "" });

/** Replays answers keyed by the command line; anything else is "not installed". */
function fakeRunner(answers: Record<string, CommandResult>): CommandRunner & { calls: string[] } {
    const calls: string[] = [];
    const run = (cmd: string, args: string[]): CommandResult => {
        const line = [cmd, ...args].join(" ");
        calls.push(line);
        return answers[line] ?? { code: NOT_FOUND, stdout: "", stderr: `${cmd}: command not found` };
    };
    return Object.assign(run, { calls });
}

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

const DEV: StackTarget = readStackTarget("todo-app", "dev", fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.dev.yaml"), "utf8"));
const HEALTHY: Record<string, CommandResult> = {
    "docker info": ok(fixture("docker-info.txt")),
    "pulumi version": ok(fixture("pulumi-version.txt")),
    "helm version --short": ok(fixture("helm-version-short.txt")),
    "kubectl version --client -o json": ok('{"clientVersion": {"gitVersion": "v1.31.4"}}'),
    "minikube profile list -o json": ok(fixture("minikube-profile-list.json")),
};
const CTX: PrerequisiteContext = { stack: DEV, nodeVersion: "22.12.0", backendUrl: "file:///work/todo/.pulumi-state", env: { PULUMI_CONFIG_PASSPHRASE: "s3cret" } };

describe("runner prerequisites", () => {
    describe("reading the stack file", () => {
        it("reads target and profile from Pulumi.dev.yaml", () => {
            assert.deepStrictEqual(DEV, { stack: "dev", target: "minikube", minikubeProfile: "minikube", kindCluster: "kind", kubeContext: "", imageLoad: "", registry: "", secretsProvider: "" });
        });
        it("falls back to Pulumi.yaml's defaults when the stack has no file yet", () => {
            assert.deepStrictEqual(readStackTarget("todo-app", "feature", undefined), {
                stack: "feature", target: "minikube", minikubeProfile: "minikube", kindCluster: "kind", kubeContext: "", imageLoad: "", registry: "", secretsProvider: "",
            });
        });
        it("reads a context target, registry and secrets provider", () => {
            const text = "secretsprovider: awskms://alias/todo\nconfig:\n  todo-app:target: context\n  todo-app:kubeContext: eks-prod\n  todo-app:registry: ghcr.io/acme\n  todo-app:imageLoad: registry\n";
            assert.deepStrictEqual(readStackTarget("todo-app", "prod", text), {
                stack: "prod", target: "context", minikubeProfile: "minikube", kindCluster: "kind", kubeContext: "eks-prod", imageLoad: "registry", registry: "ghcr.io/acme", secretsProvider: "awskms://alias/todo",
            });
        });
    });

    describe("all together", () => {
        it("passes on a healthy machine and says so", () => {
            const results = checkPrerequisites(fakeRunner(HEALTHY), CTX);
            assert.strictEqual(hasFailures(results), false);
            assert.strictEqual(
                formatReport(DEV, results),
                [
                    "Prerequisites for stack 'dev' (target minikube):",
                    "  ok    Node.js              v22.12.0",
                    "  ok    docker               Docker Engine 20.10.24+dfsg1",
                    "  ok    Pulumi CLI           v3.230.0",
                    "  ok    helm                 v3.16.2+g13654a5",
                    "  ok    kubectl              v1.31.4",
                    "  ok    secrets passphrase   PULUMI_CONFIG_PASSPHRASE is set",
                    "  ok    minikube 'minikube'  Running, 4 CPUs, 8192 MiB, driver docker",
                    "  ok    container runtime    docker, images reach it by imageLoad docker-env",
                    "All prerequisites are met.",
                ].join("\n"),
            );
        });

        it("runs every check and lists every failure with its fix", () => {
            const run = fakeRunner({ "pulumi version": ok("v3.100.0\n") });
            const results = checkPrerequisites(run, { ...CTX, nodeVersion: "20.20.2", env: {} });
            assert.deepStrictEqual(run.calls, ["docker info", "pulumi version", "helm version --short", "kubectl version --client -o json", "minikube profile list -o json"]);
            assert.deepStrictEqual(results.map((r) => [r.name, r.status]), [
                ["Node.js", "warn"],
                ["docker", "fail"],
                ["Pulumi CLI", "fail"],
                ["helm", "fail"],
                ["kubectl", "fail"],
                ["secrets passphrase", "fail"],
                ["minikube 'minikube'", "fail"],
            ]);
            const report = formatReport(DEV, results);
            assert.match(report, /\n6 prerequisites are missing: fix them and run again\.$/);
            assert.ok(report.includes("        fix: curl -fsSL https://get.pulumi.com | sh"), report);
        });

        it("leaves Minikube alone when the stack deploys to a kubeconfig context", () => {
            const run = fakeRunner(HEALTHY);
            const prod = readStackTarget("todo-app", "prod", fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.prod.yaml"), "utf8"));
            const results = checkPrerequisites(run, { ...CTX, stack: prod });
            assert.ok(!run.calls.some((c) => c.startsWith("minikube")), run.calls.join(", "));
            assert.deepStrictEqual(results.map((r) => r.name), ["Node.js", "docker", "Pulumi CLI", "helm", "kubectl", "secrets passphrase", "metrics API"]);
        });
    });

    describe("Node.js", () => {
        it("accepts 22 and later", () => {
            assert.deepStrictEqual(checkNode("24.1.0"), { name: "Node.js", status: "ok", detail: "v24.1.0" });
        });
        it("warns on 20", () => {
            assert.deepStrictEqual(checkNode("20.20.2"), {
                name: "Node.js",
                status: "warn",
                detail: "v20.20.2 is below the >= 22 that @pulumi/pulumi 3.270 declares; it runs, with an engines warning (Node.js 20 reached end of life in April 2026)",
                fix: "install Node.js 22 or 24 (LTS), e.g. nvm install 22 && nvm use 22",
            });
        });
        it("refuses 18", () => {
            assert.deepStrictEqual(checkNode("18.19.0"), {
                name: "Node.js",
                status: "fail",
                detail: "v18.19.0 is too old: @pulumi/pulumi 3.270 needs Node.js >= 22",
                fix: "install Node.js 22 or 24 (LTS), e.g. nvm install 22 && nvm use 22",
            });
        });
    });

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

    describe("Pulumi CLI", () => {
        it("accepts v3.230.0", () => {
            assert.deepStrictEqual(checkPulumi(fakeRunner(HEALTHY)), { name: "Pulumi CLI", status: "ok", detail: "v3.230.0" });
        });
        it("refuses an older CLI", () => {
            assert.deepStrictEqual(checkPulumi(fakeRunner({ "pulumi version": ok("v3.229.1\n") })), {
                name: "Pulumi CLI",
                status: "fail",
                detail: "v3.229.1 is older than the required v3.230.0",
                fix: "curl -fsSL https://get.pulumi.com | sh (or: brew upgrade pulumi), then open a new shell; see https://www.pulumi.com/docs/install/",
            });
        });
        it("fails when it is missing", () => {
            assert.strictEqual(checkPulumi(fakeRunner({})).detail, "the Pulumi CLI is not installed or not on PATH");
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

    describe("kubectl", () => {
        it("accepts a client and shows its version", () => {
            assert.deepStrictEqual(checkKubectl(fakeRunner(HEALTHY)), { name: "kubectl", status: "ok", detail: "v1.31.4" });
        });

        it("fails when it is missing, saying what it is for", () => {
            const r = checkKubectl(fakeRunner({}));
            assert.strictEqual(r.status, "fail");
            assert.match(r.fix!, /kubernetes.io\/docs\/tasks\/tools.*prunes Secrets/);
        });
    });

    describe("metrics API (not on Minikube, whose addon the program enables)", () => {
        const KIND: StackTarget = { ...DEV, target: "kind", kindCluster: "dev" };
        const query = 'kubectl --context kind-dev get apiservice v1beta1.metrics.k8s.io -o jsonpath={.status.conditions[?(@.type=="Available")].status}';

        it("passes when the metrics API is Available on the stack's context", () => {
            assert.strictEqual(checkMetricsApi(fakeRunner({ [query]: ok("True") }), KIND).status, "ok");
        });

        it("warns when metrics-server is missing, with the command that installs it", () => {
            const r = checkMetricsApi(fakeRunner({}), KIND);
            assert.strictEqual(r.status, "warn");
            assert.match(r.detail, /not installed on 'kind-dev'.*kubectl top/);
            assert.match(r.fix!, /^kubectl --context kind-dev apply -f https:\/\/github.com\/kubernetes-sigs\/metrics-server\/releases\/latest\/download\/components.yaml \(on kind, also add --kubelet-insecure-tls/);
        });

        it("warns when it is registered but not Available", () => {
            const context: StackTarget = { ...DEV, target: "context", kubeContext: "prod" };
            const q = query.replace("kind-dev", "prod");
            assert.match(checkMetricsApi(fakeRunner({ [q]: ok("False") }), context).detail, /registered but not Available on 'prod'/);
        });
    });

    describe("secrets passphrase", () => {
        it("passes when PULUMI_CONFIG_PASSPHRASE is set", () => {
            assert.deepStrictEqual(checkPassphrase(CTX), { name: "secrets passphrase", status: "ok", detail: "PULUMI_CONFIG_PASSPHRASE is set" });
        });
        it("passes with PULUMI_CONFIG_PASSPHRASE_FILE", () => {
            assert.strictEqual(checkPassphrase({ ...CTX, env: { PULUMI_CONFIG_PASSPHRASE_FILE: "/home/me/.todo-pass" } }).detail, "PULUMI_CONFIG_PASSPHRASE_FILE is set (/home/me/.todo-pass)");
        });
        it("warns on an empty passphrase", () => {
            assert.strictEqual(checkPassphrase({ ...CTX, env: { PULUMI_CONFIG_PASSPHRASE: "" } }).status, "warn");
        });
        it("fails when unset, saying exactly how to set it", () => {
            assert.deepStrictEqual(checkPassphrase({ ...CTX, env: {} }), {
                name: "secrets passphrase",
                status: "fail",
                detail: "PULUMI_CONFIG_PASSPHRASE is not set; it encrypts the secrets of stack 'dev' (databaseUrl, betterAuthSecret, openaiApiKey) in file:///work/todo/.pulumi-state",
                fix: "export PULUMI_CONFIG_PASSPHRASE='<a passphrase from your password manager>' (or PULUMI_CONFIG_PASSPHRASE_FILE=<file holding it>); every later run of this stack needs the same one",
            });
        });
        it("is not needed with Pulumi Cloud or a KMS secrets provider", () => {
            assert.strictEqual(checkPassphrase({ ...CTX, env: {}, backendUrl: "https://api.pulumi.com" }).status, "ok");
            assert.strictEqual(checkPassphrase({ ...CTX, env: {}, stack: { ...DEV, secretsProvider: "awskms://alias/todo" } }).status, "ok");
        });
    });

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
            assert.strictEqual(minikube('{"invalid":[],"valid":[]}')[0].detail, "the Minikube profile 'minikube' does not exist (profiles: none)");
        });
        it("fails when the profile is stopped", () => {
            assert.deepStrictEqual(minikube(profileList({ Status: "Stopped" })), [
                { name: "minikube 'minikube'", status: "fail", detail: "the Minikube profile 'minikube' is Stopped, not Running", fix: "minikube start -p minikube" },
            ]);
        });
        it("fails when the profile is too small", () => {
            assert.deepStrictEqual(minikube(profileList({ CPUs: 2, Memory: 4096 }))[0], {
                name: "minikube 'minikube'",
                status: "fail",
                detail: "the Minikube profile 'minikube' has 2 CPUs and 4096 MiB; the app needs at least 4 CPUs and 8192 MiB (8 GiB)",
                fix: "minikube delete -p minikube && minikube start -p minikube --cpus 4 --memory 8g (a profile's size is fixed when it is created)",
            });
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
