// Secrets stay secret end to end: run with sentinel values and look for them everywhere.
import * as assert from "assert";
import { byType, PROD_CONFIG, runProgram, RecordedResource, releaseValuesOf, SECRET_SIG, SECRET_SIG_KEY, single, T, unwrapSecrets } from "./harness";

const SENTINELS = {
    databaseUrl: "postgresql://todo:SENTINEL-db-password-7f3a@db.example.com:5432/todo",
    betterAuthSecret: "SENTINEL-auth-secret-9c1d-0123456789abcdef",
    openaiApiKey: "sk-SENTINEL-openai-key-4b2e",
    registryPassword: "SENTINEL-registry-token-5d6f",
};
const needles = ["SENTINEL", "generated-"];

/** Paths below `value` where a needle appears outside a secret marker. */
function plaintextLeaks(value: unknown, where: string): string[] {
    if (typeof value === "string") {
        return needles.some((n) => value.includes(n)) ? [where] : [];
    }
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => plaintextLeaks(v, `${where}[${i}]`));
    }
    if (value && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[SECRET_SIG_KEY] === SECRET_SIG) {
            return [];
        }
        return Object.entries(obj).flatMap(([k, v]) => plaintextLeaks(v, `${where}.${k}`));
    }
    return [];
}

function leaksIn(resources: readonly RecordedResource[]): string[] {
    return resources.flatMap((r) => plaintextLeaks(r.inputs, `${r.type} ${r.name}`));
}

describe("secrets", () => {
    for (const [stack, config] of [["dev", {}], ["prod", { ...PROD_CONFIG, registryUsername: "bot" }]] as const) {
        it(`${stack}: sentinel secrets appear only inside secret-marked values, never in outputs`, async () => {
            const { resources, outputs, secretOutputs, warnings } = await runProgram({ stack, config, secrets: SENTINELS });
            assert.deepStrictEqual(leaksIn(resources), []);
            assert.deepStrictEqual(plaintextLeaks(outputs, "outputs"), []);
            assert.deepStrictEqual(plaintextLeaks(warnings, "log"), []);
            assert.deepStrictEqual(secretOutputs, [], "no output needs to be secret, so none is");

            // The sentinels did reach the places they must reach, as secrets.
            const secret = single(resources, T.secret);
            assert.strictEqual((secret.inputs.stringData as Record<string, unknown>)[SECRET_SIG_KEY], SECRET_SIG);
            const data = unwrapSecrets(secret.inputs.stringData) as Record<string, string>;
            assert.strictEqual(data.DATABASE_URL, SENTINELS.databaseUrl);
            assert.strictEqual(data.BETTER_AUTH_SECRET, SENTINELS.betterAuthSecret);
            assert.strictEqual(data.OPENAI_API_KEY, SENTINELS.openaiApiKey);

            // The Release references the Secret by name and carries no secret value at all.
            const values = releaseValuesOf(resources);
            assert.deepStrictEqual(values.secrets, { name: "todo-app-secrets", managed: false });
            assert.ok(!JSON.stringify(values).includes("SENTINEL"));
            for (const image of byType(resources, T.image)) {
                const args = unwrapSecrets((image.inputs.build as Record<string, unknown>).args) ?? {};
                assert.ok(!JSON.stringify(args).includes("SENTINEL"), `${image.name} build args`);
            }
        });
    }

    it("dev without secrets: generated auth secret and an in-cluster PostgreSQL, all secret", async () => {
        const { resources } = await runProgram({ stack: "dev" });
        const passwords = byType(resources, T.password).map((p) => p.name).sort();
        assert.deepStrictEqual(passwords, ["secrets-better-auth-secret", "secrets-postgresql-password"]);
        const data = unwrapSecrets(single(resources, T.secret).inputs.stringData) as Record<string, string>;
        assert.match(data.BETTER_AUTH_SECRET, /^generated-secrets-better-auth-secret/);
        assert.strictEqual(data.POSTGRES_PASSWORD, `generated-secrets-postgresql-password-${"x".repeat(40)}`);
        assert.strictEqual(data.DATABASE_URL, `postgresql://todo:${data.POSTGRES_PASSWORD}@todo-app-postgresql.todo-dev.svc.cluster.local:5432/todo`);
        assert.strictEqual(data.OPENAI_API_KEY, undefined, "no key: the chatbot reports chat disabled");
        assert.strictEqual(releaseValuesOf(resources).postgresql.enabled, true);
        assert.deepStrictEqual(leaksIn(resources), []);
    });

    it("dev with a databaseUrl uses it and runs no in-cluster PostgreSQL", async () => {
        const { resources } = await runProgram({ stack: "dev", secrets: { databaseUrl: SENTINELS.databaseUrl } });
        assert.strictEqual(releaseValuesOf(resources).postgresql.enabled, false);
        assert.deepStrictEqual(byType(resources, T.password).map((p) => p.name), ["secrets-better-auth-secret"]);
    });

    it("rotating a secret changes only the secret checksum among the Release inputs", async () => {
        const before = releaseValuesOf((await runProgram({ stack: "dev", secrets: SENTINELS })).resources);
        const after = releaseValuesOf((await runProgram({ stack: "dev", secrets: { ...SENTINELS, openaiApiKey: "sk-SENTINEL-rotated" } })).resources);
        assert.match(before.secretChecksum, /^[0-9a-f]{64}$/);
        assert.notStrictEqual(after.secretChecksum, before.secretChecksum);
        assert.deepStrictEqual({ ...after, secretChecksum: "" }, { ...before, secretChecksum: "" });
    });

    it("a configured secret's value in a build arg is refused before the build", async () => {
        const leaky = { builds: { frontendWeb: { args: { NEXT_PUBLIC_GREETING: "hello SENTINEL-auth-secret-9c1d-0123456789abcdef" } } } };
        await assert.rejects(
            runProgram({ stack: "dev", config: leaky, secrets: SENTINELS }),
            (e: Error) => /builds\.frontendWeb\.args\.NEXT_PUBLIC_GREETING carries a secret/.test(e.message) && !e.message.includes("SENTINEL"),
        );
    });

    it("secret values are checked for the apps' runtime rules, naming the key and the fix", async () => {
        await assert.rejects(
            runProgram({ stack: "dev", secrets: { databaseUrl: "mysql://u:p@db/todo", betterAuthSecret: "short" } }),
            (e: Error) =>
                /databaseUrl must start with postgresql:\/\/, postgresql\+psycopg:\/\/ or sqlite:\/\/\//.test(e.message) &&
                /betterAuthSecret must be at least 32 characters/.test(e.message) &&
                !e.message.includes("u:p@db"),
        );
    });
});
