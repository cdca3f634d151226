// The dev variant `npm run dev` deploys (devMode): what it changes (the dev stage, one replica,
// raised limits, writable source folders) and that nothing else can get it (a prod stack, a
// chart without writablePaths, a Dockerfile without a dev stage), each refused before any
// resource exists.
import * as assert from "assert";
import * as fs from "fs";
import { ConfigError, validateConfig, ValidationContext } from "../../components/todoAppSettings";
import { byType, PROD_CONFIG, PROD_SECRETS, PROJECT_ROOT, releaseValuesOf, runProgram, T } from "./harness";

const ctx = (over: Partial<ValidationContext> = {}): ValidationContext => ({
    project: "todo-app", stack: "dev", projectRoot: PROJECT_ROOT, secrets: {}, exists: () => true, ...over,
});

function problemsOf(raw: Record<string, unknown>, c: ValidationContext = ctx()): readonly string[] {
    try {
        validateConfig(raw, c);
    } catch (e) {
        assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e}`);
        return e.problems;
    }
    return [];
}

describe("dev variant (devMode)", () => {
    it("builds each service's dev stage, one replica, limits a dev server fits in", () => {
        const s = validateConfig({ devMode: true }, ctx());
        assert.strictEqual(s.devMode, true);
        for (const service of ["backend", "frontendWeb", "frontendChatbot"] as const) {
            assert.strictEqual(s.services[service].build.target, "dev", service);
            assert.strictEqual(s.services[service].replicas, 1, service);
        }
        assert.deepStrictEqual(s.services.frontendWeb.resources, { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "1Gi" } });
        assert.deepStrictEqual(s.services.backend.resources.limits, { cpu: "500m", memory: "512Mi" }, "a limit already high enough stays");
        const off = validateConfig({}, ctx());
        assert.strictEqual(off.services.backend.build.target, undefined, "without devMode the last (runtime) stage is built");
        assert.strictEqual(off.services.backend.replicas, 2);
    });

    it("is refused on a prod stack, with the fix, alongside every other problem", () => {
        const problems = problemsOf({ ...PROD_CONFIG, devMode: true, backendReplicas: 0 }, ctx({ stack: "prod", secrets: PROD_SECRETS }));
        assert.ok(problems.some((p) => p.startsWith("todo-app:devMode = true: a prod stack never runs the dev servers") && p.includes("pulumi config rm -s prod devMode")), problems.join("\n"));
        assert.ok(problems.some((p) => p.startsWith("todo-app:backendReplicas")), "the other problem is listed too");
        assert.deepStrictEqual(problemsOf({ ...PROD_CONFIG }, ctx({ stack: "prod", secrets: PROD_SECRETS })), [], "control: the same prod stack without devMode is accepted");
    });

    it("is refused when a Dockerfile has no dev stage, or the chart is not this project's", () => {
        const noDevStage = (file: string): string => fs.readFileSync(file, "utf8").replace(/ AS dev$/m, " AS devel");
        const problems = problemsOf({ devMode: true }, ctx({ readFile: (f) => (f.endsWith("backend.Dockerfile") ? noDevStage(f) : fs.readFileSync(f, "utf8")) }));
        assert.ok(problems.some((p) => p.includes("docker/backend.Dockerfile (backend) has no 'dev' stage")), problems.join("\n"));
        assert.ok(problems.every((p) => !p.includes("frontend-web.Dockerfile")), "the Dockerfiles with a dev stage pass");
        const otherChart = problemsOf({ devMode: true, chartPath: "tests/fixtures/existing-repo/helm-charts/todo-app" }, ctx());
        assert.ok(otherChart.some((p) => p.includes("mounts its writable source folders through charts/todo-app's writablePaths")), otherChart.join("\n"));
    });

    it("gives the chart writable source folders and deploys the dev images, which carry their own tags", async () => {
        const dev = await runProgram({ config: { devMode: true } });
        const values = releaseValuesOf(dev.resources);
        assert.deepStrictEqual(values.backend.writablePaths, ["/tmp", "/app/app"]);
        assert.deepStrictEqual(values.frontendWeb.writablePaths, ["/tmp", "/app/.next", "/app/app", "/app/lib", "/app/public"]);
        assert.strictEqual(values.frontendWeb.replicaCount, 1);
        const prod = await runProgram();
        assert.strictEqual(releaseValuesOf(prod.resources).backend.writablePaths, undefined, "without devMode the chart's own paths apply");
        const refs = (r: typeof dev): string[] => byType(r.resources, T.image).map((i) => String(i.inputs.imageName)).sort();
        const devRefs = refs(dev);
        refs(prod).forEach((ref, i) => assert.notStrictEqual(ref, devRefs[i], "a dev image never shares a tag with a production one"));
        assert.ok(byType(dev.resources, T.image).every((i) => (i.inputs.build as { target?: string }).target === "dev"));
    });
});
