// `npm run dev [-- --stack <name>]`: the inner loop. Deploys the stack once in the dev variant
// (devMode: reloading servers, writable source folders), then watches the services' sources,
// the Dockerfiles, the chart and the program. A save inside a service's synced folders is
// copied into its pods and served by the reloading server in seconds; any other save runs one
// update through the Automation API (debounced; never two at once; saves during an update
// queue one more), where content tags rebuild and roll only the service whose files changed.
// After --converge-after seconds without a save, one update builds the synced files into the
// images, so the state matches the source. Ctrl-C stops watching, lets a running update
// finish (the CLI gets the same signal and cancels cleanly, so the state is never left locked)
// and runs one update with devMode off: the stack is then what `npm run up` deploys.
// --no-sync keeps the production images and takes the full path for every save.
import { parseArgs } from "node:util";
import * as path from "path";
import { preflight } from "./lib/preflight";
import { DevSession } from "./lib/devSession";
import { watchRoots, watchSources } from "./lib/sourceWatcher";
import { openStack, PROJECT_ROOT, pulumiErrorLine } from "./lib/stack";
import { UpdateQueue } from "./lib/updateQueue";

const USAGE = "usage: npm run dev [-- --stack <name>] [--debounce-ms <ms>] [--converge-after <seconds>] [--no-sync]";
const print = (line: string): void => {
    process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
};

interface DevOptions {
    readonly stack: string;
    readonly debounceMs: number;
    readonly convergeAfterMs: number;
    readonly sync: boolean;
}

function readOptions(): DevOptions {
    const { values } = parseArgs({
        options: {
            stack: { type: "string", short: "s", default: "dev" },
            "debounce-ms": { type: "string", default: "300" },
            "converge-after": { type: "string", default: "30" },
            "no-sync": { type: "boolean", default: false },
        },
    });
    const debounceMs = Number(values["debounce-ms"]);
    if (!Number.isInteger(debounceMs) || debounceMs < 0) {
        throw new Error(`--debounce-ms must be a whole number of milliseconds, got '${values["debounce-ms"]}'`);
    }
    const convergeAfter = Number(values["converge-after"]);
    if (!Number.isFinite(convergeAfter) || convergeAfter < 1) {
        throw new Error(`--converge-after must be a number of seconds of at least 1, got '${values["converge-after"]}'`);
    }
    return { stack: values.stack!, debounceMs, convergeAfterMs: convergeAfter * 1000, sync: !values["no-sync"] };
}

async function main(): Promise<number> {
    let options: DevOptions;
    try {
        options = readOptions();
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
    // Listening from the start: a Ctrl-C during the first deploy must still turn devMode off.
    let stopping = false;
    const stopRequested = new Promise<void>((resolve) => {
        const stop = (): void => {
            stopping = true;
            resolve();
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
    });
    let queue: UpdateQueue | undefined;
    const session = new DevSession(stack, { stackName: options.stack, sync: options.sync, convergeAfterMs: options.convergeAfterMs, requestConverge: () => queue?.kick(), print });
    await session.start();

    queue = new UpdateQueue((changed, savedAt) => session.onSaves(changed, savedAt), { debounceMs: options.debounceMs });
    const roots = watchRoots(PROJECT_ROOT, options.stack);
    const stopWatching = stopping ? () => undefined : watchSources(roots, (p) => queue?.notify(p));
    if (!stopping) {
        print(`watching ${roots.map((r) => path.relative(process.cwd(), r) || ".").join(", ")} (Ctrl-C stops)`);
    }
    await stopRequested;
    stopWatching();
    if (queue.busy) {
        print("stopping: letting the running update finish");
    }
    await queue.close();
    await session.stop();
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
