// The one way this project runs a short-lived command and captures what it printed: the
// program (through Host), the runner scripts, the benchmark and the tests all come here.
// Never through a shell; bounded by a timeout; a missing binary is an answer (exit 127, as a
// POSIX shell says it), not an exception, so every caller can name the fix.
import { spawnSync } from "child_process";

export interface CommandResult {
    /** Exit code; 127 when the command is not installed (or not on PATH), 124 on timeout. */
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

export interface RunOptions {
    /** Default 60 s. */
    readonly timeoutMs?: number;
    /** Written to the command's stdin. */
    readonly input?: string | Buffer;
    readonly cwd?: string;
    /** Added to this process's environment. */
    readonly env?: Readonly<Record<string, string | undefined>>;
    /** Stream the command's output to this process's instead of capturing it. */
    readonly inheritOutput?: boolean;
}

/** Exit code reported for a command that is not on PATH (as a POSIX shell does). */
export const NOT_FOUND = 127;
/** Exit code reported for a command that did not finish in time (as coreutils `timeout` does). */
export const TIMED_OUT = 124;

export function runCommand(cmd: string, args: readonly string[], opts: RunOptions = {}): CommandResult {
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const result = spawnSync(cmd, [...args], {
        encoding: "utf8",
        timeout: timeoutMs,
        input: opts.input,
        cwd: opts.cwd,
        env: opts.env ? { ...process.env, ...opts.env } : process.env,
        stdio: [opts.input === undefined ? "ignore" : "pipe", opts.inheritOutput ? "inherit" : "pipe", opts.inheritOutput ? "inherit" : "pipe"],
        maxBuffer: 256 * 1024 * 1024,
    });
    const error = result.error as NodeJS.ErrnoException | undefined;
    if (error?.code === "ENOENT") {
        return { code: NOT_FOUND, stdout: "", stderr: `${cmd}: command not found` };
    }
    if (error?.code === "ETIMEDOUT") {
        return { code: TIMED_OUT, stdout: result.stdout ?? "", stderr: `${cmd} ${args.join(" ")} did not finish within ${timeoutMs / 1000}s` };
    }
    return { code: result.status ?? 1, stdout: result.stdout ?? "", stderr: result.stderr ?? (error?.message || "") };
}

export class CommandFailed extends Error {
    constructor(readonly commandLine: string, readonly detail: string) {
        super(`'${commandLine}' failed: ${detail}`);
    }
}

/** Runs a command and returns its stdout; throws CommandFailed naming the command and why. */
export function runOrThrow(cmd: string, args: readonly string[], opts: RunOptions = {}): string {
    const r = runCommand(cmd, args, opts);
    if (r.code !== 0) {
        const detail = r.code === NOT_FOUND ? `${cmd} is not installed or not on PATH` : (r.stderr || r.stdout || `exit code ${r.code}`).trim();
        throw new CommandFailed([cmd, ...args].join(" "), detail);
    }
    return r.stdout;
}

/** What checks take instead of running commands themselves, so that tests can replay captured output. */
export type CommandRunner = (cmd: string, args: readonly string[]) => CommandResult;

/** The real CommandRunner: runCommand with a timeout. */
export function systemRunner(timeoutMs = 60_000): CommandRunner {
    return (cmd, args) => runCommand(cmd, args, { timeoutMs });
}
