// A prod stack's registry credentials are tried before anything is built, pushed or created:
// a refused password or an unreachable registry stops the run with the setting to fix.
import * as assert from "assert";
import { RegistryLoginFailed } from "../../components/images/registryLogin";
import { fakeHost, PROD_CONFIG, PROD_SECRETS, ProgramFailed, runProgram } from "./harness";

const LOGIN = "docker --config <tmp> login ghcr.io --username example-bot --password-stdin";

const refusedBy = async (answer: { code: number; stdout: string; stderr: string }): Promise<ProgramFailed> => {
    const host = fakeHost({}, "linux", false, { [LOGIN]: answer });
    const e = await runProgram({ stack: "prod", config: PROD_CONFIG, secrets: PROD_SECRETS, host }).then(() => undefined, (err: unknown) => err);
    assert.ok(e instanceof ProgramFailed && e.cause instanceof RegistryLoginFailed, String(e));
    assert.deepStrictEqual(e.resources, [], "nothing registered");
    assert.ok(!e.message.includes(PROD_SECRETS.registryPassword), "the password is not printed");
    return e;
};

describe("registry login before anything is built", () => {
    it("a password the registry refuses: names the registry, the user and the secret to set on this stack", async () => {
        // What Docker 20.10 prints when Distribution's htpasswd refuses the password.
        const e = await refusedBy({ code: 1, stdout: "", stderr: 'Error response from daemon: login attempt to https://ghcr.io/v2/ failed with status: 401 Unauthorized\n' });
        assert.match(e.message, /^The registry ghcr\.io refused registryUsername 'example-bot' with registryPassword \(Error response from daemon: login attempt .* 401 Unauthorized\); nothing was built, pushed or deployed\. Fix: pulumi config set -s prod --secret registryPassword /);
    });

    it("a registry that does not answer: says so, with the command to try it by hand", async () => {
        const e = await refusedBy({ code: 1, stdout: "", stderr: 'Error response from daemon: Get "https://ghcr.io/v2/": dial tcp 127.0.0.1:443: connect: connection refused\n' });
        assert.match(e.message, /^The registry ghcr\.io could not be logged in to \(.*connection refused\).*Fix: check that it answers from this machine \(docker login ghcr\.io\)/);
    });

    it("accepted: the deploy goes on (negative control), and a stack without credentials logs in to nothing", async () => {
        const host = fakeHost();
        await runProgram({ stack: "prod", config: PROD_CONFIG, secrets: PROD_SECRETS, host });
        assert.ok(host.calls.some((c) => c.startsWith(LOGIN)));
        const anonymous = fakeHost();
        await runProgram({ stack: "prod", config: { ...PROD_CONFIG, registryUsername: "" }, secrets: { databaseUrl: PROD_SECRETS.databaseUrl, betterAuthSecret: PROD_SECRETS.betterAuthSecret }, host: anonymous });
        assert.ok(!anonymous.calls.some((c) => c.includes(" login ")));
    });
});
