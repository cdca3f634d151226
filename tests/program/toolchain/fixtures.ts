// Shared by the toolchain tests: captured command output replayed by a fake CommandRunner.
import * as fs from "fs";
import * as path from "path";
import { CommandResult, CommandRunner, NOT_FOUND } from "../../../components/shared/commandRunner";

export const fixture = (name: string): string => fs.readFileSync(path.join(__dirname, "..", "fixtures", name), "utf8");
export const ok = (stdout: string): CommandResult => ({ code: 0, stdout, stderr: "" });

/** Replays answers keyed by the command line; anything else is "not installed". */
export function fakeRunner(answers: Record<string, CommandResult>): CommandRunner & { calls: string[] } {
    const calls: string[] = [];
    const run = (cmd: string, args: readonly string[]): CommandResult => {
        const line = [cmd, ...args].join(" ");
        calls.push(line);
        return answers[line] ?? { code: NOT_FOUND, stdout: "", stderr: `${cmd}: command not found` };
    };
    return Object.assign(run, { calls });
}

export const HEALTHY: Record<string, CommandResult> = {
    "docker info": ok(fixture("docker-info.txt")),
    "helm version --short": ok(fixture("helm-version-short.txt")),
    "kubectl version --client -o json": ok('{"clientVersion": {"gitVersion": "v1.31.4"}}'),
    "minikube profile list -o json": ok(fixture("minikube-profile-list.json")),
};
