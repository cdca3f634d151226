// Day 2 under traffic: each disruption a user's `pulumi up`, a rotation, a rollback, an
// eviction or a database restart brings, one at a time, while six keep-alive clients send
// about 100 requests/s through the NodePorts on 127.0.0.1. One row per disruption; the stage
// asserts 0 failed requests in a-e and, in f, no acknowledged write lost and only fast 503s
// with Retry-After while the database is down.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { Kube } from "../../../scripts/lib/cluster";
import { AppView } from "../appView";
import { EngineFailed, EngineRun, EngineStack } from "../engine";
import { LoadOptions, LoadResult, LoadRun, Row, summarize } from "./loadResult";

/** Seconds of traffic before and after each disruption: the edges count as much as the middle. */
const SETTLE_SECONDS = 4;
const RELEASE = "todo-app";

export interface DayTwoEnv {
    readonly stack: EngineStack;
    readonly kube: Kube;
    readonly view: AppView;
    readonly pods: number;
    readonly web: string;
    readonly chatbot: string;
    /** Every engine run's output (for the stage's leak check) and the secret values it used. */
    readonly printed: string[];
    readonly secretValues: Set<string>;
}

export interface DayTwoReport {
    readonly rows: Row[];
    /** f: creates answered 201 that are missing from the list afterwards. */
    readonly lostWrites: number[];
    readonly acknowledgedWrites: number;
    /** Container restarts of the app's pods during f. */
    readonly restartsDuringOutage: number;
}

const sleep = (s: number): Promise<void> => new Promise((r) => setTimeout(r, s * 1000));

export async function runDayTwo(env: DayTwoEnv, load: Pick<LoadOptions, "clients" | "rate">): Promise<DayTwoReport> {
    const rows: Row[] = [];
    const under = async (scenario: string, disrupt: () => Promise<void>, mode: LoadOptions["mode"] = "mixed"): Promise<LoadResult> => {
        const run = LoadRun.start({ ...load, web: env.web, chatbot: env.chatbot, mode, maxSeconds: 600 });
        await sleep(SETTLE_SECONDS);
        const started = Date.now();
        try {
            await disrupt();
            await env.view.waitReady(env.pods);
        } finally {
            await sleep(SETTLE_SECONDS);
        }
        const result = await run.stop();
        rows.push(summarize(scenario, result, (Date.now() - started) / 1000 - SETTLE_SECONDS));
        console.log(`      ${scenario}: ${rows[rows.length - 1].requests} requests, ${rows[rows.length - 1].failed} failed`);
        return result;
    };
    const up = async (): Promise<EngineRun> => {
        const run = await env.stack.up();
        env.printed.push(run.output);
        return run;
    };
    const deployment = (component: string): string => `${RELEASE}-${component}`;
    const kubectl = (...args: string[]): string => env.kube.kubectl(args).stdout;

    await under("baseline (no disruption)", () => sleep(10));

    await under("a. pulumi up: one backend file changed", async () => {
        fs.appendFileSync(path.join(env.stack.projectDir, "apps", "backend", "app", "__init__.py"), "\n# day 2: a one-line change\n");
        await up();
    });

    await under("b. betterAuthSecret rotated, helm rollback to the revision before, and forward again", async () => {
        const value = `day2-auth-secret-${Date.now()}-0123456789abcdef`;
        env.secretValues.add(value);
        await env.stack.setConfig({}, { betterAuthSecret: value });
        await up();
        const rotated = env.view.lastRevision().revision;
        const before = env.view.secretNames();
        env.kube.helm(["rollback", RELEASE, String(rotated - 1), "--wait", "--timeout", "180s"]);
        await env.view.waitReady(env.pods);
        // The old revision's pods run on the Secret the rotation replaced: it was kept.
        const secretOf = kubectl("get", "deployment", deployment("backend"), "-o", "jsonpath={.spec.template.spec.containers[0].envFrom[1].secretRef.name}").trim();
        assert.ok(before.includes(secretOf), `the rolled-back backend reads ${secretOf}, one of ${before.join(", ")}`);
        env.kube.helm(["rollback", RELEASE, String(rotated), "--wait", "--timeout", "180s"]);
    });

    for (const component of ["frontend-web", "frontend-chatbot"]) {
        await under(`c. rollout of ${component}`, async () => {
            kubectl("rollout", "restart", `deployment/${deployment(component)}`);
            kubectl("rollout", "status", `deployment/${deployment(component)}`, "--timeout=180s");
        });
    }

    for (const component of ["backend", "frontend-web", "frontend-chatbot"]) {
        await under(`d. graceful deletion of one ${component} pod`, async () => {
            const pod = kubectl("get", "pods", "-l", `app.kubernetes.io/component=${component}`, "-o", "jsonpath={.items[0].metadata.name}").trim();
            kubectl("delete", "pod", pod, "--wait=true", "--timeout=120s");
        });
    }

    await under("e. a bad release (backend never Ready): the atomic upgrade rolls back", async () => {
        await env.stack.setConfig({ releaseTimeoutSeconds: 60, extraValues: { backend: { readinessProbe: { path: "/never-ready" } } } });
        const failed = await env.stack.up().then(() => undefined, (e: unknown) => e);
        assert.ok(failed instanceof EngineFailed, `the bad release must fail: ${String(failed)}`);
        env.printed.push(failed.run.output);
        assert.match(env.view.lastRevision().description, /^Rollback to \d+/);
        await env.stack.setConfig({ releaseTimeoutSeconds: 240, extraValues: { backend: { readinessProbe: { path: "/ready" } } } });
        await up();
    });

    const restarts = sumRestarts(env.view);
    const writes = await under("f. PostgreSQL pod deleted while clients create todos", async () => {
        kubectl("delete", "pod", `${RELEASE}-postgresql-0`, "--wait=true", "--timeout=120s");
    }, "writes");
    // Every create answered 201 is still there (read after the restart, through the same API).
    const listed = new Set((JSON.parse(await (await fetch(`${env.web}/api/todos`)).text()) as Array<{ id: number }>).map((t) => t.id));
    return {
        rows,
        lostWrites: writes.acknowledged.filter((id) => !listed.has(id)),
        acknowledgedWrites: writes.acknowledged.length,
        restartsDuringOutage: sumRestarts(env.view) - restarts,
    };
}

function sumRestarts(view: AppView): number {
    return Object.values(view.restarts()).reduce((a, b) => a + b, 0);
}
