// The day-2 stage of the end-to-end test: runs the disruptions under traffic, prints the table
// (docs/RELIABILITY.md shows one), and asserts what users are promised.
//
// DAY2_CONTROL=1 runs the negative control instead: the release deployed with the chart's
// preStop sleep at 0 (config set by the e2e's first stage), where the same disruptions must
// fail requests; the table is printed and that is asserted.
import * as assert from "assert";
import { DayTwoEnv, runDayTwo } from "./scenarios";
import { table } from "./loadResult";

export const DAY2_CONTROL = process.env.DAY2_CONTROL === "1";
/** Six keep-alive clients aiming at 100 requests/s in all (these 2 cores sustain 50 to 90 next to the app). */
const LOAD = { clients: 6, rate: 100 };
/** Fewer requests than this in a row would mean the clients stalled, not that the app held up. */
const MIN_REQUESTS = 200;
/** The only failures allowed while PostgreSQL restarts: a fast, explicit "try again". */
const DATABASE_DOWN = /^503 with Retry-After \(POST \/api\/todos\)$/;

/** The chart values of the control: no preStop sleep, everything else unchanged. */
export function dayTwoExtraValues(): Record<string, unknown> {
    return DAY2_CONTROL ? { shutdown: { preStopSleepSeconds: 0 } } : {};
}

export async function dayTwoStage(env: DayTwoEnv): Promise<string> {
    const report = await runDayTwo(env, LOAD);
    const printed = table(report.rows);
    console.log(printed.replace(/^/gm, "      "));
    const disrupted = report.rows.filter((r) => /^[a-e]\. /.test(r.scenario));
    const failedInAtoE = disrupted.reduce((n, r) => n + r.failed, 0);
    if (DAY2_CONTROL) {
        console.log(`      control (preStop sleep 0): ${failedInAtoE} failed requests in a-e`);
        assert.ok(failedInAtoE > 0, "the control without a preStop sleep was expected to fail requests");
        return printed;
    }
    // Traffic flowed in every row (how much is this machine's speed, printed, never asserted:
    // the first CI run here sent 69 req/s at baseline, a later one 52).
    assert.ok(report.rows.every((r) => r.requests >= MIN_REQUESTS), `every row carried traffic: ${report.rows.map((r) => r.requests).join(", ")}`);
    assert.strictEqual(report.rows[0].failed, 0, `the baseline must be clean: ${JSON.stringify(report.rows[0])}`);
    for (const row of disrupted) {
        assert.strictEqual(row.failed, 0, `${row.scenario}: ${JSON.stringify(row.causes)}`);
    }
    const outage = report.rows.find((r) => r.scenario.startsWith("f. "))!;
    const unexpected = Object.keys(outage.causes).filter((c) => !DATABASE_DOWN.test(c));
    assert.deepStrictEqual(unexpected, [], `while PostgreSQL restarts only 503 with Retry-After: ${JSON.stringify(outage.causes)}`);
    assert.ok(outage.max < 10_000, `no request waits past the client's 10 s timeout (max ${outage.max} ms)`);
    assert.ok(report.acknowledgedWrites > 100, `f acknowledged ${report.acknowledgedWrites} writes`);
    assert.deepStrictEqual(report.lostWrites, [], "acknowledged writes lost across the PostgreSQL restart");
    assert.strictEqual(report.restartsDuringOutage, 0, "the backend recovers without a container restart");
    console.log(`      f: ${report.acknowledgedWrites} acknowledged creates, ${report.lostWrites.length} lost, ${outage.failed} answered 503 with Retry-After`);
    return printed;
}
