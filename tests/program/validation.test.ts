// Every validation rule: a bad value gives an error naming the key, the value and what is
// allowed; all problems come at once; and a bad config registers no resource at all.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ConfigError, RawConfig, validateConfig, ValidationContext } from "../../components/todoAppSettings";
import { ProgramFailed, PROJECT_ROOT, runProgram } from "./harness";

const ctx = (over: Partial<ValidationContext> = {}): ValidationContext => ({
    project: "todo-app",
    stack: "dev",
    projectRoot: PROJECT_ROOT,
    secrets: {},
    exists: () => true,
    ...over,
});

/** The problems validateConfig reports for `raw` (fails the test when it accepts it). */
function problemsOf(raw: RawConfig, c: ValidationContext = ctx()): readonly string[] {
    try {
        validateConfig(raw, c);
    } catch (e) {
        assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e}`);
        return e.problems;
    }
    assert.fail(`expected ${JSON.stringify(raw)} to be rejected`);
}

function assertOneProblem(raw: RawConfig, ...fragments: string[]): void {
    const problems = problemsOf(raw);
    const hit = problems.find((p) => fragments.every((f) => p.includes(f)));
    assert.ok(hit, `no problem mentions all of ${JSON.stringify(fragments)}; got:\n${problems.join("\n")}`);
}

const PROD = { environment: "prod", target: "context", kubeContext: "prod", registry: "ghcr.io/acme", publicUrl: "https://todo.example.com" };
const PROD_SECRETS = { databaseUrl: "postgresql://todo:pw@db.example.com/todo", betterAuthSecret: "x".repeat(32) };

describe("config validation", () => {
    it("accepts the defaults and returns frozen settings", () => {
        const settings = validateConfig({}, ctx());
        assert.strictEqual(settings.cluster.kubeContext, "minikube");
        assert.strictEqual(settings.images.loadMode, undefined, "Minikube's load path follows the profile's runtime");
        assert.strictEqual(settings.release.namespace, "todo-dev");
        assert.strictEqual(settings.services.frontendWeb.nodePort, 30000);
        assert.strictEqual(settings.services.backend.nodePort, undefined);
        assert.ok(Object.isFrozen(settings.services.backend.resources.requests));
    });

    it("Pulumi.yaml declares the same defaults the program applies", () => {
        const project = YAML.parse(fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), "utf8")) as { config: Record<string, { default: unknown }> };
        const declared = Object.fromEntries(Object.entries(project.config).map(([k, v]) => [k, v.default])) as RawConfig;
        assert.deepStrictEqual(validateConfig(declared, ctx()), validateConfig({}, ctx()));
    });

    it("NodePorts: integers in 30000–32767", () => {
        assertOneProblem({ frontendWebNodePort: 29999 }, "todo-app:frontendWebNodePort = 29999", "30000-32767");
        assertOneProblem({ frontendChatbotNodePort: 32768 }, "frontendChatbotNodePort = 32768", "30000-32767");
        assertOneProblem({ backendNodePort: 30002.5 }, "backendNodePort = 30002.5", "integer");
    });

    it("NodePorts: distinct", () => {
        assertOneProblem({ frontendWebNodePort: 30005, frontendChatbotNodePort: 30005 }, "frontendWebNodePort = 30005", "also used by todo-app:frontendChatbotNodePort", "distinct");
    });

    it("replicas: positive integers, at least 2 in prod", () => {
        assertOneProblem({ backendReplicas: 0 }, "backendReplicas = 0", "integer from 1 to 20");
        assertOneProblem({ frontendWebReplicas: 1.5 }, "frontendWebReplicas = 1.5", "integer from 1 to 20");
        const prodProblems = problemsOf({ ...PROD, backendReplicas: 1 }, ctx({ stack: "prod", secrets: PROD_SECRETS }));
        assert.ok(prodProblems.some((p) => p.includes("backendReplicas = 1") && p.includes("integer from 2 to 20") && p.includes("at least 2")), prodProblems.join("\n"));
    });

    it("resources: valid quantities, requests not above limits", () => {
        assertOneProblem({ resources: { backend: { requests: { cpu: "lots" } } } }, "resources.backend.requests.cpu = \"lots\"", "not a Kubernetes quantity");
        assertOneProblem({ resources: { frontendWeb: { limits: { memory: "256MB" } } } }, "resources.frontendWeb.limits.memory = \"256MB\"", "not a Kubernetes quantity");
        assertOneProblem({ resources: { backend: { requests: { memory: "1Gi" }, limits: { memory: "512Mi" } } } }, "resources.backend.requests.memory = \"1Gi\"", "more than its limit 512Mi");
        assertOneProblem({ resources: { backend: { requests: { cpu: "2" } } } }, "requests.cpu = \"2\"", "more than its limit 500m");
    });

    it("sourceRoot must hold the three service folders", () => {
        const problems = problemsOf({ sourceRoot: "nowhere" }, ctx({ exists: (p) => !p.includes("nowhere") }));
        assert.ok(problems.some((p) => p.includes("todo-app:sourceRoot = \"nowhere\"") && p.includes("backend/, frontend-web/, frontend-chatbot/")), problems.join("\n"));
    });

    it("chartPath must hold a Chart.yaml", () => {
        const problems = problemsOf({ chartPath: "charts/missing" }, ctx({ exists: (p) => !p.endsWith(path.join("missing", "Chart.yaml")) }));
        assert.ok(problems.some((p) => p.includes("todo-app:chartPath = \"charts/missing\"") && p.includes("Chart.yaml")), problems.join("\n"));
    });

    it("smokeDepth defaults to full for this project's chart and to probes for any other; off and probes are kept", () => {
        const depth = (raw: RawConfig): string => validateConfig(raw, ctx()).smokeDepth;
        assert.strictEqual(depth({}), "full");
        assert.strictEqual(depth({ chartPath: "tests/fixtures/nextjs-monorepo/helm-charts/todo-app" }), "probes");
        assert.strictEqual(depth({ chartPath: "tests/fixtures/nextjs-monorepo/helm-charts/todo-app", smokeDepth: "full" }), "full");
        assert.strictEqual(depth({ smokeDepth: "off" }), "off");
    });

    it("prod requires databaseUrl, betterAuthSecret, a registry and explicit CORS origins", () => {
        const problems = problemsOf({ environment: "prod", target: "context", kubeContext: "prod", allowedOrigins: "*" }, ctx({ stack: "prod" }));
        for (const fragment of ["todo-app:databaseUrl", "pulumi config set -s prod --secret databaseUrl", "todo-app:betterAuthSecret", "todo-app:registry", "todo-app:allowedOrigins = \"*\"", "todo-app:publicUrl"]) {
            assert.ok(problems.some((p) => p.includes(fragment)), `missing ${fragment} in:\n${problems.join("\n")}`);
        }
        assert.doesNotThrow(() => validateConfig(PROD, ctx({ stack: "prod", secrets: PROD_SECRETS })));
    });

    it("an unknown imageLoad mode is rejected with the allowed values", () => {
        assertOneProblem({ imageLoad: "scp" }, "todo-app:imageLoad = \"scp\"", "docker-env, minikube-image-load, kind-load, command, registry");
    });

    it("imageLoad must suit the target, and 'command' needs {image}", () => {
        assertOneProblem({ target: "kind", imageLoad: "docker-env" }, "imageLoad = \"docker-env\"", "only works with target minikube");
        assertOneProblem({ target: "context", kubeContext: "k3d-dev", imageLoadCommand: "k3d image import" }, "todo-app:imageLoadCommand", "{image}");
        assertOneProblem({ target: "context" }, "todo-app:kubeContext", "current context is never used");
    });

    it("unknown environment, target and logLevel name the allowed values", () => {
        assertOneProblem({ environment: "staging" }, "environment = \"staging\"", "dev, prod");
        assertOneProblem({ target: "docker-desktop" }, "target = \"docker-desktop\"", "minikube, kind, context");
        assertOneProblem({ logLevel: "verbose" }, "logLevel = \"verbose\"", "debug, info, warning, error");
    });

    it("release settings: timeout, history, names", () => {
        assertOneProblem({ releaseTimeoutSeconds: 5 }, "releaseTimeoutSeconds = 5", "60 to 3600");
        assertOneProblem({ releaseHistory: 1 }, "releaseHistory = 1", "rollback");
        assertOneProblem({ releaseName: "Todo_App" }, "releaseName = \"Todo_App\"", "DNS label");
    });

    it("build args that look secret are refused, with the reason and the alternative", () => {
        assertOneProblem({ builds: { frontendWeb: { args: { BETTER_AUTH_SECRET: "abc" } } } }, "builds.frontendWeb.args.BETTER_AUTH_SECRET", "image's history", "pulumi config set -s dev --secret");
        assertOneProblem({ builds: { backend: { args: { DB: "postgresql://u:hunter2@db/x" } } } }, "builds.backend.args.DB = \"<redacted>\"", "looks like a secret");
        assertOneProblem({ builds: { frontendWeb: { args: { NEXT_PUBLIC_API_URL: "http://{nodeIp}:30002" } } } }, "unknown placeholder(s) {nodeIp}", "{nodeAddress}");
        const problems = problemsOf({ builds: { backend: { args: { DB: "postgresql://u:hunter2@db/x" } } } });
        assert.ok(problems.every((p) => !p.includes("hunter2")), "the refused value itself is never printed");
    });

    it("extraValues must not carry secrets", () => {
        assertOneProblem({ extraValues: { backend: { env: { OPENAI_API_KEY: "sk-123" } } } }, "extraValues.backend.env.OPENAI_API_KEY", "plaintext");
        assert.doesNotThrow(() => validateConfig({ extraValues: { backend: { env: { FEATURE: "on" } }, serviceAccount: { annotations: { team: "todo" } } } }, ctx()));
    });

    it("reports every problem at once, including values that are not numbers", () => {
        const problems = problemsOf({ frontendWebNodePort: 1, backendReplicas: 0, imageLoad: "scp", releaseHistory: 0, releaseTimeoutSeconds: "soon" });
        for (const key of ["frontendWebNodePort = 1", "backendReplicas = 0", 'imageLoad = "scp"', "releaseHistory = 0", 'releaseTimeoutSeconds = "soon"']) {
            assert.ok(problems.some((p) => p.includes(key)), `missing ${key} in:\n${problems.join("\n")}`);
        }
        assert.ok(problems.some((p) => p.includes('releaseTimeoutSeconds = "soon"') && p.includes("integer from 60 to 3600") && p.includes("Fix: pulumi config set -s dev releaseTimeoutSeconds 600")), problems.join("\n"));
    });

    it("a bad config fails before any resource is registered", async () => {
        await assert.rejects(
            runProgram({ stack: "dev", config: { frontendWebNodePort: 80, imageLoad: "scp" } }),
            (e: unknown) => {
                assert.ok(e instanceof ProgramFailed);
                assert.match(e.message, /frontendWebNodePort = 80/);
                assert.match(e.message, /imageLoad = "scp"/);
                assert.strictEqual(e.resources.length, 0, `registered: ${e.resources.map((r) => r.type).join(", ")}`);
                return true;
            },
        );
    });

    it("a missing prod secret fails before any resource is registered", async () => {
        await assert.rejects(
            runProgram({ stack: "prod", config: PROD }),
            (e: unknown) => e instanceof ProgramFailed && /databaseUrl/.test(e.message) && /betterAuthSecret/.test(e.message) && e.resources.length === 0,
        );
    });
});
