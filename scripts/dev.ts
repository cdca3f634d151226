// `npm run dev [-- --stack <name>]`: the inner loop. Deploys the stack once, then watches the
// services' sources, the Dockerfiles, the chart and the program; each save runs one update
// through the Automation API (debounced; never two at once; saves during an update queue one
// more). Content tags make the engine rebuild and roll only the service whose files changed.
// One line per step (build, load, Release and rollout), then the seconds from the save until
// the URLs serve. A failed build or rollout prints its cause and the loop keeps watching.
// Ctrl-C stops watching and lets a running update finish (the CLI gets the same signal and
// cancels cleanly), so the state is never left locked.
import { parseArgs } from "node:util";
import * as path from "path";
import { Stack } from "@pulumi/pulumi/automation";
import { preflight } from "./lib/preflight";
import { healthUrls, waitServing } from "./lib/serving";
import { watchRoots, watchSources } from "./lib/sourceWatcher";
import { openStack, plainOutputs, PROJECT_ROOT, pulumiErrorLine } from "./lib/stack";
import { UpdateProgress } from "./lib/updateProgress";
import { UpdateQueue } from "./lib/updateQueue";

const USAGE = "usage: npm run dev [-- --stack <name>] [--debounce-ms <ms>]";
const SERVING_DEADLINE_MS = 120_000;
const print = (line: string): void => {
    process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
};

async function update(stack: Stack, changed: readonly string[], savedAt: number): Promise<void> {
    print(changed.length === 0 ? "deploying" : `changed: ${changed.map((p) => path.relative(PROJECT_ROOT, p)).join(", ")}`);
    const progress = new UpdateProgress(print);
    try {
        const result = await stack.up({ onEvent: progress.onEvent });
        const counts = result.summary.resourceChanges ?? {};
        const changedCount = Object.entries(counts).filter(([op]) => op !== "same").reduce((n, [, c]) => n + c, 0);
        if (changedCount === 0) {
            print(`no change to deploy (${counts.same ?? 0} unchanged)`);
            return;
        }
        const urls = healthUrls(plainOutputs(result.outputs));
        const serving = await waitServing(urls, SERVING_DEADLINE_MS);
        const phases = Object.entries(progress.secondsByPhase()).filter(([, s]) => s > 0).map(([p, s]) => `${p} ${s.toFixed(1)} s`);
        const seconds = ((Date.now() - savedAt) / 1000).toFixed(1);
        print(`${serving ? "serving" : "NOT serving"} ${urls.map((u) => u.replace(/\/api\/health$/, "")).join(" ")} ${seconds} s after the save (${phases.join(", ")}; ${JSON.stringify(counts)})`);
    } catch (e) {
        print(`update failed: ${pulumiErrorLine(e)}`);
        print("still watching: fix it and save again");
    }
}

async function main(): Promise<number> {
    let options: { stack: string; debounceMs: number };
    try {
        const { values } = parseArgs({ options: { stack: { type: "string", short: "s", default: "dev" }, "debounce-ms": { type: "string", default: "300" } } });
        options = { stack: values.stack!, debounceMs: Number(values["debounce-ms"]) };
        if (!Number.isInteger(options.debounceMs) || options.debounceMs < 0) {
            throw new Error(`--debounce-ms must be a whole number of milliseconds, got '${values["debounce-ms"]}'`);
        }
    } catch (e) {
        process.stderr.write(`dev: ${(e as Error).message}\n${USAGE}\n`);
        return 2;
    }
    const { ok, backend } = preflight(options.stack, (t) => process.stdout.write(t));
    if (!ok) {
        return 2;
    }
    // Transpile only: the editor and `npm test` check types; each update saves seconds of tsc.
    const stack = await openStack(options.stack, { create: true, backend, envVars: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" } });
    await update(stack, [], Date.now());

    const queue = new UpdateQueue((changed, savedAt) => update(stack, changed, savedAt), { debounceMs: options.debounceMs });
    const roots = watchRoots(PROJECT_ROOT, options.stack);
    const stopWatching = watchSources(roots, (p) => queue.notify(p));
    print(`watching ${roots.map((r) => path.relative(process.cwd(), r) || ".").join(", ")} (Ctrl-C stops)`);
    await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
    });
    stopWatching();
    if (queue.busy) {
        print("stopping: letting the running update finish");
    }
    await queue.close();
    print("stopped");
    return 0;
}

main().then(
    (code) => process.exit(code),
    (e: unknown) => {
        process.stderr.write(`dev: ${pulumiErrorLine(e)}\n`);
        process.exit(1);
    },
);
