// Runs the real program (config → deployTodoApp) under Pulumi mocks and records every
// resource it registers, with its inputs (secret-marked values keep their marker) and the
// provider it was given. Each run resets the mocks, so tests are independent.
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { Host } from "../../components/shared/host";
import { fakeHost } from "./fakeHost";
import { RecordedResource } from "./recorded";

export * from "./recorded";
export * from "./fakeHost";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/** A stack file's config, keys without the project prefix. */
export function stackConfig(stack: string): Record<string, unknown> {
    const file = YAML.parse(fs.readFileSync(path.join(PROJECT_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    return Object.fromEntries(Object.entries(file.config).map(([k, v]) => [k.replace(/^todo-app:/, ""), v]));
}

/** The committed prod stack file; with PROD_SECRETS (which the file leaves to `pulumi config set --secret`). */
export const PROD_CONFIG = stackConfig("prod");
export const PROD_SECRETS: Record<string, string> = {
    databaseUrl: "postgresql://todo:prod-db-password@db.example.com:5432/todo",
    betterAuthSecret: "prod-auth-secret-0123456789abcdefghijklmnop",
    registryPassword: "prod-registry-token-0123456789",
};

export interface RunOptions {
    readonly stack?: string;
    /** Plain config, keys without the project prefix; objects are passed as JSON. */
    readonly config?: Record<string, unknown>;
    /** Secret config (set as secret keys). */
    readonly secrets?: Record<string, string>;
    readonly host?: Host;
    readonly projectRoot?: string;
    readonly preview?: boolean;
}

export interface RunResult {
    readonly resources: RecordedResource[];
    /** Stack outputs, resolved; secret ones stay wrapped as in the inputs. */
    readonly outputs: Record<string, unknown>;
    readonly secretOutputs: string[];
    /** What the program logged with pulumi.log.warn (without an engine the SDK prints it). */
    readonly warnings: string[];
    /** What it logged with pulumi.log.info (the capacity check's numbers). */
    readonly infos: string[];
}

/**
 * The name the kubernetes provider gives an object registered without one: `<name>-<random>`,
 * new on every create. Here derived from the inputs, so a changed object (which the provider
 * replaces) gets a new name and an unchanged one keeps it, as across real runs.
 */
export function mockAutoName(name: string, inputs: Record<string, unknown>): string {
    return `${name}-${crypto.createHash("sha256").update(JSON.stringify(inputs)).digest("hex").slice(0, 8)}`;
}

function mockState(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    switch (type) {
        case "docker:index/image:Image": {
            const ref = String(inputs.imageName);
            const digest = crypto.createHash("sha256").update(ref).digest("hex");
            return { ...inputs, repoDigest: `${ref.slice(0, ref.lastIndexOf(":"))}@sha256:${digest}` };
        }
        case "kubernetes:core/v1:Secret": {
            const metadata = (inputs.metadata ?? {}) as Record<string, unknown>;
            return { ...inputs, metadata: { ...metadata, name: metadata.name ?? mockAutoName(name, inputs) } };
        }
        case "random:index/randomPassword:RandomPassword":
            return { ...inputs, result: `generated-${name}-${"x".repeat(40)}` };
        default:
            return inputs;
    }
}

/** The program threw; `resources` is what it had registered by then. */
export class ProgramFailed extends Error {
    constructor(readonly cause: Error, readonly resources: readonly RecordedResource[]) {
        super(cause.message);
    }
}

/** Registers the program under mocks and waits until registration settles. Throws what the program throws. */
export async function runProgram(opts: RunOptions = {}): Promise<RunResult> {
    const stack = opts.stack ?? "dev";
    const resources: RecordedResource[] = [];
    // An error thrown inside an apply fails the resource that consumes it; the engine would
    // report it and stop, and here it surfaces as a rejected registration.
    const failures: Error[] = [];
    const onRejection = (reason: unknown): void => {
        failures.push(reason instanceof Error ? reason : new Error(String(reason)));
    };
    process.on("unhandledRejection", onRejection);
    // Without an engine, pulumi.log.warn goes to console.warn and pulumi.log.info to console.log:
    // collect both for the tests to assert, so the info lines do not fill the test report.
    const warnings: string[] = [];
    const infos: string[] = [];
    const consoleWarn = console.warn;
    const consoleLog = console.log;
    console.warn = (...args: unknown[]): void => {
        warnings.push(args.map(String).join(" ").replace(/^warning: \[runtime\] /, ""));
    };
    console.log = (...args: unknown[]): void => {
        const text = args.map(String).join(" ");
        if (text.startsWith("info: [runtime] ")) infos.push(text.slice("info: [runtime] ".length));
        else consoleLog(...args);
    };
    try {
        return { ...(await register(opts, stack, resources, failures)), warnings, infos };
    } finally {
        console.warn = consoleWarn;
        console.log = consoleLog;
        process.off("unhandledRejection", onRejection);
    }
}

async function register(
    opts: RunOptions,
    stack: string,
    resources: RecordedResource[],
    failures: Error[],
): Promise<Omit<RunResult, "warnings" | "infos">> {
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                resources.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown>, provider: args.provider });
                return { id: `${args.name}-id`, state: mockState(args.type, args.name, args.inputs as Record<string, unknown>) };
            },
            call(args) {
                throw new Error(`unexpected call ${args.token}`);
            },
        },
        "todo-app",
        stack,
        opts.preview ?? false,
    );
    const config: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...(opts.config ?? {}), ...(opts.secrets ?? {}) })) {
        config[`todo-app:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
    }
    pulumi.runtime.setAllConfig(config, Object.keys(opts.secrets ?? {}).map((k) => `todo-app:${k}`));

    // Imported after the mocks are set, as the SDK requires.
    const { loadConfig } = await import("../../components/config/loadConfig");
    const { deployTodoApp } = await import("../../components/todoApp");
    const { validateConfig } = await import("../../components/todoAppSettings");
    let app: ReturnType<typeof deployTodoApp>;
    try {
        app = deployTodoApp(loadConfig(validateConfig, opts.projectRoot ?? PROJECT_ROOT), opts.host ?? fakeHost());
    } catch (e) {
        throw new ProgramFailed(e as Error, resources);
    }

    const outputs: Record<string, unknown> = {};
    const secretOutputs: string[] = [];
    for (const [key, value] of Object.entries(app)) {
        const out = pulumi.output(value);
        outputs[key] = await promiseOf(out);
        if (await pulumi.isSecret(out)) {
            secretOutputs.push(key);
        }
    }
    // Registrations run asynchronously: wait for the runtime's own queue of them to drain
    // (what the language host does before it reports the program done), not for a quiet spell.
    await pulumi.runtime.disconnect();
    if (failures.length > 0) {
        throw new ProgramFailed(failures[0], resources);
    }
    return { resources, outputs, secretOutputs };
}

/** Resolves an Output's value; undefined while it is unknown (a preview), where apply would never run. */
export async function promiseOf<T>(output: pulumi.Output<T>): Promise<T | undefined> {
    // isKnown is the SDK's own flag (internal, but what apply itself consults).
    if (!(await (output as unknown as { isKnown: Promise<boolean> }).isKnown)) {
        return undefined;
    }
    return new Promise((resolve) => output.apply(resolve));
}

/** A throwaway copy of the project's inputs (no node_modules, .next or .venv), for tests that edit files. */
export function copyProject(): string {
    const dest = fs.mkdtempSync(path.join(os.tmpdir(), "todo-project-"));
    const skip = new Set(["node_modules", ".next", ".venv", "__pycache__", ".pytest_cache"]);
    for (const item of ["Pulumi.yaml", "docker", "apps", "charts"]) {
        fs.cpSync(path.join(PROJECT_ROOT, item), path.join(dest, item), {
            recursive: true,
            verbatimSymlinks: true,
            filter: (src) => !skip.has(path.basename(src)),
        });
    }
    return dest;
}
