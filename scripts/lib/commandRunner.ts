// The one place the runner scripts start a short-lived command and capture its output.
// Checks take a CommandRunner so that tests can replay captured output instead.
import { spawnSync } from "child_process";

export interface CommandResult {
    /** Exit code; 127 when the command is not installed (or not on PATH), 124 on timeout. */
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

export type CommandRunner = (cmd: string, args: string[]) => CommandResult;

/** Exit code the runner reports for a command that is not on PATH (as a POSIX shell does). */
export const NOT_FOUND = 127;
/** Exit code the runner reports for a command that did not finish in time (as coreutils `timeout` does). */
export const TIMED_OUT = 124;

/** Runs a command synchronously, never through a shell, with a timeout. */
export function systemRunner(timeoutMs = 60_000): CommandRunner {
    return (cmd, args) => {
        const result = spawnSync(cmd, args, { encoding: "utf8", timeout: timeoutMs, stdio: ["ignore", "pipe", "pipe"] });
        const error = result.error as NodeJS.ErrnoException | undefined;
        if (error?.code === "ENOENT") {
            return { code: NOT_FOUND, stdout: "", stderr: `${cmd}: command not found` };
        }
        if (error?.code === "ETIMEDOUT") {
            return { code: TIMED_OUT, stdout: result.stdout ?? "", stderr: `${cmd} ${args.join(" ")} did not finish within ${timeoutMs / 1000}s` };
        }
        return { code: result.status ?? 1, stdout: result.stdout ?? "", stderr: result.stderr ?? (error?.message || "") };
    };
}
