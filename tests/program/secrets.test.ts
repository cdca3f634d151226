// Secrets stay secret end to end (sentinel values are looked for everywhere), each workload
// gets a content-named immutable Secret with only the keys it reads, and a rotation renames
// exactly the Secrets that hold the rotated key.
import * as assert from "assert";
import { byType, mockAutoName, PROD_CONFIG, runProgram, RecordedResource, releaseValuesOf, SECRET_SIG, SECRET_SIG_KEY, T, unwrapSecrets } from "./harness";

const SENTINELS = {
    databaseUrl: "postgresql://todo:SENTINEL-db-password-7f3a@db.example.com:5432/todo",
    betterAuthSecret: "SENTINEL-auth-secret-9c1d-0123456789abcdef",
    openaiApiKey: "sk-SENTINEL-openai-key-4b2e",
};
const PROD_SENTINELS = { ...SENTINELS, registryPassword: "SENTINEL-registry-token-5d6f" };
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

interface SecretSeen {
    readonly name: string;
    readonly immutable: unknown;
    readonly type: string;
    readonly data: Record<string, string>;
    readonly dataIsSecret: boolean;
    /** metadata.name as registered; undefined when the provider names it. */
    readonly explicitName?: string;
}

/** The Kubernetes Secrets the program registered, by resource name. */
function secretsOf(resources: readonly RecordedResource[]): Record<string, SecretSeen> {
    return Object.fromEntries(
        byType(resources, T.secret).map((r) => {
            // An empty Secret has no stringData (an empty one would diff on every preview).
            const stringData = (r.inputs.stringData ?? {}) as Record<string, unknown>;
            const secretMarked = stringData[SECRET_SIG_KEY] === SECRET_SIG || Object.values(stringData).every((v) => (v as Record<string, unknown>)?.[SECRET_SIG_KEY] === SECRET_SIG);
            return [r.name, {
                name: String((unwrapSecrets(r.inputs.metadata) as { name?: string }).name ?? mockAutoName(r.name, r.inputs)),
                explicitName: (unwrapSecrets(r.inputs.metadata) as { name?: string }).name,
                immutable: r.inputs.immutable,
                type: String(r.inputs.type),
                data: unwrapSecrets(stringData) as Record<string, string>,
                dataIsSecret: secretMarked,
            }];
        }),
    );
}

describe("secrets", () => {
    for (const [stack, config, secrets] of [["dev", {}, SENTINELS], ["prod", PROD_CONFIG, PROD_SENTINELS]] as const) {
        it(`${stack}: sentinel secrets appear only inside secret-marked values, never in outputs or logs`, async () => {
            const { resources, outputs, secretOutputs, warnings } = await runProgram({ stack, config, secrets });
            assert.deepStrictEqual(leaksIn(resources), []);
            assert.deepStrictEqual(plaintextLeaks(outputs, "outputs"), []);
            assert.deepStrictEqual(plaintextLeaks(warnings, "log"), []);
            assert.deepStrictEqual(secretOutputs, [], "no output needs to be secret, so none is");

            // Each workload's Secret holds exactly the keys it reads, secret-marked.
            const s = secretsOf(resources);
            assert.deepStrictEqual(s["secrets-backend"].data, { BETTER_AUTH_SECRET: SENTINELS.betterAuthSecret, DATABASE_URL: SENTINELS.databaseUrl, OPENAI_API_KEY: SENTINELS.openaiApiKey });
            assert.deepStrictEqual(s["secrets-frontend-web"].data, { BETTER_AUTH_SECRET: SENTINELS.betterAuthSecret });
            assert.deepStrictEqual(s["secrets-frontend-chatbot"].data, { OPENAI_API_KEY: SENTINELS.openaiApiKey });
            assert.strictEqual(s["secrets-postgresql"], undefined, "an external database: no PostgreSQL Secret");
            for (const reader of ["backend", "frontend-web", "frontend-chatbot"]) {
                const secret = s[`secrets-${reader}`];
                assert.ok(secret.dataIsSecret, `${reader}: data is a Pulumi secret`);
                assert.strictEqual(secret.immutable, true, `${reader}: immutable`);
                assert.strictEqual(secret.explicitName, undefined, `${reader}: auto-named, so a replacement never collides with a Secret awaiting deletion`);
            }

            // The Release references the Secrets by name and carries no secret value at all.
            const values = releaseValuesOf(resources);
            assert.deepStrictEqual(values.secrets, { name: s["secrets-backend"].name, managed: false }, "secrets.name: the Secret holding every app key");
            assert.strictEqual(values.frontendWeb.secretName, s["secrets-frontend-web"].name);
            assert.strictEqual(values.frontendChatbot.secretName, s["secrets-frontend-chatbot"].name);
            assert.strictEqual(values.secretChecksum, undefined, "no checksum of secret data in the values");
            assert.ok(!JSON.stringify(values).includes("SENTINEL"));
            for (const image of byType(resources, T.image)) {
                const args = unwrapSecrets((image.inputs.build as Record<string, unknown>).args) ?? {};
                assert.ok(!JSON.stringify(args).includes("SENTINEL"), `${image.name} build args`);
            }
        });
    }

    it("prod: a dockerconfigjson pull Secret from registryUsername/registryPassword, used by every pod", async () => {
        const { resources } = await runProgram({ stack: "prod", config: PROD_CONFIG, secrets: PROD_SENTINELS });
        const pull = secretsOf(resources)["secrets-registry"];
        assert.strictEqual(pull.type, "kubernetes.io/dockerconfigjson");
        assert.ok(pull.dataIsSecret);
        // Written out, not recomputed with the component's own dockerConfigJson.
        const password = PROD_SENTINELS.registryPassword;
        const auth = Buffer.from(`example-bot:${password}`).toString("base64");
        assert.deepStrictEqual(JSON.parse(pull.data[".dockerconfigjson"]), { auths: { "ghcr.io": { username: "example-bot", password, auth } } });
        assert.deepStrictEqual(releaseValuesOf(resources).imagePullSecrets, [{ name: "todo-app-registry" }]);
    });

    it("dev without secrets: generated auth secret and an in-cluster PostgreSQL with its own Secret", async () => {
        const { resources } = await runProgram({ stack: "dev" });
        const passwords = byType(resources, T.password).map((p) => p.name).sort();
        assert.deepStrictEqual(passwords, ["secrets-better-auth-secret", "secrets-postgresql-password"]);
        const s = secretsOf(resources);
        const pg = s["secrets-postgresql"].data;
        assert.deepStrictEqual(Object.keys(pg), ["POSTGRES_PASSWORD"], "PostgreSQL reads its password only");
        // The value is the mock's; what the program asks of @pulumi/random is what matters.
        const pgPassword = byType(resources, T.password).find((p) => p.name === "secrets-postgresql-password")!;
        assert.deepStrictEqual([pgPassword.inputs.length, pgPassword.inputs.special], [32, false]);
        const backend = s["secrets-backend"].data;
        assert.match(backend.BETTER_AUTH_SECRET, /^generated-secrets-better-auth-secret/);
        assert.strictEqual(backend.DATABASE_URL, `postgresql://todo:${pg.POSTGRES_PASSWORD}@todo-app-postgresql.todo-dev.svc.cluster.local:5432/todo`);
        assert.strictEqual(backend.OPENAI_API_KEY, undefined, "no key: the chatbot reports chat disabled");
        assert.deepStrictEqual(s["secrets-frontend-chatbot"].data, {}, "the chatbot's Secret is empty, and stays named");
        const chatbot = byType(resources, T.secret).find((r) => r.name === "secrets-frontend-chatbot")!;
        assert.ok(!("stringData" in chatbot.inputs) || chatbot.inputs.stringData === undefined, "no empty stringData: the API server drops it, so every preview would replace the Secret");
        const values = releaseValuesOf(resources);
        // What the program owns in the block (values-dev.yaml adds its persistence size).
        assert.deepStrictEqual({ enabled: values.postgresql.enabled, secretName: values.postgresql.secretName }, { enabled: true, secretName: s["secrets-postgresql"].name });
        assert.deepStrictEqual(leaksIn(resources), []);
    });

    it("dev with a databaseUrl uses it and runs no in-cluster PostgreSQL", async () => {
        const { resources } = await runProgram({ stack: "dev", secrets: { databaseUrl: SENTINELS.databaseUrl } });
        const pg = releaseValuesOf(resources).postgresql;
        assert.deepStrictEqual({ enabled: pg.enabled, secretName: pg.secretName }, { enabled: false, secretName: undefined });
        assert.deepStrictEqual(byType(resources, T.password).map((p) => p.name).sort(), ["secrets-better-auth-secret"]);
    });

    const rotation = async (rotated: Partial<typeof SENTINELS>): Promise<{ renamed: string[]; valuesChanged: string[] }> => {
        const before = await runProgram({ stack: "dev", secrets: SENTINELS });
        const after = await runProgram({ stack: "dev", secrets: { ...SENTINELS, ...rotated } });
        const [a, b] = [secretsOf(before.resources), secretsOf(after.resources)];
        const renamed = Object.keys(a).filter((k) => a[k].name !== b[k].name).sort();
        const [va, vb] = [releaseValuesOf(before.resources), releaseValuesOf(after.resources)];
        const valuesChanged = ["secrets", "backend", "frontendWeb", "frontendChatbot", "postgresql"].filter((k) => JSON.stringify(va[k]) !== JSON.stringify(vb[k]));
        return { renamed, valuesChanged };
    };

    it("rotating openaiApiKey changes (so the provider replaces and renames) only the backend's and the chatbot's Secrets", async () => {
        assert.deepStrictEqual(await rotation({ openaiApiKey: "sk-SENTINEL-rotated" }), {
            renamed: ["secrets-backend", "secrets-frontend-chatbot"],
            valuesChanged: ["secrets", "backend", "frontendChatbot"],
        });
    });

    it("rotating betterAuthSecret changes (so the provider replaces and renames) only the backend's and the web UI's Secrets; PostgreSQL is untouched", async () => {
        assert.deepStrictEqual(await rotation({ betterAuthSecret: "SENTINEL-auth-secret-rotated-0123456789abcdef" }), {
            renamed: ["secrets-backend", "secrets-frontend-web"],
            valuesChanged: ["secrets", "backend", "frontendWeb"],
        });
    });

    it("a configured secret's value in a build arg is refused before any resource", async () => {
        const leaky = { builds: { frontendWeb: { args: { NEXT_PUBLIC_GREETING: "hello SENTINEL-auth-secret-9c1d-0123456789abcdef" } } } };
        await assert.rejects(runProgram({ stack: "dev", config: leaky, secrets: SENTINELS }), (e: Error & { resources?: unknown[] }) =>
            /builds\.frontendWeb\.args\.NEXT_PUBLIC_GREETING = "<redacted>": contains a configured secret/.test(e.message) && !e.message.includes("SENTINEL") && e.resources?.length === 0,
        );
    });

    it("secret values are checked for the apps' runtime rules, naming the key and the fix", async () => {
        await assert.rejects(
            runProgram({ stack: "dev", secrets: { databaseUrl: "mysql://u:p@db/todo", betterAuthSecret: "short" } }),
            (e: Error) =>
                /databaseUrl = "<redacted>": must be a PostgreSQL URL/.test(e.message) &&
                /betterAuthSecret = "<redacted>": must be at least 32 characters/.test(e.message) &&
                !e.message.includes("u:p@db"),
        );
    });
});
