// The runner's check of the secrets passphrase: when a stack's secrets need one, and the exact
// message and fix a user sees when it is missing.
import * as assert from "assert";
import { checkPassphrase } from "../../scripts/lib/prerequisites";
import { CTX, DEV } from "./prerequisiteFixtures";

describe("runner prerequisites", () => {
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
});
