// The machine the program runs on: the commands it asks (minikube, kind, docker) and the
// host OS. Injected so that unit tests can replay captured command output.
import { execFileSync } from "child_process";
import * as fs from "fs";

export interface Host {
    /** Runs a command and returns its stdout; throws with the command's stderr when it fails. */
    run(command: string, args: readonly string[]): string;
    readonly platform: NodeJS.Platform;
    /** Windows Subsystem for Linux: Linux, but the Docker driver's network is as unreachable as on Windows. */
    readonly isWsl: boolean;
}

export class CommandFailed extends Error {
    constructor(readonly commandLine: string, readonly detail: string) {
        super(`'${commandLine}' failed: ${detail}`);
    }
}

export const systemHost: Host = {
    run(command, args) {
        const commandLine = [command, ...args].join(" ");
        try {
            return execFileSync(command, [...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
        } catch (e) {
            const err = e as NodeJS.ErrnoException & { stderr?: string };
            const detail = err.code === "ENOENT" ? `${command} is not installed or not on PATH` : (err.stderr || err.message).trim();
            throw new CommandFailed(commandLine, detail);
        }
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
