// A battery of the mistakes users make in stack config. Each must be refused by
// validateConfig with the setting, the value (redacted when secret) and a fix, and a secret
// must never be echoed. The last tests run whole batteries through the program under mocks:
// every problem comes in one error and no resource is registered.
import * as assert from "assert";
import { RawConfig, SecretValues } from "../../components/config/configKeys";
import { ConfigError, validateConfig, ValidationContext } from "../../components/todoAppSettings";
import { ProgramFailed, PROJECT_ROOT, runProgram } from "./harness";

const AUTH = "auth-secret-0123456789abcdef0123456789";
const DB = "postgresql://todo:db-pass-7f3a@db.example.com:5432/todo";
const PROD: RawConfig = { environment: "prod", target: "context", kubeContext: "prod", registry: "ghcr.io/acme", publicUrl: "https://todo.example.com" };
const PROD_SECRETS: SecretValues = { databaseUrl: DB, betterAuthSecret: AUTH };

interface Mistake {
    readonly what: string;
    readonly raw?: RawConfig;
    readonly secrets?: SecretValues;
    readonly configuredKeys?: readonly string[];
    readonly stack?: string;
    /** Every fragment must appear in one problem. */
    readonly expect: readonly string[];
}

const MISTAKES: readonly Mistake[] = [
    // numbers and booleans as text, the way `pulumi config set` stores them
    { what: "a unit after a number", raw: { releaseTimeoutSeconds: "600s" }, expect: ['releaseTimeoutSeconds = "600s"', "integer from 60 to 3600", "Fix: pulumi config set -s dev releaseTimeoutSeconds 600"] },
    { what: "words after a number", raw: { backendReplicas: "3 pods" }, expect: ['backendReplicas = "3 pods"', "integer from 1 to 20", "Fix: pulumi config set -s dev backendReplicas 2"] },
    { what: "a fraction of a replica", raw: { frontendWebReplicas: "1.5" }, expect: ["frontendWebReplicas = 1.5", "integer"] },
    { what: "a NodePort as a word", raw: { frontendWebNodePort: "thirty thousand" }, expect: ["frontendWebNodePort", "30000-32767", "Fix: pulumi config set -s dev frontendWebNodePort 30000"] },
    { what: "a NodePort below the range", raw: { frontendChatbotNodePort: "8080" }, expect: ["frontendChatbotNodePort = 8080", "30000-32767", "or 0 for none"] },
    { what: "a negative history", raw: { releaseHistory: "-1" }, expect: ["releaseHistory = -1", "3 to 100", "rollback"] },
    { what: "yes for a boolean", raw: { buildOnPreview: "yes" }, expect: ['buildOnPreview = "yes"', "true or false"] },
    { what: "an object that is not a map", raw: { resources: "[1,2]" }, expect: ["resources", "must be a map"] },
    // typos inside map-valued settings
    { what: "request for requests", raw: { resources: { backend: { request: { cpu: "100m" } } } }, expect: ["resources.backend.request", "allowed: requests, limits", "rename it to resources.backend.requests"] },
    { what: "memroy for memory", raw: { resources: { backend: { limits: { memroy: "1Gi" } } } }, expect: ["resources.backend.limits.memroy", "rename it to resources.backend.limits.memory"] },
    { what: "an unknown service under resources", raw: { resources: { frontend: { limits: { cpu: "1" } } } }, expect: ["resources.frontend", "allowed: backend, frontendWeb, frontendChatbot"] },
    { what: "a misspelt service under resources", raw: { resources: { fronendWeb: { limits: { cpu: "1" } } } }, expect: ["resources.fronendWeb", "rename it to resources.frontendWeb"] },
    { what: "dockerFile for dockerfile", raw: { builds: { backend: { dockerFile: "Dockerfile" } } }, expect: ["builds.backend.dockerFile", "rename it to builds.backend.dockerfile"] },
    { what: "an unknown service under builds", raw: { builds: { api: { context: "backend" } } }, expect: ["builds.api", "allowed: backend, frontendWeb, frontendChatbot"] },
    { what: "buildArgs for args", raw: { builds: { frontendWeb: { buildArgs: { A: "b" } } } }, expect: ["builds.frontendWeb.buildArgs", "allowed: context, dockerfile, target, args"] },
    { what: "a quantity with a wrong unit", raw: { resources: { frontendWeb: { limits: { memory: "256MB" } } } }, expect: ['resources.frontendWeb.limits.memory = "256MB"', "not a Kubernetes quantity"] },
    // paths
    { what: "a build context outside the project", raw: { builds: { backend: { context: "../../.." } } }, expect: ["builds.backend.context", "outside sourceRoot"] },
    { what: "an absolute Dockerfile elsewhere", raw: { builds: { backend: { dockerfile: "/etc/passwd" } } }, expect: ["builds.backend.dockerfile", "outside sourceRoot"] },
    // misspelt top-level keys, and secrets under the wrong name
    { what: "a misspelt top-level key", configuredKeys: ["backendReplica"], expect: ["todo-app:backendReplica: is not a setting", "set backendReplicas instead"] },
    { what: "a secret under a wrong key", configuredKeys: ["databaseURL"], expect: ["todo-app:databaseURL: is not a setting", "set databaseUrl instead"] },
    // secret values, checked before any resource
    { what: "a short betterAuthSecret", secrets: { betterAuthSecret: "short" }, expect: ['betterAuthSecret = "<redacted>"', "at least 32 characters (it has 5)", "openssl rand"] },
    { what: "a MySQL databaseUrl", secrets: { databaseUrl: "mysql://u:p@db/todo" }, expect: ['databaseUrl = "<redacted>"', "PostgreSQL URL", "--secret databaseUrl"] },
    { what: "a databaseUrl without a host", secrets: { databaseUrl: "postgresql+asyncpg:///dbonly" }, expect: ["databaseUrl", "PostgreSQL URL"] },
    { what: "an openaiApiKey with a space", secrets: { openaiApiKey: "sk- 123" }, expect: ["openaiApiKey", "without spaces"] },
    { what: "a configured secret pasted into a build arg", raw: { builds: { frontendWeb: { args: { NEXT_PUBLIC_GREETING: `hi ${AUTH}` } } } }, secrets: { betterAuthSecret: AUTH }, expect: ['builds.frontendWeb.args.NEXT_PUBLIC_GREETING = "<redacted>"', "contains a configured secret"] },
    { what: "a secret-named build arg", raw: { builds: { backend: { args: { ADMIN_PASS: "x" } } } }, expect: ["builds.backend.args.ADMIN_PASS", "looks like a secret"] },
    { what: "a registry password without a user", secrets: { registryPassword: "tok" }, expect: ["registryUsername", "never used"] },
    { what: "a smoke depth that is not one", raw: { smokeDepth: "deep" }, expect: ['smokeDepth = "deep"', "must be one of full, probes, off", "Fix: pulumi config set -s dev smokeDepth full"] },
    // extraValues
    { what: "a secret in an env list of extraValues", raw: { extraValues: { backend: { extraEnv: [{ name: "ADMIN_PASS", value: "hunter2" }] } } }, expect: ["extraValues.backend.extraEnv.0.ADMIN_PASS", "looks like a secret"] },
    { what: "a secret-named key in extraValues", raw: { extraValues: { backend: { env: { ADMIN_PASS: "hunter2" } } } }, expect: ["extraValues.backend.env.ADMIN_PASS", "plaintext"] },
    { what: "extraValues overriding a computed image", raw: { extraValues: { backend: { image: { tag: "latest" } } } }, expect: ["extraValues.backend.image", "computed by the program"] },
    { what: "extraValues with a key the chart's schema refuses", raw: { extraValues: { backend: { podAnotations: { a: "b" } } } }, expect: ["extraValues.backend.podAnotations", "not a key of the chart"] },
    // URLs, origins, names
    { what: "a public URL with a path", raw: { publicUrl: "https://todo.example.com/app" }, expect: ['publicUrl = "https://todo.example.com/app"', "no path"] },
    { what: "a CORS origin with a path", raw: { allowedOrigins: "https://todo.example.com/login" }, expect: ["allowedOrigins", "is not an origin"] },
    { what: "an http public URL in prod", stack: "prod", raw: { ...PROD, publicUrl: "http://todo.example.com" }, secrets: PROD_SECRETS, expect: ["publicUrl", "https"] },
    { what: "prod without a public URL", stack: "prod", raw: { ...PROD, publicUrl: undefined }, secrets: PROD_SECRETS, expect: ["publicUrl", "a prod stack needs the https URL"] },
    { what: "a platform that is not os/arch", raw: { imagePlatform: "amd64" }, expect: ['imagePlatform = "amd64"', "linux/amd64"] },
    { what: "an upper-case namespace", raw: { namespace: "Todo" }, expect: ['namespace = "Todo"', "DNS label"] },
    { what: "a registry with a scheme", raw: { registry: "https://ghcr.io/acme" }, expect: ['registry = "https://ghcr.io/acme"', "without scheme"] },
];

function problemsFor(m: Mistake): readonly string[] {
    const c: ValidationContext = { project: "todo-app", stack: m.stack ?? "dev", projectRoot: PROJECT_ROOT, secrets: m.secrets ?? {}, configuredKeys: m.configuredKeys, exists: () => true };
    try {
        validateConfig(m.raw ?? {}, c);
    } catch (e) {
        assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e}`);
        return e.problems;
    }
    return [];
}

describe("config mistakes users make", () => {
    for (const m of MISTAKES) {
        it(`refuses ${m.what}`, () => {
            const problems = problemsFor(m);
            assert.ok(problems.length > 0, "accepted");
            const hit = problems.find((p) => m.expect.every((f) => p.includes(f)));
            assert.ok(hit, `no problem mentions all of ${JSON.stringify(m.expect)}; got:\n${problems.join("\n")}`);
            assert.match(hit, /\. Fix: \S/, "every problem says how to fix it");
            for (const secret of Object.values(m.secrets ?? {})) {
                assert.ok(problems.every((p) => !p.includes(secret)), "a secret value is never echoed");
            }
        });
    }

    it("accepts what the backend accepts as a database URL", () => {
        for (const url of ["postgres://u:p@db/x", "postgresql://u:p@db:5432/x", "postgresql+asyncpg://u:p@db/x", "postgresql+psycopg://u:p@db/x"]) {
            assert.deepStrictEqual(problemsFor({ what: url, secrets: { databaseUrl: url }, expect: [] }), [], url);
        }
    });

    it("accepts a frontend NodePort of 0 (ClusterIP) and a real extraValues key", () => {
        assert.deepStrictEqual(problemsFor({ what: "ok", raw: { frontendWebNodePort: "0", extraValues: { backend: { env: { FEATURE_FLAGS: "beta" } }, networkPolicy: { enabled: false } } }, expect: [] }), []);
    });

    it("the whole battery through the program: one error listing every problem, nothing registered", async () => {
        const config = {
            releaseTimeoutSeconds: "600s",
            backendReplicas: "3 pods",
            resources: { backend: { request: { cpu: "100m" }, limits: { memroy: "1Gi" } } },
            builds: { backend: { dockerFile: "x" }, frontendWeb: { args: { NEXT_PUBLIC_GREETING: `hi ${AUTH}` } } },
            extraValues: { backend: { extraEnv: [{ name: "ADMIN_PASS", value: "hunter2" }] } },
            backendReplica: "3",
        };
        await assert.rejects(runProgram({ stack: "dev", config, secrets: { betterAuthSecret: AUTH, databaseUrl: "mysql://u:p@db/x" } }), (e: unknown) => {
            assert.ok(e instanceof ProgramFailed, String(e));
            assert.strictEqual(e.resources.length, 0, `registered: ${e.resources.map((r) => `${r.type} ${r.name}`).join(", ")}`);
            for (const key of ["releaseTimeoutSeconds", "backendReplicas =", "resources.backend.request", "resources.backend.limits.memroy", "builds.backend.dockerFile", "NEXT_PUBLIC_GREETING", "extraValues.backend.extraEnv", "backendReplica:", "databaseUrl"]) {
                assert.ok(e.message.includes(key), `missing ${key} in:\n${e.message}`);
            }
            assert.ok(!e.message.includes(AUTH) && !e.message.includes("hunter2") && !e.message.includes("u:p@db"), "no secret in the message");
            assert.match(e.message, /\(\d+ problems\); nothing was created or changed/);
            return true;
        });
    });

    it("secret rules fail before the first resource, not inside an apply", async () => {
        await assert.rejects(runProgram({ stack: "dev", secrets: { betterAuthSecret: "short" } }), (e: unknown) => {
            assert.ok(e instanceof ProgramFailed);
            assert.strictEqual(e.resources.length, 0);
            return /betterAuthSecret/.test(e.message);
        });
    });
});
