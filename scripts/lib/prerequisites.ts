// What must be in place before `npm run up|preview|destroy` hands over to Pulumi: every check
// runs, and every failure is reported at once with the exact command that fixes it. Pure
// apart from the injected CommandRunner, so tests replay captured command output.
import * as YAML from "yaml";
import * as semver from "semver";
import { CheckResult, firstLine, PrerequisiteContext, StackTarget } from "./checkBasics";
import { checkKubectl, checkMetricsApi } from "./checkClusterTools";
import { checkMinikube } from "./checkMinikube";
import { CommandRunner, NOT_FOUND } from "../../components/shared/commandRunner";

export type { CheckResult, CheckStatus, PrerequisiteContext, StackTarget } from "./checkBasics";
export { checkMinikube, MIN_MINIKUBE_CPUS, MIN_MINIKUBE_MEMORY_MB } from "./checkMinikube";

export const MIN_PULUMI_VERSION = "3.230.0";
export const MIN_NODE_MAJOR = 22;
/** Oldest Node.js the SDK still runs on (with an engines warning). */
export const WARN_NODE_MAJOR = 20;

/**
 * Reads the target settings from a stack file's text (undefined: no stack file yet, so the
 * defaults of Pulumi.yaml apply). Keys are `<project>:<key>`.
 */
export function readStackTarget(project: string, stack: string, stackFileText: string | undefined): StackTarget {
    const parsed = stackFileText === undefined ? undefined : (YAML.parse(stackFileText) as unknown);
    const file = (parsed && typeof parsed === "object" ? parsed : {}) as { config?: Record<string, unknown>; secretsprovider?: unknown };
    const config = file.config ?? {};
    const str = (key: string, fallback: string): string => {
        const value = config[`${project}:${key}`];
        return typeof value === "string" && value !== "" ? value : fallback;
    };
    return {
        stack,
        target: str("target", "minikube"),
        minikubeProfile: str("minikubeProfile", "minikube"),
        kindCluster: str("kindCluster", "kind"),
        kubeContext: str("kubeContext", ""),
        imageLoad: str("imageLoad", ""),
        registry: str("registry", ""),
        secretsProvider: typeof file.secretsprovider === "string" ? file.secretsprovider : "",
    };
}

/** Runs every check; never stops at the first failure. */
export function checkPrerequisites(run: CommandRunner, ctx: PrerequisiteContext): CheckResult[] {
    const results = [checkNode(ctx.nodeVersion), checkDocker(run), checkPulumi(run), checkHelm(run), checkKubectl(run), checkPassphrase(ctx)];
    if (ctx.stack.target === "minikube") {
        results.push(...checkMinikube(run, ctx.stack));
    } else {
        results.push(checkMetricsApi(run, ctx.stack));
    }
    return results;
}

export function hasFailures(results: readonly CheckResult[]): boolean {
    return results.some((r) => r.status === "fail");
}

/** The report printed before a run: one line per check, the fix under each problem, a verdict. */
export function formatReport(stack: StackTarget, results: readonly CheckResult[]): string {
    const width = Math.max(...results.map((r) => r.name.length));
    const lines = [`Prerequisites for stack '${stack.stack}' (target ${stack.target}):`];
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

// --- the checks ---------------------------------------------------------------------------

const NODE_FIX = "install Node.js 22 or 24 (LTS), e.g. nvm install 22 && nvm use 22";

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

export function checkDocker(run: CommandRunner): CheckResult {
    const r = run("docker", ["info"]);
    if (r.code === NOT_FOUND) {
        return { name: "docker", status: "fail", detail: "docker is not installed or not on PATH", fix: "install Docker Engine or Docker Desktop: https://docs.docker.com/get-docker/" };
    }
    const text = `${r.stdout}\n${r.stderr}`;
    if (r.code !== 0 || /Cannot connect to the Docker daemon|error during connect|permission denied/i.test(text)) {
        const reason = firstLine(text, /(Cannot connect to the Docker daemon|error during connect|permission denied).*/i) ?? firstLine(r.stderr) ?? `exit code ${r.code}`;
        const fix = /permission denied/i.test(reason)
            ? "add yourself to the docker group (sudo usermod -aG docker $USER), log out and in again, then check that 'docker info' works"
            : "start Docker (Docker Desktop, or: sudo systemctl start docker), then check that 'docker info' works";
        return { name: "docker", status: "fail", detail: `the Docker daemon is not reachable: ${reason.replace(/^ERROR:\s*/, "")}`, fix };
    }
    const version = /Server Version:\s*(\S+)/.exec(r.stdout)?.[1];
    return { name: "docker", status: "ok", detail: version ? `Docker Engine ${version}` : "the Docker daemon answers" };
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

export function checkHelm(run: CommandRunner): CheckResult {
    const fix = "install Helm 3: https://helm.sh/docs/intro/install/ (the program renders the chart with helm template to check its pods before deploying; also for release history and rollback)";
    const r = run("helm", ["version", "--short"]);
    if (r.code === NOT_FOUND) {
        return { name: "helm", status: "fail", detail: "helm is not installed or not on PATH", fix };
    }
    // What helm printed (v3.16.2+g13654a5), and semver's reading of it.
    const m = /v?\d+(?:\.\d+){0,2}\S*/.exec(r.stdout);
    const version = semver.coerce(r.stdout);
    if (r.code !== 0 || !m || !version) {
        return { name: "helm", status: "fail", detail: `'helm version --short' failed: ${firstLine(r.stderr) ?? firstLine(r.stdout) ?? `exit code ${r.code}`}`, fix };
    }
    if (version.major < 3) {
        return { name: "helm", status: "fail", detail: `${m[0]} is Helm 2; Helm 3 or later is needed`, fix };
    }
    return { name: "helm", status: "ok", detail: m[0] };
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
