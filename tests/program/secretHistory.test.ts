// The Secret pruning after each Release (components/secrets/secretHistory.ts): its shell script run
// for real against a stand-in kubectl that lists Secrets oldest first and records deletions;
// and its place in the program (triggered by the current names only).
import * as assert from "assert";
import { runCommand } from "../../components/shared/commandRunner";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PRUNE_SCRIPT } from "../../components/secrets/secretHistory";
import { byType, fakeHost, mockAutoName, runProgram, T } from "./harness";

/** Runs the script with a kubectl that serves `secrets` (per component, oldest first). */
function prune(secrets: Record<string, string[]>, keep: number, current: string[]): { deleted: string[]; calls: string[] } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prune-"));
    const log = path.join(dir, "calls");
    for (const [component, names] of Object.entries(secrets)) {
        fs.writeFileSync(path.join(dir, component), names.map((n) => `secret/${n}\n`).join(""));
    }
    // get ... -l <selector>,app.kubernetes.io/component=<c> ...: cat that component's list.
    fs.writeFileSync(path.join(dir, "kubectl"), [
        "#!/bin/sh",
        `echo "$*" >> ${log}`,
        'case "$*" in *" get secrets "*) c=$(echo "$*" | sed -n "s/.*component=\\([a-z-]*\\).*/\\1/p"); cat "' + dir + '/$c" 2>/dev/null ;; esac',
    ].join("\n"), { mode: 0o755 });
    const r = runCommand("/bin/sh", ["-c", PRUNE_SCRIPT], {
        env: {
            PATH: `${dir}:${process.env.PATH}`, KUBE_CONTEXT: "ctx", NAMESPACE: "ns", KEEP: String(keep),
            SELECTOR: "app.kubernetes.io/part-of=todo-app", COMPONENTS: Object.keys(secrets).join(" "), CURRENT: current.join(" "),
        },
    });
    assert.strictEqual(r.code, 0, r.stderr);
    const calls = fs.readFileSync(log, "utf8").trim().split("\n");
    const deleted = calls.filter((c) => c.includes(" delete ")).map((c) => c.replace(/.* delete secret\/(\S+).*/, "$1"));
    return { deleted, calls };
}

describe("Secret history: what `helm rollback` needs stays, older Secrets go", () => {
    const names = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);

    it("keeps the newest `keep` per workload and deletes the older ones, oldest first", () => {
        const { deleted } = prune({ backend: names("b", 13), "frontend-web": names("w", 4) }, 10, ["b-13", "w-4"]);
        assert.deepStrictEqual(deleted, ["b-1", "b-2", "b-3"]);
    });

    it("never deletes a name in use, even an old one (after a `helm rollback`)", () => {
        const { deleted } = prune({ backend: names("b", 5) }, 2, ["b-1"]);
        assert.deepStrictEqual(deleted, ["b-2", "b-3"]);
    });

    it("deletes nothing when a workload has no more Secrets than the history", () => {
        const { deleted, calls } = prune({ backend: names("b", 10), postgresql: names("p", 1) }, 10, []);
        assert.deepStrictEqual(deleted, []);
        assert.ok(calls.every((c) => c.startsWith("--context ctx -n ns ")), calls.join("\n"));
    });

    it("runs after the Release, only when a Secret name changes, on the stack's context and namespace", async () => {
        const { resources } = await runProgram({ host: fakeHost() });
        const pruneCommand = byType(resources, T.command).find((c) => c.name === "secret-history-prune");
        assert.ok(pruneCommand, "a secret-history-prune command");
        const env = pruneCommand.inputs.environment as Record<string, string>;
        // The names the Release reads (the mock engine names a Secret like Pulumi: <name>-<suffix>).
        const secretNames = byType(resources, T.secret).map((s) => mockAutoName(s.name, s.inputs));
        assert.deepStrictEqual(pruneCommand.inputs.triggers, [env.CURRENT]);
        assert.deepStrictEqual(env.CURRENT.split(" ").sort(), secretNames.sort());
        assert.strictEqual(env.KEEP, "10");
        assert.strictEqual(env.COMPONENTS, "backend frontend-web frontend-chatbot postgresql");
    });
});
