// The copy into the pods, against a kubectl stand-in on PATH that answers as the API server
// would (the real one is exercised by the end-to-end stage): a ready pod gets the file through
// exec with its path as an argument; a pod that is restarting, or a write the container
// refuses, is reported with the reason the loop prints before taking the full path.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PodSync } from "../../scripts/lib/podSync";
import { syncTargets } from "../../scripts/lib/syncPlan";

const pod = (name: string, ready: boolean, phase = "Running"): object => ({ metadata: { name }, status: { phase, containerStatuses: [{ name: "backend", ready }] } });

/** A kubectl that prints `pods` for `get pods`, logs each exec's argv and stdin, and fails exec with `execError` when set. */
function fakeKubectl(pods: readonly object[], execError?: string): { dir: string; log: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-kubectl-"));
    const log = path.join(dir, "exec.log");
    fs.writeFileSync(path.join(dir, "pods.json"), JSON.stringify({ items: pods }));
    fs.writeFileSync(path.join(dir, "exec-error"), `${execError ?? ""}\n`);
    fs.writeFileSync(path.join(dir, "kubectl"), [
        "#!/bin/sh",
        `case " $* " in *" get pods "*) cat "${dir}/pods.json"; exit 0;; esac`,
        execError ? `cat "${dir}/exec-error" >&2; exit 1` : `printf '%s\\n' "$*" >> "${log}"; cat >> "${log}"`,
    ].join("\n"), { mode: 0o755 });
    return { dir, log };
}

describe("dev loop: copying into the pods", () => {
    const source = fs.mkdtempSync(path.join(os.tmpdir(), "sync-src-"));
    const [backend] = syncTargets({ projectRoot: source, contexts: {}, releaseName: "todo-app" });
    const file = path.join(backend.context, "app", "main.py");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "print('saved')\n");
    const copies = [{ target: backend, local: file, remote: "/app/app/main.py" }];
    const originalPath = process.env.PATH;
    const withKubectl = (fake: { dir: string }, run: () => void): void => {
        process.env.PATH = `${fake.dir}:${originalPath}`;
        try {
            run();
        } finally {
            process.env.PATH = originalPath;
        }
    };

    it("writes the file into the ready pod, its path an argument of the container's sh", () => {
        const fake = fakeKubectl([pod("todo-app-backend-1", true)]);
        withKubectl(fake, () => assert.deepStrictEqual(new PodSync("local", "todo-dev").copy(copies), { ok: true, pods: ["todo-app-backend-1"] }));
        const logged = fs.readFileSync(fake.log, "utf8");
        assert.match(logged, /^--context local -n todo-dev exec -i todo-app-backend-1 -c backend -- sh -c .* sh \/app\/app\/main\.py\nprint\('saved'\)\n$/s);
    });

    it("reports a restarting pod instead of copying into only some of them", () => {
        const fake = fakeKubectl([pod("todo-app-backend-1", true), pod("todo-app-backend-2", false)]);
        withKubectl(fake, () => {
            const r = new PodSync("local", "todo-dev").copy(copies);
            assert.deepStrictEqual(r, { ok: false, reason: "backend has pods that are not ready (one may be restarting): a copy would miss them" });
        });
        assert.ok(!fs.existsSync(fake.log), "nothing was written");
        const none = fakeKubectl([pod("todo-app-backend-1", false, "Pending")]);
        withKubectl(none, () => assert.deepStrictEqual(new PodSync("local", "todo-dev").copy(copies), { ok: false, reason: "no ready pod of backend (1 found: restarting, starting or gone)" }));
    });

    it("reports a write the container refuses, with its message", () => {
        const fake = fakeKubectl([pod("todo-app-backend-1", true)], "sh: can't create /app/app/.main.py.sync: Read-only file system");
        withKubectl(fake, () => {
            const r = new PodSync("local", "todo-dev").copy(copies);
            assert.deepStrictEqual(r, { ok: false, reason: "writing /app/app/main.py in pod todo-app-backend-1 failed: sh: can't create /app/app/.main.py.sync: Read-only file system" });
        });
    });
});
