// Shared by the prerequisites tests: captured command output replayed by a fake runner, and
// the dev stack's target and context they check against.
import * as fs from "fs";
import * as path from "path";
import { CommandResult, CommandRunner, NOT_FOUND } from "../../components/shared/commandRunner";
import { PrerequisiteContext, readStackTarget, StackTarget } from "../../scripts/lib/prerequisites";

const FIXTURES = path.join(__dirname, "fixtures");
// Minikube's answers are shared with the program tests: one profile-list fixture for both.
export const fixture = (name: string): string =>
    fs.readFileSync(path.join(name.startsWith("minikube-") ? path.join(__dirname, "..", "program", "fixtures") : FIXTURES, name), "utf8");
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

export const DEV: StackTarget = readStackTarget("todo-app", "dev", fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.dev.yaml"), "utf8"));
export const HEALTHY: Record<string, CommandResult> = {
    "docker info": ok(fixture("docker-info.txt")),
    "pulumi version": ok(fixture("pulumi-version.txt")),
    "helm version --short": ok(fixture("helm-version-short.txt")),
    "kubectl version --client -o json": ok('{"clientVersion": {"gitVersion": "v1.31.4"}}'),
    "minikube profile list -o json": ok(fixture("minikube-profile-list.json")),
};
export const CTX: PrerequisiteContext = { stack: DEV, nodeVersion: "22.12.0", backendUrl: "file:///work/todo/.pulumi-state", env: { PULUMI_CONFIG_PASSPHRASE: "s3cret" } };
