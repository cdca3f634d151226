// `npm run bench`: how fast an edit is running, this program against a baseline that does what
// the seed's scripts do (scripts/lib/bench/baselineDeployer.ts), in the same run, on the same
// cluster and Docker. Prints one table (median seconds, ratio to the baseline, where the time
// went), the dev loop's seconds per save (full path, and sync from the write to the first
// response carrying it) with its convergence, and the image sizes against their goals.
// One deployment at a time: the program's stack is destroyed before the baseline deploys.
// Options: --runs N (cheap rows, default 3), --slow-runs N (frontend rows, default 1),
// --loop-only (only the dev loop's table: full path and sync, in one run, no baseline).
import { parseArgs } from "node:util";
import * as path from "path";
import { e2eCluster, Kube, sh } from "./lib/cluster";
import { copyRunnableProject } from "./lib/projectCopy";
import { BaselineDeployer } from "./lib/bench/baselineDeployer";
import { Deployer, EDITED_FILES, editLine, pythonEditLine, timed, Timing } from "./lib/bench/deployer";
import { DevLoopRun } from "./lib/bench/devLoopRun";
import { BENCH_ENV, ProgramDeployer } from "./lib/bench/programDeployer";
import { saveUntilServed, StampedEdit, STAMPED_EDITS } from "./lib/bench/syncSaves";
import { formatLoopTable, formatTable, Row } from "./lib/bench/table";
import { PROJECT_ROOT, pulumiErrorLine } from "./lib/stack";

const NAMESPACE = "todo-bench";
/** The backend's NodePort, so the sync rows can time its answers from here. */
const BACKEND_NODE_PORT = 30002;
const STANDIN = { repository: "todo-e2e-postgres", tag: "16-standin" };
const log = (line: string): void => console.log(line);

/** Nothing built: the app's images and the whole build cache gone (the base images stay, as a user has them pulled). */
function forgetBuilds(): void {
    const refs = sh("docker", ["image", "ls", "--format", "{{.Repository}}:{{.Tag}}"]).stdout.split("\n").filter((r) => /^todo-(backend|frontend-web|frontend-chatbot):/.test(r));
    if (refs.length > 0) {
        sh("docker", ["image", "rm", "--force", ...refs]);
    }
    sh("docker", ["builder", "prune", "--all", "--force"]);
}

async function scenarios(d: Deployer, runs: number, slowRuns: number): Promise<Record<string, Timing[]>> {
    const repeat = async (n: number, scenario: string, f: () => Promise<Timing>): Promise<Timing[]> => {
        const out: Timing[] = [];
        for (let i = 0; i < n; i++) {
            out.push(await f());
            log(`  ${d.label}: ${scenario} #${i + 1}: ${out[i].seconds.toFixed(1)} s`);
        }
        return out;
    };
    forgetBuilds();
    return {
        cold: await repeat(1, "cold deploy", () => d.coldDeploy()),
        rerun: await repeat(runs, "unchanged re-run", () => d.rerun()),
        backend: await repeat(runs, "one backend file", () => d.editBackend()),
        frontend: await repeat(slowRuns, "one frontend file", () => d.editFrontend()),
        secret: await repeat(runs, "one secret rotated", () => d.rotateSecret()),
    };
}

/** Today's full path for every save (`--no-sync`): the loop's own save → new pods serving. */
async function fullPathSaves(program: ProgramDeployer, saves: number): Promise<{ backend: number[]; frontend: number[] }> {
    const dev = new DevLoopRun(program.projectDir, "bench", { ...BENCH_ENV, PULUMI_BACKEND_URL: program.backendUrl }, log, ["--no-sync"]);
    await dev.ready();
    const result = { backend: [] as number[], frontend: [] as number[] };
    for (let i = 0; i < saves; i++) {
        result.backend.push(await dev.save(path.join(program.projectDir, ...EDITED_FILES.backend), pythonEditLine(100 + i)));
    }
    for (let i = 0; i < saves; i++) {
        result.frontend.push(await dev.save(path.join(program.projectDir, ...EDITED_FILES.frontendWeb), editLine(200 + i)));
    }
    const code = await dev.stop();
    if (code !== 0) {
        throw new Error(`npm run dev exited ${code} on Ctrl-C`);
    }
    return result;
}

/** The sync path: each save's write → the first response carrying it; then the quiet-period convergence and the stop. */
async function syncSaves(program: ProgramDeployer, nodeAddress: string, saves: number): Promise<{ backend: number[]; frontend: number[]; converge: number; stop: number }> {
    const dev = new DevLoopRun(program.projectDir, "bench", { ...BENCH_ENV, PULUMI_BACKEND_URL: program.backendUrl }, log, ["--converge-after", "20"]);
    await dev.ready();
    const timedSave = async (edit: StampedEdit, port: number, n: number): Promise<number> => {
        const from = dev.printed;
        const seconds = await saveUntilServed(program.projectDir, edit, `http://${nodeAddress}:${port}`, `bench-sync-${n}-${Date.now()}`, 120_000);
        await dev.waitFor(/^\S+ synced /, from, 30_000); // served by the sync, not by a full update
        return seconds;
    };
    const result = { backend: [] as number[], frontend: [] as number[], converge: 0, stop: 0 };
    for (let i = 0; i < saves; i++) {
        result.backend.push(await timedSave(STAMPED_EDITS.backend, BACKEND_NODE_PORT, i));
    }
    for (let i = 0; i < saves; i++) {
        result.frontend.push(await timedSave(STAMPED_EDITS.frontendWeb, 30000, i));
    }
    const quiet = await dev.waitFor(/converging: /, dev.printed, 120_000);
    result.converge = await dev.servingSeconds(quiet, 10 * 60_000);
    const [stopSeconds, code] = await timed(() => dev.stop());
    if (code !== 0) {
        throw new Error(`npm run dev exited ${code} on Ctrl-C`);
    }
    result.stop = stopSeconds;
    return result;
}

async function main(): Promise<number> {
    const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, "slow-runs": { type: "string", default: "1" }, "loop-only": { type: "boolean", default: false } } });
    const runs = Number(values.runs);
    const slowRuns = Number(values["slow-runs"]);
    const cluster = e2eCluster();
    const kube = new Kube(cluster.kubeContext, NAMESPACE);
    sh("kubectl", ["--context", cluster.kubeContext, "delete", "namespace", NAMESPACE, "--ignore-not-found", "--wait=true", "--timeout=180s"]);
    const standin = `${STANDIN.repository}:${STANDIN.tag}`;
    sh("docker", ["build", "--quiet", "--tag", standin, path.join(PROJECT_ROOT, "tests", "e2e", "postgres-standin")]);
    sh("sh", ["-c", cluster.imageLoad.split("{image}").join(standin)]);
    const started = Date.now();

    log("== this program");
    const program = await ProgramDeployer.create(copyRunnableProject(), "bench", {
        environment: "dev", target: "context", kubeContext: cluster.kubeContext, imageLoadCommand: cluster.imageLoad, nodeAddress: cluster.nodeAddress,
        namespace: NAMESPACE, frontendWebNodePort: 30000, frontendChatbotNodePort: 30001, backendNodePort: BACKEND_NODE_PORT, releaseTimeoutSeconds: 300, extraValues: { postgresql: { image: STANDIN } },
    });
    const mine = values["loop-only"] ? undefined : await scenarios(program, runs, slowRuns);
    const dev = await fullPathSaves(program, 3);
    const sync = await syncSaves(program, cluster.nodeAddress, 5);
    const loopTable = formatLoopTable([
        { save: "full path, backend", seconds: dev.backend, goal: "-", measured: "npm run dev --no-sync: its own save → new pods serving" },
        { save: "full path, web UI", seconds: dev.frontend, goal: "-", measured: "npm run dev --no-sync: its own save → new pods serving" },
        { save: "sync, backend", seconds: sync.backend, goal: "≤ 3 s", measured: "file written → first /health response carrying it" },
        { save: "sync, web UI", seconds: sync.frontend, goal: "≤ 5 s", measured: "file written → first /api/health response carrying it" },
        { save: "converge (20 s quiet)", seconds: [sync.converge], goal: "-", measured: "the loop's update: synced files into the dev images" },
        { save: "stop (devMode off)", seconds: [sync.stop], goal: "-", measured: "Ctrl-C → loop exited: one update back to the production images" },
    ]);
    if (!mine) {
        await program.teardown();
        log(`\n${loopTable}\n\nbenchmark (--loop-only) took ${((Date.now() - started) / 60000).toFixed(1)} min`);
        return 0;
    }
    const images = (await program.imageRefs());
    const sizes = sh("npx", ["ts-node", "scripts/image-sizes.ts", ...Object.entries(images).flatMap(([s, ref]) => ["--image", `${s}=${ref}`])], { allowFailure: true }).stdout;
    await program.teardown();

    log("== baseline");
    const baseline = new BaselineDeployer(copyRunnableProject(), { kube, imageLoad: cluster.imageLoad, nodeAddress: cluster.nodeAddress, postgresImage: STANDIN });
    const theirs = await scenarios(baseline, runs, slowRuns);
    await baseline.teardown();

    const rows: Row[] = [
        { scenario: "cold deploy (nothing built) → smoke green", program: mine.cold, baseline: theirs.cold },
        { scenario: "unchanged re-run", program: mine.rerun, baseline: theirs.rerun },
        { scenario: "one backend file → new pods serving", program: mine.backend, baseline: theirs.backend },
        { scenario: "one frontend file → new pods serving", program: mine.frontend, baseline: theirs.frontend },
        { scenario: "one secret rotated → rolled, serving", program: mine.secret, baseline: theirs.secret },
    ];
    log(`\n${formatTable(rows)}\n`);
    log(loopTable);
    log(`\nimage sizes (npm run image-sizes on the deployed images):\n${sizes}`);
    log(`machine: ${sh("nproc", []).stdout.trim()} cores, ${(Number(sh("sh", ["-c", "grep MemTotal /proc/meminfo | tr -s ' ' | cut -d' ' -f2"]).stdout) / 1024 / 1024).toFixed(0)} GiB; benchmark took ${((Date.now() - started) / 60000).toFixed(1)} min`);
    return 0;
}

main().then(
    (code) => process.exit(code),
    (e: unknown) => {
        console.error(`bench: ${pulumiErrorLine(e)}`);
        process.exit(1);
    },
);
