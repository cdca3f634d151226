// Drives a real `npm run dev` (scripts/dev.ts in the benchmark's project copy) as a developer
// would: start it, wait until it watches, save a file, read the seconds it reports from the
// save until the URLs serve. Ctrl-C (SIGINT) at the end, as a person stops it.
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

const SERVING = /\bserving .* (\d+(?:\.\d+)?) s after the save/;

export class DevLoopRun {
    private lines: string[] = [];
    private readonly child: ChildProcess;

    constructor(projectDir: string, stack: string, env: Readonly<Record<string, string>>, private readonly log: (line: string) => void, args: readonly string[] = []) {
        // ts-node itself, not npx: the SIGINT of stop() must reach the loop, as a terminal's Ctrl-C does.
        this.child = spawn(path.join(projectDir, "node_modules", ".bin", "ts-node"), ["scripts/dev.ts", "--stack", stack, ...args], { cwd: projectDir, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
        let buffered = "";
        const take = (chunk: Buffer): void => {
            buffered += chunk.toString();
            const parts = buffered.split("\n");
            buffered = parts.pop() ?? "";
            for (const line of parts) {
                this.lines.push(line);
                this.log(`    dev| ${line}`);
            }
        };
        this.child.stdout!.on("data", take);
        this.child.stderr!.on("data", take);
    }

    /** How many lines the loop has printed: a `from` for waitFor. */
    get printed(): number {
        return this.lines.length;
    }

    line(i: number): string {
        return this.lines[i];
    }

    /** Waits for a line matching `pattern` printed after index `from`; returns its index. */
    async waitFor(pattern: RegExp, from: number, timeoutMs: number): Promise<number> {
        const end = Date.now() + timeoutMs;
        while (Date.now() < end) {
            const i = this.lines.findIndex((l, n) => n >= from && pattern.test(l));
            if (i >= 0) {
                return i;
            }
            if (this.child.exitCode !== null) {
                throw new Error(`npm run dev exited (${this.child.exitCode}) before printing ${pattern}`);
            }
            await new Promise((r) => setTimeout(r, 200));
        }
        throw new Error(`npm run dev printed no ${pattern} within ${timeoutMs / 1000} s`);
    }

    async ready(): Promise<void> {
        await this.waitFor(/watching /, 0, 30 * 60_000);
    }

    /** Appends `line` to `file`, then returns the seconds the loop reports until serving. */
    async save(file: string, line: string): Promise<number> {
        const from = this.lines.length;
        fs.appendFileSync(file, line);
        return this.servingSeconds(from, 10 * 60_000);
    }

    /** The seconds a line "serving ... N s after the save" printed after `from` reports. */
    async servingSeconds(from: number, timeoutMs: number): Promise<number> {
        const i = await this.waitFor(/serving .* s after the save|update failed/, from, timeoutMs);
        const m = SERVING.exec(this.lines[i]);
        if (!m || /NOT serving/.test(this.lines[i])) {
            throw new Error(`the dev loop did not serve: ${this.lines[i]}`);
        }
        return Number(m[1]);
    }

    async stop(): Promise<number> {
        if (this.child.exitCode !== null) {
            return this.child.exitCode;
        }
        this.child.kill("SIGINT");
        return new Promise((resolve) => this.child.once("exit", (code) => resolve(code ?? -1)));
    }
}
