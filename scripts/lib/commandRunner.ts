// The runner scripts' checks take a CommandRunner, so that tests can replay captured output;
// the real one is the project's one command runner (components/commandRunner.ts).
import { CommandResult, runCommand } from "../../components/commandRunner";

export { NOT_FOUND, TIMED_OUT } from "../../components/commandRunner";
export type { CommandResult } from "../../components/commandRunner";

export type CommandRunner = (cmd: string, args: string[]) => CommandResult;

/** Runs a command synchronously, never through a shell, with a timeout. */
export function systemRunner(timeoutMs = 60_000): CommandRunner {
    return (cmd, args) => runCommand(cmd, args, { timeoutMs });
}
