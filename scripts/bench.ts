// `npm run bench`: how fast an edit is running, this program against a baseline that does what
// the seed's scripts do (scripts/lib/bench/baselineDeployer.ts), in the same run, on the same
// cluster and Docker. Prints one table (median seconds, ratio to the baseline, where the time
// went), the dev loop's save → serving seconds, and the image sizes against their goals.
// One deployment at a time: the program's stack is destroyed before the baseline deploys.
// Options: --runs N (cheap rows, default 3), --slow-runs N (frontend rows, default 1).
import { parseArgs } from "node:util";
import * as path from "path";
import { e2eCluster, Kube, sh } from "./lib/cluster";
import { copyRunnableProject } from "./lib/projectCopy";
import { BaselineDeployer } from "./lib/bench/baselineDeployer";
import { Deployer, EDITED_FILES, editLine, pythonEditLine, Timing } from "./lib/bench/deployer";
import { DevLoopRun } from "./lib/bench/devLoopRun";
import { BENCH_ENV, ProgramDeployer } from "./lib/bench/programDeployer";
import { formatTable, median, Row } from "./lib/bench/table";
import { PROJECT_ROOT, pulumiErrorLine } from "./lib/stack";

const NAMESPACE = "todo-bench";
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

async function devLoopSaves(program: ProgramDeployer, saves: number): Promise<{ backend: number[]; frontend: number[] }> {
    const dev = new DevLoopRun(program.projectDir, "bench", { ...BENCH_ENV, PULUMI_BACKEND_URL: program.backendUrl }, log);
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

async function main(): Promise<number> {
    const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, "slow-runs": { type: "string", default: "1" } } });
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
        namespace: NAMESPACE, frontendWebNodePort: 30000, frontendChatbotNodePort: 30001, releaseTimeoutSeconds: 300, extraValues: { postgresql: { image: STANDIN } },
    });
    const mine = await scenarios(program, runs, slowRuns);
    const dev = await devLoopSaves(program, 3);
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
    log(`npm run dev, save → new pods serving (s): backend ${dev.backend.map((s) => s.toFixed(1)).join(", ")} (median ${median(dev.backend).toFixed(1)}); frontend-web ${dev.frontend.map((s) => s.toFixed(1)).join(", ")} (median ${median(dev.frontend).toFixed(1)})`);
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
