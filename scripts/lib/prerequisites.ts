// What must hold before `npm run up|preview|destroy` can hand over to Pulumi at all: a Node.js
// that loads the SDK, a Pulumi CLI new enough for this project, and the passphrase that
// decrypts the stack's secrets. The
// tools the program calls (docker, helm, kubectl, minikube) it checks itself, before its first
// resource, so the plain CLI gets the same list (components/cluster/toolchain/toolchain.ts).
// Pure apart from the injected CommandRunner, so tests replay captured command output.
import * as YAML from "yaml";
import * as semver from "semver";
import { CheckResult, firstLine } from "../../components/cluster/toolchain/checkResult";
import { CommandRunner, NOT_FOUND } from "../../components/shared/commandRunner";

export type { CheckResult } from "../../components/cluster/toolchain/checkResult";

export const MIN_PULUMI_VERSION = "3.230.0";
export const MIN_NODE_MAJOR = 22;
/** Oldest Node.js the SDK still runs on (with an engines warning). */
export const WARN_NODE_MAJOR = 20;

const NODE_FIX = "install Node.js 22 or 24 (LTS), e.g. nvm install 22 && nvm use 22";

/** The one stack setting these checks depend on, read from Pulumi.<stack>.yaml. */
export interface StackTarget {
    readonly stack: string;
    /** The stack file's `secretsprovider`; "" means passphrase (the default for a self-managed backend). */
    readonly secretsProvider: string;
}

export interface PrerequisiteContext {
    readonly stack: StackTarget;
    /** process.versions.node, e.g. "22.12.0". */
    readonly nodeVersion: string;
    /** The state backend the run will use (PULUMI_BACKEND_URL or the project's file backend). */
    readonly backendUrl: string;
    /** The environment (for PULUMI_CONFIG_PASSPHRASE / PULUMI_CONFIG_PASSPHRASE_FILE). */
    readonly env: Readonly<Record<string, string | undefined>>;
}

/** Reads the secrets provider from a stack file's text (undefined: no stack file yet). */
export function readStackTarget(stack: string, stackFileText: string | undefined): StackTarget {
    const parsed = stackFileText === undefined ? undefined : (YAML.parse(stackFileText) as unknown);
    const file = (parsed && typeof parsed === "object" ? parsed : {}) as { secretsprovider?: unknown };
    return { stack, secretsProvider: typeof file.secretsprovider === "string" ? file.secretsprovider : "" };
}

/** Runs every check; never stops at the first failure. */
export function checkPrerequisites(run: CommandRunner, ctx: PrerequisiteContext): CheckResult[] {
    return [checkNode(ctx.nodeVersion), checkPulumi(run), checkPassphrase(ctx)];
}

export function hasFailures(results: readonly CheckResult[]): boolean {
    return results.some((r) => r.status === "fail");
}

/** The report printed before a run: one line per check, the fix under each problem, a verdict. */
export function formatReport(stack: StackTarget, results: readonly CheckResult[]): string {
    const width = Math.max(...results.map((r) => r.name.length));
    const lines = [`Prerequisites for stack '${stack.stack}' (the program checks the tools it calls itself):`];
    for (const r of results) {
        lines.push(`  ${r.status === "ok" ? "ok  " : r.status.toUpperCase()}  ${r.name.padEnd(width)}  ${r.detail}`);
        if (r.fix && r.status !== "ok") {
            lines.push(`  ${" ".repeat(4)}  ${" ".repeat(width)}  fix: ${r.fix}`);
        }
    }
    const failures = results.filter((r) => r.status === "fail").length;
    lines.push(
        failures === 0
            ? "All prerequisites are met."
            : `${failures} prerequisite${failures === 1 ? " is" : "s are"} missing: fix ${failures === 1 ? "it" : "them"} and run again.`,
    );
    return lines.join("\n");
}

export function checkPulumi(run: CommandRunner): CheckResult {
    const fix = "curl -fsSL https://get.pulumi.com | sh (or: brew upgrade pulumi), then open a new shell; see https://www.pulumi.com/docs/install/";
    const r = run("pulumi", ["version"]);
    if (r.code === NOT_FOUND) {
        return { name: "Pulumi CLI", status: "fail", detail: "the Pulumi CLI is not installed or not on PATH", fix };
    }
    // `pulumi version` prints v3.230.0 (or a pre-release): semver reads it.
    const version = semver.coerce(r.stdout, { includePrerelease: false })?.version;
    if (r.code !== 0 || !version) {
        return { name: "Pulumi CLI", status: "fail", detail: `'pulumi version' failed: ${firstLine(r.stderr) ?? firstLine(r.stdout) ?? `exit code ${r.code}`}`, fix };
    }
    if (semver.lt(version, MIN_PULUMI_VERSION)) {
        return { name: "Pulumi CLI", status: "fail", detail: `v${version} is older than the required v${MIN_PULUMI_VERSION}`, fix };
    }
    return { name: "Pulumi CLI", status: "ok", detail: `v${version}` };
}

export function checkPassphrase(ctx: PrerequisiteContext): CheckResult {
    const name = "secrets passphrase";
    if (ctx.stack.secretsProvider !== "" && !ctx.stack.secretsProvider.startsWith("passphrase")) {
        return { name, status: "ok", detail: `not needed: stack '${ctx.stack.stack}' uses the secrets provider ${ctx.stack.secretsProvider}` };
    }
    if (/^https?:\/\//.test(ctx.backendUrl) && ctx.stack.secretsProvider === "") {
        return { name, status: "ok", detail: `not needed: the backend ${ctx.backendUrl} encrypts the stack's secrets` };
    }
    if (ctx.env.PULUMI_CONFIG_PASSPHRASE_FILE) {
        return { name, status: "ok", detail: `PULUMI_CONFIG_PASSPHRASE_FILE is set (${ctx.env.PULUMI_CONFIG_PASSPHRASE_FILE})` };
    }
    const passphrase = ctx.env.PULUMI_CONFIG_PASSPHRASE;
    if (passphrase === "") {
        return {
            name,
            status: "warn",
            detail: "PULUMI_CONFIG_PASSPHRASE is set but empty: the stack's secrets are encrypted with an empty passphrase (acceptable only for a throwaway local stack)",
            fix: "export PULUMI_CONFIG_PASSPHRASE='<a passphrase from your password manager>' before creating a stack you keep",
        };
    }
    if (passphrase !== undefined) {
        return { name, status: "ok", detail: "PULUMI_CONFIG_PASSPHRASE is set" };
    }
    return {
        name,
        status: "fail",
        detail: `PULUMI_CONFIG_PASSPHRASE is not set; it encrypts the secrets of stack '${ctx.stack.stack}' (databaseUrl, betterAuthSecret, openaiApiKey) in ${ctx.backendUrl}`,
        fix: "export PULUMI_CONFIG_PASSPHRASE='<a passphrase from your password manager>' (or PULUMI_CONFIG_PASSPHRASE_FILE=<file holding it>); every later run of this stack needs the same one",
    };
}

export function checkNode(version: string): CheckResult {
    const major = semver.coerce(version)?.major ?? 0;
    const shown = `v${version.replace(/^v/, "")}`;
    if (major >= MIN_NODE_MAJOR) {
        return { name: "Node.js", status: "ok", detail: shown };
    }
    if (major >= WARN_NODE_MAJOR) {
        return {
            name: "Node.js",
            status: "warn",
            detail: `${shown} is below the >= ${MIN_NODE_MAJOR} that @pulumi/pulumi 3.270 declares; it runs, with an engines warning (Node.js 20 reached end of life in April 2026)`,
            fix: NODE_FIX,
        };
    }
    return { name: "Node.js", status: "fail", detail: `${shown} is too old: @pulumi/pulumi 3.270 needs Node.js >= ${MIN_NODE_MAJOR}`, fix: NODE_FIX };
}
