// Which saves the dev loop copies into the pods and which take the full path: only files in a
// service's synced folders are copied; a dependency manifest, a Dockerfile, the chart, the
// program or a removed source file sends the whole batch through build, load and `pulumi up`.
import * as assert from "assert";
import * as path from "path";
import { planSync, syncTargets } from "../../scripts/lib/syncPlan";

const ROOT = "/work/project";
const targets = syncTargets({ projectRoot: ROOT, contexts: {}, releaseName: "todo-app" });
const at = (...parts: string[]): string => path.join(ROOT, ...parts);
const everyFileExists = (): boolean => true;

describe("dev loop: what a save syncs", () => {
    it("copies a source file into its service's container, under the dev image's workdir", () => {
        const plan = planSync([at("apps", "backend", "app", "main.py"), at("apps", "frontend-web", "app", "api", "health", "route.ts")], targets, new Set(), everyFileExists);
        assert.strictEqual(plan.kind, "sync");
        assert.deepStrictEqual(plan.kind === "sync" && plan.copies.map((c) => [c.target.service, c.target.container, c.remote]), [
            ["backend", "backend", "/app/app/main.py"],
            ["frontendWeb", "frontend-web", "/app/app/api/health/route.ts"],
        ]);
        assert.strictEqual(targets[0].selector, "app.kubernetes.io/instance=todo-app,app.kubernetes.io/component=backend");
    });

    for (const [what, file, reason] of [
        ["a dependency manifest", at("apps", "backend", "requirements.txt"), "backend: requirements.txt is outside app/"],
        ["a lockfile", at("apps", "frontend-web", "package-lock.json"), "frontendWeb: package-lock.json is outside app/, lib/, public/"],
        ["the Next.js config", at("apps", "frontend-chatbot", "next.config.mjs"), "frontendChatbot: next.config.mjs is outside"],
        ["a Dockerfile", at("docker", "backend.Dockerfile"), "is not in a service's source"],
        ["the chart", at("charts", "todo-app", "values.yaml"), "is not in a service's source"],
    ] as const) {
        it(`sends ${what} through the full path, and the whole batch with it`, () => {
            const plan = planSync([at("apps", "backend", "app", "main.py"), file], targets, new Set(), everyFileExists);
            assert.strictEqual(plan.kind, "full");
            assert.ok(plan.kind === "full" && plan.reason.includes(reason), plan.kind === "full" ? plan.reason : "");
        });
    }

    it("takes the full path for a removed source file, and skips a temporary file that came and went", () => {
        const removed = at("apps", "backend", "app", "todos.py");
        const gone = (p: string): boolean => p !== removed && !p.endsWith("sedX1y2z3");
        const plan = planSync([removed], targets, new Set([removed]), gone);
        assert.ok(plan.kind === "full" && plan.reason === "backend: app/todos.py was removed, and a sync only copies files", JSON.stringify(plan));
        const temp = planSync([at("apps", "backend", "app", "sedX1y2z3"), at("apps", "backend", "app", "main.py")], targets, new Set([removed]), gone);
        assert.ok(temp.kind === "sync" && temp.copies.length === 1 && temp.copies[0].remote === "/app/app/main.py", JSON.stringify(temp));
    });

    it("follows sourceRoot and a build context set in the stack", () => {
        const moved = syncTargets({ projectRoot: ROOT, sourceRoot: "../monorepo", contexts: { backend: "services/api" }, releaseName: "r" });
        const plan = planSync([path.join("/work/monorepo/services/api/app/x.py")], moved, new Set(), everyFileExists);
        assert.ok(plan.kind === "sync" && plan.copies[0].target.service === "backend" && plan.copies[0].remote === "/app/app/x.py", JSON.stringify(plan));
        assert.strictEqual(moved[1].context, "/work/monorepo/frontend-web");
    });
});
