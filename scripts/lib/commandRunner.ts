// The runner scripts' checks take a CommandRunner, so that tests can replay captured output;
// the real one is the project's one command runner (components/shared/commandRunner.ts).
import { CommandResult, runCommand } from "../../components/shared/commandRunner";

export { NOT_FOUND, TIMED_OUT } from "../../components/shared/commandRunner";
export type { CommandResult } from "../../components/shared/commandRunner";

export type CommandRunner = (cmd: string, args: string[]) => CommandResult;

/** Runs a command synchronously, never through a shell, with a timeout. */
export function systemRunner(timeoutMs = 60_000): CommandRunner {
    return (cmd, args) => runCommand(cmd, args, { timeoutMs });
}
