// Where the runner scripts find the project, its state backend and a stack. Shared by
// scripts/run.ts and scripts/smoke.ts so both use the same backend.
import * as fs from "fs";
import * as path from "path";
import { ConfigMap, LocalWorkspace, OutputMap, Stack } from "@pulumi/pulumi/automation";
import * as YAML from "yaml";

/** The directory holding Pulumi.yaml. */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/** The project's own file backend, used when PULUMI_BACKEND_URL is unset (git-ignored). */
export const LOCAL_STATE_DIR = ".pulumi-state";

export interface Backend {
    readonly url: string;
    /** True for the project's own `.pulumi-state/` directory. */
    readonly local: boolean;
}

/** PULUMI_BACKEND_URL when set, else `file://<project>/.pulumi-state`. */
export function resolveBackend(env: Readonly<Record<string, string | undefined>>, projectRoot: string = PROJECT_ROOT): Backend {
    const fromEnv = env.PULUMI_BACKEND_URL?.trim();
    if (fromEnv) {
        return { url: fromEnv, local: false };
    }
    return { url: `file://${path.join(projectRoot, LOCAL_STATE_DIR)}`, local: true };
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
    if (opts.backend.local) {
        fs.mkdirSync(opts.backend.url.replace(/^file:\/\//, ""), { recursive: true });
    }
    const args = { stackName, workDir };
    const wsOpts = { envVars: { ...opts.envVars, PULUMI_BACKEND_URL: opts.backend.url, PULUMI_SKIP_UPDATE_CHECK: "true" } };
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
