// Issue 32: what a user of the plain Pulumi CLI sees, not the npm wrappers: `pulumi config set`
// and `pulumi preview` run as commands on a copy of the project (the real engine, the nodejs
// language host running index.ts, a file backend of its own). Previews only; each mistake must
// stop the preview before any resource is registered.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { sh } from "../../scripts/lib/cluster";
import { copyRunnableProject } from "../../scripts/lib/projectCopy";
import { openStack, resolveBackend } from "../../scripts/lib/stack";
import { assertPluginsInstalled, ENGINE_ENV } from "../e2e/engine";

/** A PATH of one folder linking every command of `pathList` but the `left` ones: those tools really are missing. */
function pathWithout(left: readonly string[], pathList: string): string {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "todo-path-"));
    const linked = new Set(left);
    for (const folder of pathList.split(path.delimiter).filter((f) => fs.existsSync(f))) {
        for (const name of fs.readdirSync(folder).filter((n) => !linked.has(n))) {
            fs.symlinkSync(path.join(folder, name), path.join(bin, name));
            linked.add(name);
        }
    }
    return bin;
}

/** A line of a JavaScript stack trace, as an unhandled exception prints it. */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

describe("the plain Pulumi CLI on this project (previews only)", function () {
    let dir: string;
    let env: Record<string, string>;
    const pulumi = (...args: string[]): { code: number; text: string } => {
        const r = sh("pulumi", args, { cwd: dir, env, allowFailure: true });
        return { code: r.code, text: `${r.stdout}\n${r.stderr}` };
    };
    const registered = (): number => {
        const exported = JSON.parse(sh("pulumi", ["stack", "export", "-s", "dev"], { cwd: dir, env }).stdout) as { deployment?: { resources?: unknown[] } };
        return exported.deployment?.resources?.length ?? 0;
    };

    before(function () {
        this.timeout(2 * 60_000);
        assertPluginsInstalled();
        dir = copyRunnableProject();
        env = { ...ENGINE_ENV, PULUMI_BACKEND_URL: `file://${fs.mkdtempSync(path.join(os.tmpdir(), "todo-plain-cli-state-"))}` };
        sh("pulumi", ["stack", "init", "dev"], { cwd: dir, env });
        // Another stack is selected, as on a machine with several: every fix must name `dev`.
        sh("pulumi", ["stack", "init", "other"], { cwd: dir, env });
    });

    // Values of the right type that the program refuses (the CLI itself refuses a wrong type, one
    // key at a time, from Pulumi.yaml's schema, before the program runs).
    const BAD = { frontendWebNodePort: "1", imageLoad: "scp", smokeDepth: "deep" };

    it("three bad values: each listed once, no stack frames, no 'unhandled exception', every fix names the stack", function () {
        this.timeout(3 * 60_000);
        for (const [key, value] of Object.entries(BAD)) {
            pulumi("config", "set", "-s", "dev", key, value);
        }
        const r = pulumi("preview", "-s", "dev", "--non-interactive");
        assert.notStrictEqual(r.code, 0, r.text);
        for (const key of Object.keys(BAD)) {
            assert.strictEqual(r.text.split(`todo-app:${key} = `).length - 1, 1, `${key} listed once:\n${r.text}`);
        }
        assert.doesNotMatch(r.text, STACK_FRAME, "no stack frames");
        assert.doesNotMatch(r.text, /unhandled exception/i);
        const fixes = r.text.split("\n").filter((l) => l.includes("Fix: pulumi config"));
        assert.strictEqual(fixes.length, 3, r.text);
        assert.ok(fixes.every((l) => /Fix: pulumi config set -s dev /.test(l)), fixes.join("\n"));
        assert.strictEqual(registered(), 0, "nothing registered");
        for (const key of Object.keys(BAD)) {
            pulumi("config", "rm", "-s", "dev", key);
        }
        console.log(`      ${r.text.split("\n").filter((l) => /Invalid configuration|todo-app:\w+ = /.test(l)).map((l) => l.trim()).join("\n      ")}`);
    });

    it("a secret set without --secret is refused, with the --secret fix on the stack, its value never printed", function () {
        this.timeout(3 * 60_000);
        const value = "postgresql://todo:plain-cli-hunter2@db.example.com:5432/todo";
        pulumi("config", "set", "-s", "dev", "databaseUrl", value);
        assert.match(fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8"), /todo-app:databaseUrl: postgresql:/, "the CLI stored it in plaintext");
        const r = pulumi("preview", "-s", "dev", "--non-interactive");
        assert.notStrictEqual(r.code, 0, r.text);
        const problem = r.text.split("\n").find((l) => l.includes("todo-app:databaseUrl = "));
        assert.ok(problem, r.text);
        assert.match(problem, /is stored in plaintext in Pulumi\.dev\.yaml .*Fix: pulumi config set -s dev --secret databaseUrl '<the value>'/);
        assert.ok(!r.text.includes("plain-cli-hunter2"), "the value is not printed");
        assert.doesNotMatch(r.text, STACK_FRAME);
        assert.strictEqual(registered(), 0, "nothing registered");
        // Negative control: the same value stored encrypted is no longer a problem.
        pulumi("config", "set", "-s", "dev", "--secret", "databaseUrl", value);
        const fixed = pulumi("preview", "-s", "dev", "--non-interactive");
        assert.doesNotMatch(fixed.text, /stored in plaintext/, fixed.text);
        console.log(`      ${problem.trim()}`);
    });

    it("a missing tool: the program lists it with its fix before any resource, no stack frames", function () {
        this.timeout(3 * 60_000);
        // A profile that exists nowhere, so the Minikube check fails the same way on any machine.
        pulumi("config", "set", "-s", "dev", "minikubeProfile", "no-such-profile");
        const withoutHelmAndKubectl = { ...env, PATH: pathWithout(["helm", "kubectl"], env.PATH ?? process.env.PATH ?? "") };
        const r = sh("pulumi", ["preview", "-s", "dev", "--non-interactive"], { cwd: dir, env: withoutHelmAndKubectl, allowFailure: true });
        const text = `${r.stdout}\n${r.stderr}`;
        assert.notStrictEqual(r.code, 0, text);
        assert.match(text, /Missing prerequisites for stack 'dev' \(3 problems\); nothing was created or changed:/);
        for (const tool of ["helm", "kubectl"]) {
            const lines = text.split("\n").filter((l) => l.includes(`- ${tool}: ${tool} is not installed or not on PATH. Fix: install`));
            assert.strictEqual(lines.length, 1, `${tool} listed once:\n${text}`);
        }
        assert.match(text, /- minikube 'no-such-profile': /);
        assert.doesNotMatch(text, STACK_FRAME, "no stack frames");
        assert.doesNotMatch(text, /unhandled exception/i);
        assert.strictEqual(registered(), 0, "nothing registered");
        // Negative control: with the machine's own PATH only the profile is missing.
        const full = pulumi("preview", "-s", "dev", "--non-interactive");
        assert.match(full.text, /Missing prerequisites for stack 'dev' \(1 problem\)/, full.text);
        assert.doesNotMatch(full.text, /- (helm|kubectl): /);
        pulumi("config", "rm", "-s", "dev", "minikubeProfile");
        console.log(`      ${text.split("\n").filter((l) => /Missing prerequisites|^\s+- /.test(l)).map((l) => l.trim()).join("\n      ")}`);
    });

    it("one state backend: the stack the npm scripts open is the one a plain `pulumi stack ls` lists", async function () {
        this.timeout(3 * 60_000);
        const { PULUMI_BACKEND_URL: _elsewhere, ...cliEnv } = env;
        const backend = resolveBackend({}, dir);
        assert.strictEqual(backend.url, `file://${path.join(dir, ".pulumi-state")}`, "Pulumi.yaml's backend.url, resolved in the project");
        await openStack("shared", { create: true, backend, projectRoot: dir, envVars: ENGINE_ENV });
        const listed = (extra: Record<string, string> = {}): string[] =>
            (JSON.parse(sh("pulumi", ["stack", "ls", "--json"], { cwd: dir, env: { ...cliEnv, ...extra } }).stdout) as Array<{ name: string }>).map((s) => s.name);
        assert.deepStrictEqual(listed(), ["shared"]);
        // Negative control: PULUMI_BACKEND_URL overrides Pulumi.yaml, for the CLI and the scripts alike.
        const other = `file://${fs.mkdtempSync(path.join(os.tmpdir(), "todo-other-state-"))}`;
        assert.deepStrictEqual(listed({ PULUMI_BACKEND_URL: other }), []);
        assert.deepStrictEqual(resolveBackend({ PULUMI_BACKEND_URL: other }, dir), { url: other, local: false });
    });
});
