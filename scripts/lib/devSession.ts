// One `npm run dev` session on a stack. With sync on (the default) the stack runs the dev
// variant (devMode) while the loop runs: a save inside a service's synced folders is copied
// into its pods and served by the reloading server; any other save, or a copy that fails, takes
// the full path (build, load, `pulumi up`) with one line saying why. Synced files make the pods
// differ from the state, so after a quiet period the loop converges them with one update, and
// on stop it turns devMode off again with one last update: the stack is then what `npm run up`
// deploys, and `pulumi preview --expect-no-changes` is clean.
import * as fs from "fs";
import * as path from "path";
import { Stack } from "@pulumi/pulumi/automation";
import * as YAML from "yaml";
import { ServiceName } from "../../components/config/settings";
import { PodSync } from "./podSync";
import { healthUrls, waitServing } from "./serving";
import { plainOutputs, projectName, PROJECT_ROOT, pulumiErrorLine, readStackConfig, readStackFile } from "./stack";
import { planSync, sourceFiles, syncTargets, SyncTarget } from "./syncPlan";
import { UpdateProgress } from "./updateProgress";

const SERVING_DEADLINE_MS = 120_000;

export interface DevSessionOptions {
    readonly stackName: string;
    /** Copy saves into the pods (false: every save takes the full path, as before devMode). */
    readonly sync: boolean;
    /** Quiet time after the last synced save before the loop converges the state. */
    readonly convergeAfterMs: number;
    /** Asks the update queue for a run with no saved path (the convergence). */
    readonly requestConverge: () => void;
    readonly print: (line: string) => void;
}

export class DevSession {
    private targets: { readonly pods: PodSync; readonly services: readonly SyncTarget[]; readonly files: Set<string> } | undefined;
    /** Files synced since the last successful update (the pods run them; the state does not know). */
    private readonly unconverged = new Set<string>();
    private convergeTimer: NodeJS.Timeout | undefined;
    /** Set when this session turned devMode on: Pulumi.<stack>.yaml as it was (the CLI rewrites the file; none for a new stack). */
    private devModeSetHere: { readonly stackFileBefore: string | undefined } | undefined;

    constructor(private readonly stack: Stack, private readonly opts: DevSessionOptions) {}

    /** Turns devMode on (when syncing and not on already), then deploys once. */
    async start(): Promise<void> {
        if (this.opts.sync && !(await this.devModeOn())) {
            this.devModeSetHere = { stackFileBefore: readStackFile(this.opts.stackName) };
            await this.stack.setConfig(`${projectName()}:devMode`, { value: "true" });
            this.opts.print("devMode on: the dev servers run while the loop does (it turns devMode off again on Ctrl-C)");
        }
        await this.update([], Date.now(), "deploying");
    }

    /** The update queue's runner: a batch of saves, or none (converge). */
    async onSaves(changed: readonly string[], savedAt: number): Promise<void> {
        if (changed.length === 0) {
            await this.update([], savedAt, `converging: ${this.unconverged.size} synced file(s) into the images and the state`);
            return;
        }
        const list = changed.map((p) => path.relative(PROJECT_ROOT, p)).join(", ");
        if (this.targets) {
            const plan = planSync(changed, this.targets.services, this.targets.files);
            if (plan.kind === "sync" && plan.copies.length === 0) {
                return; // only temporary files came and went
            }
            if (plan.kind === "sync") {
                const result = this.targets.pods.copy(plan.copies);
                if (result.ok) {
                    plan.copies.forEach((c) => {
                        this.unconverged.add(c.local);
                        this.targets?.files.add(c.local);
                    });
                    this.opts.print(`synced ${plan.copies.map((c) => path.relative(PROJECT_ROOT, c.local)).join(", ")} into ${result.pods.join(", ")} ${((Date.now() - savedAt) / 1000).toFixed(1)} s after the save`);
                    this.armConverge();
                    return;
                }
                this.opts.print(`sync failed (${result.reason}): taking the full path`);
            } else {
                this.opts.print(`full path: ${plan.reason}`);
            }
        }
        await this.update(changed, savedAt, `changed: ${list}`);
    }

    /** Turns devMode off again (when this session turned it on) or converges what was synced. */
    async stop(): Promise<void> {
        clearTimeout(this.convergeTimer);
        if (this.devModeSetHere) {
            await this.stack.removeConfig(`${projectName()}:devMode`);
            if (this.devModeSetHere.stackFileBefore !== undefined) {
                restoreStackFile(this.opts.stackName, this.devModeSetHere.stackFileBefore);
            }
            await this.update([], Date.now(), "devMode off: one update back to the images `npm run up` deploys");
        } else if (this.unconverged.size > 0) {
            await this.update([], Date.now(), `converging: ${this.unconverged.size} synced file(s) into the images and the state`);
        }
    }

    private async devModeOn(): Promise<boolean> {
        const config = await this.stack.getAllConfig();
        return config[`${projectName()}:devMode`]?.value === "true";
    }

    private armConverge(): void {
        clearTimeout(this.convergeTimer);
        this.convergeTimer = setTimeout(() => this.opts.requestConverge(), this.opts.convergeAfterMs);
    }

    private async update(changed: readonly string[], savedAt: number, title: string): Promise<void> {
        clearTimeout(this.convergeTimer);
        this.opts.print(title);
        const progress = new UpdateProgress(this.opts.print);
        const started = Date.now();
        try {
            const result = await this.stack.up({ onEvent: progress.onEvent });
            this.unconverged.clear();
            const outputs = plainOutputs(result.outputs);
            this.targets = this.opts.sync && (await this.devModeOn()) ? this.syncTargetsFrom(outputs) : undefined;
            const counts = result.summary.resourceChanges ?? {};
            const changedCount = Object.entries(counts).filter(([op]) => op !== "same").reduce((n, [, c]) => n + c, 0);
            if (changedCount === 0) {
                this.opts.print(`no change to deploy (${counts.same ?? 0} unchanged; update ${((Date.now() - started) / 1000).toFixed(1)} s)`);
                return;
            }
            const urls = healthUrls(outputs);
            const serving = await waitServing(urls, SERVING_DEADLINE_MS);
            const phases = Object.entries(progress.secondsByPhase()).filter(([, s]) => s > 0).map(([p, s]) => `${p} ${s.toFixed(1)} s`);
            const seconds = ((Date.now() - savedAt) / 1000).toFixed(1);
            this.opts.print(`${serving ? "serving" : "NOT serving"} ${urls.map((u) => u.replace(/\/api\/health$/, "")).join(" ")} ${seconds} s after the save (${phases.join(", ")}; ${JSON.stringify(counts)})`);
        } catch (e) {
            this.opts.print(`update failed: ${pulumiErrorLine(e)}`);
            if (changed.length > 0) {
                this.opts.print("still watching: fix it and save again");
            }
        }
    }

    /** Where saves go, from the stack's outputs and the layout settings in its stack file. */
    private syncTargetsFrom(outputs: Readonly<Record<string, unknown>>): DevSession["targets"] {
        const config = readStackConfig(this.opts.stackName);
        const project = projectName();
        const builds = (config[`${project}:builds`] ?? {}) as Partial<Record<ServiceName, { context?: string }>>;
        const contexts = Object.fromEntries(Object.entries(builds).map(([s, b]) => [s, b?.context]).filter(([, c]) => typeof c === "string"));
        const services = syncTargets({ projectRoot: PROJECT_ROOT, sourceRoot: config[`${project}:sourceRoot`] as string | undefined, contexts, releaseName: String(outputs.releaseName) });
        return { pods: new PodSync(String(outputs.kubeContext), String(outputs.namespace)), services, files: sourceFiles(services) };
    }
}

/**
 * Writes back the stack file's text from before devMode was set, when its settings are the
 * same again (its encryptionsalt included): `pulumi config set` rewrites the whole file (integers become quoted strings), and
 * a session must leave the user's file as it found it. Any other change (a setting changed
 * meanwhile) keeps the CLI's version.
 */
function restoreStackFile(stackName: string, before: string): void {
    const settings = (text: string | undefined): string => {
        // The whole file (its encryptionsalt too), with scalar settings compared as the CLI writes them.
        const doc = (YAML.parse(text ?? "") as { config?: Record<string, unknown> } | null) ?? {};
        const config = Object.entries(doc.config ?? {}).map(([k, v]) => [k, typeof v === "object" ? v : String(v)]).sort();
        return JSON.stringify({ ...doc, config });
    };
    const file = path.join(PROJECT_ROOT, `Pulumi.${stackName}.yaml`);
    if (settings(readStackFile(stackName)) === settings(before)) {
        fs.writeFileSync(file, before);
    }
}
