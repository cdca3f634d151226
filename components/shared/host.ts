// The machine the program runs on: the commands it asks (minikube, kind, docker) and the
// host OS. Injected so that unit tests can replay captured command output.
import * as fs from "fs";
import { CommandFailed, CommandResult, CommandRunner, runCommand, runOrThrow, systemRunner } from "./commandRunner";

export { CommandFailed };

export interface Host {
    /** Runs a command and returns its stdout; throws with the command's stderr when it fails. */
    run(command: string, args: readonly string[]): string;
    /** Runs a command and returns its exit code and output, failure included: the toolchain checks judge both. */
    readonly probe: CommandRunner;
    /** probe, with `input` written to the command's stdin (a password never goes on a command line). */
    probeWithInput(command: string, args: readonly string[], input: string): CommandResult;
    readonly platform: NodeJS.Platform;
    /** Windows Subsystem for Linux: Linux, but the Docker driver's network is as unreachable as on Windows. */
    readonly isWsl: boolean;
}

export const systemHost: Host = {
    run(command, args) {
        return runOrThrow(command, args, { timeoutMs: 60_000 });
    },
    probe: systemRunner(),
    probeWithInput(command, args, input) {
        return runCommand(command, args, { timeoutMs: 60_000, input });
    },
    platform: process.platform,
    isWsl: process.platform === "linux" && readOrEmpty("/proc/version").toLowerCase().includes("microsoft"),
};

function readOrEmpty(file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return "";
    }
}
