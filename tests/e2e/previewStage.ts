// `npm run preview` as a reviewer runs it, on a deployed stack: after a one-line chart edit it
// must name the object and field that change (the program logs them on the Release); after a
// secret rotation, which Secret names change and never a value. The runner runs in the stack's
// project copy on its file backend.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { sh } from "../../scripts/lib/cluster";
import { ENGINE_ENV, EngineStack } from "./engine";

/** `npm run preview -- --stack <name>` in the stack's project; its whole output. */
export function npmRunPreview(stack: EngineStack, name: string): string {
    const r = sh("npx", ["ts-node", "scripts/run.ts", "preview", "--stack", name], {
        cwd: stack.projectDir,
        allowFailure: true,
        env: { ...ENGINE_ENV, PULUMI_BACKEND_URL: `file://${stack.stateDir}` },
    });
    assert.strictEqual(r.code, 0, `npm run preview failed:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
}

/** The object changes a preview logs on the Release: the lines right under its heading ([] when there is none). */
export function objectChanges(output: string): string[] {
    const at = output.lastIndexOf("Objects the Release ");
    if (at < 0) return [];
    const lines = output.slice(at).split("\n").slice(1);
    const end = lines.findIndex((l) => !/^\s+([~+-] [A-Z]\w* \S|no object changes$)/.test(l));
    return lines.slice(0, end === -1 ? lines.length : end).map((l) => l.trim());
}

/** Replaces one line of a file in the stack's project, runs `fn`, and puts the line back. */
export async function withEdit<T>(stack: EngineStack, file: string, from: string, to: string, fn: () => Promise<T> | T): Promise<T> {
    const target = path.join(stack.projectDir, file);
    const original = fs.readFileSync(target, "utf8");
    assert.ok(original.includes(from), `${file} has ${from}`);
    fs.writeFileSync(target, original.replace(from, to));
    try {
        return await fn();
    } finally {
        fs.writeFileSync(target, original);
    }
}
