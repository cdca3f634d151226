// Where the runner scripts find the project, its state backend and a stack. Shared by
// scripts/run.ts and scripts/smoke.ts so both use the same backend.
import * as fs from "fs";
import * as path from "path";
import { ConfigMap, LocalWorkspace, OutputMap, Stack } from "@pulumi/pulumi/automation";
import * as YAML from "yaml";

/** The directory holding Pulumi.yaml. */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

export interface Backend {
    readonly url: string;
    /** True for Pulumi.yaml's own backend (the CLI reads it there; nothing passes it on). */
    readonly local: boolean;
}

/**
 * PULUMI_BACKEND_URL when set (the CLI lets it override the project's), else Pulumi.yaml's
 * `backend.url`, the one the plain CLI uses too; a relative file:// path is resolved against
 * the project root, where the CLI runs.
 */
export function resolveBackend(env: Readonly<Record<string, string | undefined>>, projectRoot: string = PROJECT_ROOT): Backend {
    const fromEnv = env.PULUMI_BACKEND_URL?.trim();
    if (fromEnv) {
        return { url: fromEnv, local: false };
    }
    const file = path.join(projectRoot, "Pulumi.yaml");
    const url = (YAML.parse(fs.readFileSync(file, "utf8")) as { backend?: { url?: unknown } }).backend?.url;
    if (typeof url !== "string" || url === "") {
        throw new Error(`${file} has no backend.url and PULUMI_BACKEND_URL is unset`);
    }
    const relative = /^file:\/\/(\.\.?\/.*)$/.exec(url);
    return { url: relative ? `file://${path.resolve(projectRoot, relative[1])}` : url, local: true };
}

/** The project name from Pulumi.yaml (config keys are `<project>:<key>`). */
export function projectName(projectRoot: string = PROJECT_ROOT): string {
    const project = YAML.parse(fs.readFileSync(path.join(projectRoot, "Pulumi.yaml"), "utf8")) as { name?: unknown };
    if (typeof project?.name !== "string") {
        throw new Error(`${path.join(projectRoot, "Pulumi.yaml")} has no name`);
    }
    return project.name;
}

/** Pulumi.<stack>.yaml's text, or undefined when the stack has no file yet. */
export function readStackFile(stack: string, projectRoot: string = PROJECT_ROOT): string | undefined {
    const file = path.join(projectRoot, `Pulumi.${stack}.yaml`);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}

/** The `config:` map of Pulumi.<stack>.yaml as written (keys `<project>:<key>`); empty when there is no file. */
export function readStackConfig(stack: string, projectRoot: string = PROJECT_ROOT): Record<string, unknown> {
    const text = readStackFile(stack, projectRoot);
    return (text === undefined ? undefined : (YAML.parse(text) as { config?: Record<string, unknown> } | null)?.config) ?? {};
}

export interface OpenOptions {
    /** Create the stack when it does not exist (up, preview); otherwise it must exist (destroy, smoke). */
    readonly create: boolean;
    readonly backend: Backend;
    readonly projectRoot?: string;
    /** More environment for the CLI (e.g. the passphrase of a test's own backend). */
    readonly envVars?: Readonly<Record<string, string>>;
}

/**
 * The stack, run as a local program (`Pulumi.yaml`'s nodejs runtime in the project root),
 * on the given backend. The local backend directory is created on first use.
 */
export async function openStack(stackName: string, opts: OpenOptions): Promise<Stack> {
    const workDir = opts.projectRoot ?? PROJECT_ROOT;
    // Pulumi.yaml's backend is relative to the project the CLI runs in (a copy has its own).
    const url = opts.backend.local ? resolveBackend({}, workDir).url : opts.backend.url;
    if (url.startsWith("file://")) {
        fs.mkdirSync(url.slice("file://".length), { recursive: true });
    }
    const args = { stackName, workDir };
    // Pulumi.yaml's backend reaches the CLI by itself; any other must be passed on.
    const backendEnv: Record<string, string> = opts.backend.local ? {} : { PULUMI_BACKEND_URL: opts.backend.url };
    const wsOpts = { envVars: { ...opts.envVars, ...backendEnv, PULUMI_SKIP_UPDATE_CHECK: "true" } };
    return opts.create ? LocalWorkspace.createOrSelectStack(args, wsOpts) : LocalWorkspace.selectStack(args, wsOpts);
}

/** Plain values of a stack's outputs (secret ones included: the runner only reads URLs from them). */
export function plainOutputs(outputs: OutputMap): Record<string, unknown> {
    return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value as unknown]));
}

/**
 * The line that says what went wrong in an Automation API error (its message holds the
 * whole command's stdout and stderr; the interesting part is Pulumi's `error: ...` line).
 */
export function pulumiErrorLine(e: unknown): string {
    const text = e instanceof Error ? e.message : String(e);
    const lines = text.split(/\r?\n/).map((l) => l.trim());
    const error = lines.find((l) => /\berror: /.test(l));
    if (error) {
        return error.slice(error.indexOf("error: ") + "error: ".length);
    }
    return lines.find((l) => l !== "" && !/^(code: \d+|stdout:|stderr:)$/.test(l)) ?? text.trim();
}

/**
 * Sets plain settings (keys without the project prefix; objects leaf by leaf, as
 * `pulumi config set --path` does, so the CLI sees objects, not JSON strings) and secrets.
 */
export async function setStackConfig(stack: Stack, config: Readonly<Record<string, unknown>>, secrets: Readonly<Record<string, string>> = {}, project: string = projectName()): Promise<void> {
    const map: ConfigMap = {};
    const add = (keyPath: string, value: unknown): void => {
        if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            Object.entries(value).forEach(([k, v]) => add(`${keyPath}.${k}`, v));
        } else {
            map[`${project}:${keyPath}`] = { value: Array.isArray(value) ? JSON.stringify(value) : String(value) };
        }
    };
    Object.entries(config).forEach(([k, v]) => add(k, v));
    for (const [key, value] of Object.entries(secrets)) {
        map[`${project}:${key}`] = { value, secret: true };
    }
    await stack.setAllConfig(map, true);
}
