import * as assert from "assert";
import { secretLookingName as secretLookingKey } from "../../policy/rules/secretPatterns";
import { noPlaintextSecrets } from "../../policy/secrets";
import { runResourcePolicy } from "./util";
import { CONFIG_MAP, DEPLOYMENT, deployment, DOCKER_IMAGE, RELEASE, release, releaseValues, SECRET } from "./fixtures";

const run = (type: string, props: object) => runResourcePolicy(noPlaintextSecrets, { type, props, name: "web" });
const RELEASE_FIX =
    "put it in the Kubernetes Secret named by secrets.name (created from a Pulumi secret); Helm keeps values in plaintext release history, Pulumi secret or not.";
const CONFIG_MAP_FIX = "move it to a Kubernetes Secret created from a Pulumi secret, and read it with secretKeyRef or envFrom.secretRef.";

describe("policy no-plaintext-secrets", () => {
    it("defines which keys look secret", () => {
        const secret = ["DATABASE_URL", "databaseUrl", "BETTER_AUTH_SECRET", "clientSecret", "OPENAI_API_KEY", "openaiApiKey", "APIKey", "SECRET_KEY",
            "AWS_SECRET_ACCESS_KEY", "POSTGRES_PASSWORD", "dbPassword", "PASSWD", "GITHUB_TOKEN", "accessToken",
            // Once let through by the pack while the program refused them (issue 22): one rule now.
            "ADMIN_PASS", "adminPass", "DB_PWD", "SENTRY_DSN", "DATABASE_DSN", "STRIPE_KEY", "GPG_PASSPHRASE", "GOOGLE_CREDENTIALS"];
        const plain = ["secretChecksum", "secrets", "name", "managed", "secretName", "existingSecret", "existingSecretPasswordKey", "passwordKey",
            "MAX_TOKENS", "LOG_LEVEL", "BACKEND_URL", "BETTER_AUTH_URL", "chartChecksum", "PASSENGER_COUNT", "PUBLIC_KEY", "CACHE_KEY", "secretKeyRef"];
        assert.deepStrictEqual(secret.filter((k) => !secretLookingKey(k)), []);
        assert.deepStrictEqual(plain.filter((k) => secretLookingKey(k)), []);
    });

    it("passes a ConfigMap of plain settings and a Secret holding secrets", async () => {
        assert.deepStrictEqual(await run(CONFIG_MAP, { data: { LOG_LEVEL: "info", BACKEND_URL: "http://todo-app-backend:8000", MAX_TOKENS: "4096" } }), []);
        assert.deepStrictEqual(await run(SECRET, { stringData: { DATABASE_URL: "postgresql://todo:pw@db:5432/todo", BETTER_AUTH_SECRET: "x".repeat(48) } }), []);
    });

    it("reports a ConfigMap key named like a secret", async () => {
        assert.deepStrictEqual(await run(CONFIG_MAP, { data: { LOG_LEVEL: "info", OPENAI_API_KEY: "sk-test" } }), [
            `ConfigMap "web" data.OPENAI_API_KEY looks like a secret (its name): ${CONFIG_MAP_FIX}`,
        ]);
    });

    it("reports a ConfigMap value that is a URL with a password", async () => {
        assert.deepStrictEqual(await run(CONFIG_MAP, { data: { DB: "postgresql://todo:hunter2@db.example.com:5432/todo" } }), [
            `ConfigMap "web" data.DB looks like a secret (a URL with a password): ${CONFIG_MAP_FIX}`,
        ]);
    });

    it("passes the program's Release values: the Secret's name and checksum only", async () => {
        const values = releaseValues();
        values.postgresql.auth = { passwordKey: "POSTGRES_PASSWORD" };
        values.existingSecret = "todo-app-secrets";
        // Only strings can hold a secret.
        values.serviceAccount = { automountServiceAccountToken: false };
        assert.deepStrictEqual(await run(RELEASE, release(values)), []);
    });

    it("reports a secret in a Release service's env, even one that is a Pulumi secret", async () => {
        const values = releaseValues();
        values.backend.env.DATABASE_URL = "postgresql://todo:hunter2@db:5432/todo";
        assert.deepStrictEqual(await run(RELEASE, release(values)), [`Release "web" value backend.env.DATABASE_URL looks like a secret (its name): ${RELEASE_FIX}`]);
    });

    it("reports secrets.data in Release values", async () => {
        const values = releaseValues();
        values.secrets = { name: "todo-app-secrets", managed: true, data: { BETTER_AUTH_SECRET: "0123456789abcdef0123456789abcdef" } };
        assert.deepStrictEqual(await run(RELEASE, release(values)), [
            `Release "web" value secrets.data.BETTER_AUTH_SECRET looks like a secret (its name): ${RELEASE_FIX}`,
        ]);
    });

    it("lets an empty secret-named value through: it holds nothing", async () => {
        const values = releaseValues();
        values.frontendChatbot.env.OPENAI_API_KEY = "";
        assert.deepStrictEqual(await run(RELEASE, release(values)), []);
    });

    it("reports a plain env value named like a secret, not one read from a Secret", async () => {
        const d = deployment();
        d.spec.template.spec.containers[0].env = [
            { name: "BETTER_AUTH_SECRET", valueFrom: { secretKeyRef: { name: "todo-app-secrets", key: "BETTER_AUTH_SECRET" } } },
            { name: "GITHUB_TOKEN", value: "ghp_abc" },
        ];
        assert.deepStrictEqual(await run(DEPLOYMENT, d), [
            `Deployment "web" container "app" env GITHUB_TOKEN looks like a secret (its name): read it from a Kubernetes Secret with valueFrom.secretKeyRef.`,
        ]);
    });

    it("reports a docker build arg named like a secret", async () => {
        const image = { imageName: "todo-frontend-web:abc", build: { context: "apps/frontend-web", args: { NEXT_PUBLIC_API_URL: "http://192.168.49.2:30002", NPM_TOKEN: "npm_abc" } } };
        assert.deepStrictEqual(await run(DOCKER_IMAGE, image), [
            `Image "web" build.args.NPM_TOKEN looks like a secret (its name): never pass a secret as a build arg (it stays in the image history); give it to the container at run time from a Kubernetes Secret.`,
        ]);
    });
});
