// The runner's prerequisites as a whole: which stack target it checks, every check run together
// on a healthy and a bare machine, and the report a user sees.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { checkPrerequisites, formatReport, hasFailures, readStackTarget } from "../../scripts/lib/prerequisites";
import { CTX, DEV, fakeRunner, HEALTHY, ok } from "./prerequisiteFixtures";

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
});
