// Before anything is built, pushed or created: the registry accepts registryUsername and
// registryPassword. Without this a wrong password surfaced only at the first push, minutes
// into an update, as the Docker daemon's bare "unauthorized". `docker login` with a
// throwaway config folder (the user's ~/.docker/config.json stays untouched) asks the same
// daemon, with the same TLS trust and credentials, that the push will use; the password
// goes through stdin, never a command line.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { CommandResult } from "../shared/commandRunner";

export type InputRunner = (cmd: string, args: readonly string[], input: string) => CommandResult;

export interface RegistryLogin {
    /** host[:port] */
    readonly server: string;
    readonly username: string;
    /** Plaintext, for this check only. */
    readonly password: string;
}

export class RegistryLoginFailed extends pulumi.RunError {}

/** Throws RegistryLoginFailed, naming the registry and the setting to fix, when the login fails. */
export function requireRegistryLogin(run: InputRunner, login: RegistryLogin, stack: string): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "todo-registry-login-"));
    let r: CommandResult;
    try {
        r = run("docker", ["--config", dir, "login", login.server, "--username", login.username, "--password-stdin"], login.password);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
    if (r.code === 0) {
        return;
    }
    const said = `${r.stderr}\n${r.stdout}`.split("\n").map((l) => l.trim()).find((l) => l !== "") ?? `exit code ${r.code}`;
    const refused = /unauthorized|incorrect username or password|denied|\b401\b/i.test(said);
    throw new RegistryLoginFailed(
        refused
            ? `The registry ${login.server} refused registryUsername '${login.username}' with registryPassword (${said}); nothing was built, pushed or deployed. ` +
                  `Fix: pulumi config set -s ${stack} --secret registryPassword '<a password or token that can push to ${login.server}>' (or pulumi config set -s ${stack} registryUsername <user>)`
            : `The registry ${login.server} could not be logged in to (${said}); nothing was built, pushed or deployed. ` +
                  `Fix: check that it answers from this machine (docker login ${login.server}), or point the stack at another: pulumi config set -s ${stack} registry <host[:port]>/<path>`,
    );
}
