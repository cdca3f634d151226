// The real Pulumi engine for the end-to-end stage: a copy of the project run as a local program
// by the Pulumi CLI and its plugins, on a file backend of its own, with the policy pack, as
// `npm run up` runs it. Every operation records
// the engine's own account of it (its change summary and each step's op, in order), the text
// it printed, and its warnings, so tests assert what the engine did, not what we expect it to.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { POLICY_PACK_DIR } from "../../scripts/lib/policyPack";
import { openStack, plainOutputs, setStackConfig } from "../../scripts/lib/stack";
import { PROJECT_ROOT } from "../program/harness";
import { E2eCluster, e2eCluster, sh } from "../../scripts/lib/cluster";

/** One step the engine took (or, in a preview, would take). */
export interface EngineStep {
    /** same, create, update, replace, create-replacement, delete-replaced, delete, ... */
    readonly op: string;
    /** Resource type token, e.g. docker:index/image:Image. */
    readonly type: string;
    /** The resource's name in the program, e.g. images-backend. */
    readonly name: string;
    /** True once the step finished (an outputs event), false when it started. */
    readonly done: boolean;
    /** When the engine reported it (Unix seconds). */
    readonly at: number;
}

export interface EngineRun {
    /** The engine's change summary: op → count (same, create, update, replace, delete). */
    readonly counts: Readonly<Record<string, number>>;
    readonly steps: readonly EngineStep[];
    /** Everything the CLI printed. */
    readonly output: string;
    readonly warnings: readonly string[];
    readonly outputs: Readonly<Record<string, unknown>>;
}

/** A missing plugin fails at once instead of attempting a download (none can be reached here). */
export const ENGINE_ENV = { PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase", PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true" };

/** The provider plugins package.json pins, as `pulumi plugin ls` names them. */
export function pinnedPlugins(): Array<{ name: string; version: string }> {
    const deps = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies;
    return ["kubernetes", "docker", "random", "command"].map((name) => ({ name, version: deps[`@pulumi/${name}`] }));
}

/** Fails with the fix when a pinned provider plugin is not installed. */
export function assertPluginsInstalled(): void {
    const installed = JSON.parse(sh("pulumi", ["plugin", "ls", "--json"]).stdout) as Array<{ name: string; kind: string; version: string }>;
    const missing = pinnedPlugins().filter((p) => !installed.some((i) => i.kind === "resource" && i.name === p.name && i.version === p.version));
    if (missing.length > 0) {
        throw new Error(`Pulumi plugins missing: ${missing.map((p) => `${p.name} ${p.version}`).join(", ")}. Fix: run ../shared/local-cluster/plugins (or pulumi plugin install resource <name> <version>)`);
    }
}

/**
 * Ready to deploy one stage: the cluster, the plugins checked, and `namespaces` deleted and
 * gone (one deployment at a time; a stage never inherits the previous run's objects).
 */
export function prepareStage(...namespaces: string[]): E2eCluster {
    const cluster = e2eCluster();
    assertPluginsInstalled();
    for (const ns of namespaces) {
        sh("kubectl", ["--context", cluster.kubeContext, "delete", "namespace", ns, "--ignore-not-found", "--wait=true", "--timeout=180s"]);
    }
    return cluster;
}

/** The settings that aim a stack at this cluster, images loaded by its command, NodePorts on its address. */
export function clusterSettings(cluster: E2eCluster): { target: string; kubeContext: string; imageLoadCommand: string; nodeAddress: string; releaseTimeoutSeconds: number } {
    return { target: "context", kubeContext: cluster.kubeContext, imageLoadCommand: cluster.imageLoad, nodeAddress: cluster.nodeAddress, releaseTimeoutSeconds: 240 };
}

/** Steps that are parts of a `replace` (create the new one, later delete the old one). */
const REPLACE_PARTS = new Set(["create-replacement", "delete-replaced"]);

/** Changed resources of a run, as `op Type name` labels, sorted; a replacement counts once, as `replace`. */
export function changes(run: EngineRun): string[] {
    return run.steps
        .filter((s) => s.done && s.op !== "same" && s.op !== "read" && !REPLACE_PARTS.has(s.op))
        .map((s) => `${s.op} ${s.type.split(":").pop()} ${s.name}`)
        .sort();
}

export class EngineStack {
    private constructor(private readonly stack: Stack, readonly projectDir: string, readonly stateDir: string) {}

    /** The project's own pack: it renders the Release's chart from this project (edits included). */
    private get policyPack(): string {
        return fs.existsSync(path.join(this.projectDir, "policy", "node_modules")) ? path.join(this.projectDir, "policy") : POLICY_PACK_DIR;
    }

    /** A new stack `name` on a private file backend, in `projectDir`, with plain config and secrets. */
    static async create(name: string, projectDir: string, config: Readonly<Record<string, unknown>>, secrets: Readonly<Record<string, string>>): Promise<EngineStack> {
        const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "todo-engine-state-"));
        const stack = await openStack(name, { create: true, backend: { url: `file://${stateDir}`, local: false }, projectRoot: projectDir, envVars: ENGINE_ENV });
        const engine = new EngineStack(stack, projectDir, stateDir);
        await engine.setConfig(config, secrets);
        return engine;
    }

    /** Sets plain keys (objects leaf by leaf) and secret keys. */
    async setConfig(config: Readonly<Record<string, unknown>>, secrets: Readonly<Record<string, string>> = {}): Promise<void> {
        await setStackConfig(this.stack, config, secrets);
    }

    async up(): Promise<EngineRun> {
        return this.record(async (onEvent, onOutput) => {
            const r = await this.stack.up({ onEvent, onOutput, policyPacks: [this.policyPack] });
            return { counts: r.summary.resourceChanges ?? {}, outputs: plainOutputs(r.outputs) };
        });
    }

    /** `pulumi preview`; with expectNoChanges the CLI itself fails when anything would change. */
    async preview(expectNoChanges = false): Promise<EngineRun> {
        return this.record(async (onEvent, onOutput) => {
            const r = await this.stack.preview({ onEvent, onOutput, expectNoChanges, diff: true, policyPacks: [this.policyPack] });
            return { counts: r.changeSummary, outputs: {} };
        });
    }

    async destroy(): Promise<EngineRun> {
        return this.record(async (onEvent, onOutput) => {
            const r = await this.stack.destroy({ onEvent, onOutput });
            return { counts: r.summary.resourceChanges ?? {}, outputs: {} };
        });
    }

    /** The stack's current outputs, plain. */
    async stackOutputs(): Promise<Record<string, unknown>> {
        return plainOutputs(await this.stack.outputs());
    }

    /** Every file of the state backend, concatenated (checkpoints, history, backups). */
    stateText(): string {
        const files = fs.readdirSync(this.stateDir, { recursive: true, encoding: "utf8" }).map((f) => path.join(this.stateDir, f));
        return files.filter((f) => fs.statSync(f).isFile()).map((f) => fs.readFileSync(f, "utf8")).join("\n");
    }

    private async record(
        run: (onEvent: (e: EngineEvent) => void, onOutput: (text: string) => void) => Promise<{ counts: Record<string, number>; outputs: Record<string, unknown> }>,
    ): Promise<EngineRun> {
        const steps: EngineStep[] = [];
        const warnings: string[] = [];
        let output = "";
        const onEvent = (e: EngineEvent): void => {
            const metadata = e.resourcePreEvent?.metadata ?? e.resOutputsEvent?.metadata;
            if (metadata && metadata.type !== "pulumi:pulumi:Stack" && !metadata.type.startsWith("pulumi:providers:")) {
                steps.push({ op: metadata.op, type: metadata.type, name: metadata.urn.split("::").pop()!, done: e.resOutputsEvent !== undefined, at: e.timestamp });
            }
            if (e.diagnosticEvent?.severity === "warning") {
                warnings.push(e.diagnosticEvent.message.trim());
            }
        };
        try {
            const { counts, outputs } = await run(onEvent, (text) => {
                output += text;
            });
            return { counts, steps, output, warnings, outputs };
        } catch (e) {
            throw new EngineFailed(e instanceof Error ? e.message : String(e), { counts: {}, steps, output, warnings, outputs: {} });
        }
    }
}

/** A failed operation, with what the engine had done and printed until then. */
export class EngineFailed extends Error {
    constructor(message: string, readonly run: EngineRun) {
        super(message);
    }
}

