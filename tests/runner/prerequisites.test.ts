// The runner's prerequisites, what must hold before Pulumi can run the program at all: the
// stack file it reads, Node.js, the Pulumi CLI's version, every check run together, and the report a
// user sees. (The tools the program calls it checks itself: tests/program/toolchain/.)
import * as assert from "assert";
import { checkNode, checkPrerequisites, checkPulumi, formatReport, hasFailures, readStackTarget } from "../../scripts/lib/prerequisites";
import { CTX, DEV, fakeRunner, HEALTHY, ok } from "./prerequisiteFixtures";

describe("runner prerequisites", () => {
    describe("reading the stack file", () => {
        it("reads no secrets provider from Pulumi.dev.yaml (the passphrase default)", () => {
            assert.deepStrictEqual(DEV, { stack: "dev", secretsProvider: "" });
        });
        it("reads nothing from a stack that has no file yet", () => {
            assert.deepStrictEqual(readStackTarget("feature", undefined), { stack: "feature", secretsProvider: "" });
        });
        it("reads a secrets provider", () => {
            assert.deepStrictEqual(readStackTarget("prod", "secretsprovider: awskms://alias/todo\nconfig:\n  todo-app:target: context\n"), { stack: "prod", secretsProvider: "awskms://alias/todo" });
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
    describe("all together", () => {
        it("passes on a healthy machine and says so", () => {
            const results = checkPrerequisites(fakeRunner(HEALTHY), CTX);
            assert.strictEqual(hasFailures(results), false);
            assert.strictEqual(
                formatReport(DEV, results),
                [
                    "Prerequisites for stack 'dev' (the program checks the tools it calls itself):",
                    "  ok    Node.js             v22.12.0",
                    "  ok    Pulumi CLI          v3.230.0",
                    "  ok    secrets passphrase  PULUMI_CONFIG_PASSPHRASE is set",
                    "All prerequisites are met.",
                ].join("\n"),
            );
        });

        it("runs every check and lists every failure with its fix", () => {
            const run = fakeRunner({ "pulumi version": ok("v3.100.0\n") });
            const results = checkPrerequisites(run, { ...CTX, nodeVersion: "18.19.0", env: {} });
            assert.deepStrictEqual(results.map((r) => [r.name, r.status]), [
                ["Node.js", "fail"],
                ["Pulumi CLI", "fail"],
                ["secrets passphrase", "fail"],
            ]);
            const report = formatReport(DEV, results);
            assert.match(report, /\n3 prerequisites are missing: fix them and run again\.$/);
            assert.ok(report.includes("       fix: curl -fsSL https://get.pulumi.com | sh"), report);
        });
    });
});
