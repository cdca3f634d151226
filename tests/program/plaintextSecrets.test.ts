// Issue 32, items 1 and 2: a secret key stored in plaintext in the stack file is a config problem,
// listed with the others, whose fix stores it encrypted on the right stack; the value itself is
// never shown. (tests/engine/plainCli.test.ts shows the same through the real CLI.)
import * as assert from "assert";
import { plaintextSecretKeys } from "../../components/config/plaintextSecrets";
import { withStackFlag } from "../../components/config/problems";
import { ConfigError, validateConfig } from "../../components/todoAppSettings";
import { PROJECT_ROOT } from "./harness";

/** A stack file as `pulumi config set` writes it: databaseUrl without --secret, the auth secret with it. */
const STACK_FILE = `encryptionsalt: v1:abc
config:
  todo-app:environment: dev
  todo-app:databaseUrl: postgresql://todo:hunter2@db.example.com:5432/todo
  todo-app:betterAuthSecret:
    secure: v1:Zm9vYmFyYmF6:cXV4cXV4cXV4cXV4
  other-project:openaiApiKey: sk-not-this-project
`;

describe("secrets stored in plaintext in the stack file", () => {
    it("finds the secret keys the file holds as bare strings, for this project only", () => {
        assert.deepStrictEqual(plaintextSecretKeys(STACK_FILE, "todo-app"), ["databaseUrl"]);
        assert.deepStrictEqual(plaintextSecretKeys("config: {}\n", "todo-app"), []);
        assert.deepStrictEqual(plaintextSecretKeys("", "todo-app"), [], "an empty stack file");
    });

    it("is a problem listed with the others: the key, never the value, and the --secret fix on the named stack", () => {
        let error: unknown;
        try {
            validateConfig(
                { backendReplicas: "3 pods" },
                { project: "todo-app", stack: "dev", projectRoot: PROJECT_ROOT, secrets: { databaseUrl: "postgresql://todo:hunter2@db.example.com:5432/todo" }, plaintextSecrets: ["databaseUrl"], exists: () => true },
            );
        } catch (e) {
            error = e;
        }
        assert.ok(error instanceof ConfigError, String(error));
        assert.strictEqual(error.problems.length, 2, error.message);
        const problem = error.problems.find((p) => p.startsWith("todo-app:databaseUrl"));
        assert.strictEqual(
            problem,
            `todo-app:databaseUrl = "<redacted>": is stored in plaintext in Pulumi.dev.yaml (anyone who can read the file or its history can read it). ` +
                `Fix: pulumi config set -s dev --secret databaseUrl '<the value>' (the same value, now encrypted); the plaintext stays in the file's version history, so rotate the value if the file was ever committed or shared`,
        );
        assert.ok(!error.message.includes("hunter2"), "the value is never in the message");
    });
});

describe("every pulumi config command in a fix names the stack", () => {
    it("adds -s once per command, keeps one that names a stack, and leaves other text alone", () => {
        assert.strictEqual(
            withStackFlag("Fix: pulumi config rm --path 'builds.x.args.A' and pulumi config set --path 'builds.x.args.B' '{u}'", "dev"),
            "Fix: pulumi config rm -s dev --path 'builds.x.args.A' and pulumi config set -s dev --path 'builds.x.args.B' '{u}'",
        );
        assert.strictEqual(
            withStackFlag("Fix: lower the requests (e.g. pulumi config set --path 'resources.backend.requests.cpu' 100m -s prod), or pulumi config set backendReplicas 1", "prod"),
            "Fix: lower the requests (e.g. pulumi config set --path 'resources.backend.requests.cpu' 100m -s prod), or pulumi config set -s prod backendReplicas 1",
        );
        assert.strictEqual(withStackFlag("Fix: correct the chart (helm template shows the same error)", "dev"), "Fix: correct the chart (helm template shows the same error)");
    });
});
