// The dev loop's scheduling and watching rules, without an engine: saves are debounced into one
// update, updates never overlap, saves during an update queue exactly one more, and only files
// that can change a deployment trigger one.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EngineEvent } from "@pulumi/pulumi/automation";
import { isWatched, watchRoots, watchSources } from "../../scripts/lib/sourceWatcher";
import { UpdateProgress } from "../../scripts/lib/updateProgress";
import { UpdateQueue } from "../../scripts/lib/updateQueue";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A runner that records each call and holds it open until released. */
function recordingRunner(): { calls: string[][]; active: number; maxActive: number; release: () => void; run: (paths: readonly string[]) => Promise<void> } {
    const state = { calls: [] as string[][], active: 0, maxActive: 0, release: () => {}, run: async (_p: readonly string[]) => {} };
    let releasers: Array<() => void> = [];
    state.release = () => {
        releasers.forEach((r) => r());
        releasers = [];
    };
    state.run = async (paths) => {
        state.calls.push([...paths]);
        state.active++;
        state.maxActive = Math.max(state.maxActive, state.active);
        await new Promise<void>((r) => releasers.push(r));
        state.active--;
    };
    return state;
}

describe("dev loop: the update queue", () => {
    it("debounces a burst of saves into one update with every path", async () => {
        const r = recordingRunner();
        const q = new UpdateQueue(r.run, { debounceMs: 20 });
        q.notify("a");
        q.notify("b");
        q.notify("a");
        await sleep(60);
        assert.deepStrictEqual(r.calls, [["a", "b"]]);
        r.release();
        await q.close();
    });

    it("kick() runs one update with no saved path, after the running one", async () => {
        const r = recordingRunner();
        const q = new UpdateQueue(r.run, { debounceMs: 10 });
        q.notify("save");
        await sleep(30);
        q.kick();
        q.kick();
        await sleep(30);
        assert.deepStrictEqual(r.calls, [["save"]], "the convergence waits for the running update");
        r.release();
        await sleep(30);
        assert.deepStrictEqual(r.calls, [["save"], []], "then runs once, however often it was asked");
        r.release();
        await q.close();
    });

    it("never runs two updates at once; saves during one queue exactly one more", async () => {
        const r = recordingRunner();
        const q = new UpdateQueue(r.run, { debounceMs: 10 });
        q.notify("first");
        await sleep(30);
        assert.ok(q.busy);
        q.notify("second");
        q.notify("third");
        await sleep(40);
        assert.deepStrictEqual(r.calls, [["first"]], "nothing starts while an update runs");
        r.release();
        await sleep(40);
        assert.deepStrictEqual(r.calls, [["first"], ["second", "third"]]);
        r.release();
        await sleep(40);
        assert.strictEqual(r.calls.length, 2, "no third update without a new save");
        assert.strictEqual(r.maxActive, 1);
        await q.close();
    });

    it("a failed update does not stop the loop", async () => {
        let calls = 0;
        const q = new UpdateQueue(async () => {
            calls++;
            throw new Error("build failed");
        }, { debounceMs: 5 });
        q.notify("x");
        await sleep(30);
        q.notify("y");
        await sleep(30);
        assert.strictEqual(calls, 2);
        await q.close();
    });

    it("close() waits for the running update and drops queued saves", async () => {
        const r = recordingRunner();
        const q = new UpdateQueue(r.run, { debounceMs: 5 });
        q.notify("a");
        await sleep(20);
        q.notify("b");
        let closed = false;
        const closing = q.close().then(() => {
            closed = true;
        });
        await sleep(20);
        assert.strictEqual(closed, false, "close waits for the running update");
        r.release();
        await closing;
        await sleep(20);
        assert.deepStrictEqual(r.calls, [["a"]]);
    });
});

describe("dev loop: what is watched", () => {
    it("service sources, Dockerfiles, the chart and the program trigger; dependencies, build output, tests and docs do not", () => {
        for (const p of ["apps/backend/app/main.py", "docker/backend.Dockerfile", "charts/todo-app/values.yaml", "components/images/images.ts", "index.ts"]) {
            assert.ok(isWatched(p), p);
        }
        for (const p of ["apps/frontend-web/node_modules/x/index.js", "apps/frontend-web/.next/server/app.js", "apps/backend/app/__pycache__/m.pyc", "tests/e2e/e2e.test.ts", "docs/PERFORMANCE.md", "Pulumi.dev.yaml", "apps/backend/app/.main.py.swp", ".pulumi-state/x.json"]) {
            assert.ok(!isWatched(p), p);
        }
    });

    it("adds sourceRoot and chartPath when a stack points outside the project", () => {
        const project = fs.mkdtempSync(path.join(os.tmpdir(), "dev-roots-"));
        fs.writeFileSync(path.join(project, "Pulumi.x.yaml"), "config:\n  todo-app:sourceRoot: ../their-repo\n  todo-app:chartPath: charts/todo-app\n");
        assert.deepStrictEqual(watchRoots(project, "x"), [project, path.resolve(project, "../their-repo")]);
        assert.deepStrictEqual(watchRoots(project, "none"), [project]);
    });

    it("reports a save in a watched file and in a new directory, not in node_modules", async () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "dev-watch-"));
        fs.mkdirSync(path.join(root, "apps", "backend"), { recursive: true });
        fs.mkdirSync(path.join(root, "apps", "node_modules"), { recursive: true });
        const seen: string[] = [];
        const stop = watchSources([root], (p) => seen.push(path.relative(root, p)));
        try {
            fs.writeFileSync(path.join(root, "apps", "node_modules", "dep.js"), "x");
            fs.writeFileSync(path.join(root, "apps", "backend", "main.py"), "x");
            fs.mkdirSync(path.join(root, "apps", "backend", "pkg"));
            await sleep(100);
            fs.writeFileSync(path.join(root, "apps", "backend", "pkg", "new.py"), "x");
            await sleep(200);
        } finally {
            stop();
        }
        assert.ok(seen.includes(path.join("apps", "backend", "main.py")), seen.join(", "));
        assert.ok(seen.includes(path.join("apps", "backend", "pkg", "new.py")), `a file in a new directory: ${seen.join(", ")}`);
        assert.ok(!seen.some((p) => p.includes("node_modules")), seen.join(", "));
    });
});

describe("dev loop: progress lines from the engine's events", () => {
    const urn = (type: string, name: string): string => `urn:pulumi:dev::todo-app::todo:images:Images$${type}::${name}`;
    const pre = (type: string, name: string, op: string): EngineEvent => ({ sequence: 0, timestamp: 0, resourcePreEvent: { metadata: { op, urn: urn(type, name), type, provider: "" } } }) as EngineEvent;
    const done = (type: string, name: string, op: string): EngineEvent => ({ sequence: 0, timestamp: 0, resOutputsEvent: { metadata: { op, urn: urn(type, name), type, provider: "" } } }) as EngineEvent;

    it("one line per changed build, load and Release, with each phase's seconds; unchanged resources are silent", () => {
        let clock = 0;
        const lines: string[] = [];
        const progress = new UpdateProgress((l) => lines.push(l), () => clock);
        progress.onEvent(pre("docker:index/image:Image", "images-frontend-web", "same"));
        progress.onEvent(done("docker:index/image:Image", "images-frontend-web", "same"));
        progress.onEvent(pre("docker:index/image:Image", "images-backend", "replace"));
        clock = 12_000;
        progress.onEvent(done("docker:index/image:Image", "images-backend", "replace"));
        progress.onEvent(pre("command:local:Command", "images-backend-load", "replace"));
        clock = 15_000;
        progress.onEvent(done("command:local:Command", "images-backend-load", "replace"));
        progress.onEvent(pre("kubernetes:helm.sh/v3:Release", "release", "update"));
        clock = 45_000;
        progress.onEvent(done("kubernetes:helm.sh/v3:Release", "release", "update"));
        assert.deepStrictEqual(progress.secondsByPhase(), { build: 12, load: 3, secret: 0, release: 30 });
        assert.strictEqual(lines.length, 6, lines.join("\n"));
        assert.ok(!lines.some((l) => l.includes("frontend-web")), "an unchanged image prints nothing");
        assert.match(lines[0], /building: images-backend \(replace\)/);
        assert.match(lines[5], /done: release in 30\.0 s/);
    });
});
