// The smoke tests' check loop, shared by the full smoke (smoke.ts: this project's services) and the
// probe smoke (probeSmoke.ts: any chart): each check is retried until it passes, fails for good or
// the run's deadline passes, and is recorded as one row of the report.
import { Attempt, sleep } from "./smokeHttp";

export type SmokeStatus = "PASS" | "FAIL" | "SKIP";

export interface SmokeCheck {
    readonly name: string;
    readonly status: SmokeStatus;
    readonly detail: string;
    readonly attempts: number;
    readonly ms: number;
}

export interface SmokeReport {
    readonly ok: boolean;
    readonly checks: readonly SmokeCheck[];
}

export interface CheckLoopOptions {
    /** Total time for the whole run, retries included. */
    readonly deadlineMs: number;
    /** Pause between attempts of a retried check (default 2 s). */
    readonly retryDelayMs?: number;
    /** Timeout of one request (default 10 s; never beyond the deadline). */
    readonly requestTimeoutMs?: number;
    /** Called as each check finishes, for progress output. */
    readonly onResult?: (result: SmokeCheck) => void;
    /** The clock and the pause between attempts (tests inject a simulated clock). */
    readonly clock?: { readonly now: () => number; readonly sleep: (ms: number) => Promise<void> };
}

/** The shortest request timeout an attempt gets, even close to (or past) the deadline. */
export const MIN_ATTEMPT_MS = 1_000;

export class CheckLoop {
    readonly checks: SmokeCheck[] = [];
    private readonly deadline: number;
    private readonly now: () => number;
    private readonly pause: (ms: number) => Promise<void>;

    constructor(private readonly options: CheckLoopOptions) {
        ({ now: this.now, sleep: this.pause } = options.clock ?? { now: Date.now, sleep });
        this.deadline = this.now() + options.deadlineMs;
    }

    skip(name: string, detail: string): void {
        this.record({ name, status: "SKIP", detail, attempts: 0, ms: 0 });
    }

    /** A check that could not even be attempted (e.g. no way to reach the workload). */
    fail(name: string, detail: string): void {
        this.record({ name, status: "FAIL", detail, attempts: 0, ms: 0 });
    }

    /**
     * Runs `attempt` until it passes, fails for good, or the deadline passes. Every check gets
     * one attempt even after the deadline (so one slow service does not hide the state of
     * the others); only retries are bounded by it.
     */
    async check<T>(name: string, attempt: (timeoutMs: number) => Promise<Attempt<T>>): Promise<T | undefined> {
        const started = this.now();
        const requestTimeoutMs = this.options.requestTimeoutMs ?? 10_000;
        let attempts = 0;
        let last = "";
        for (;;) {
            const remaining = this.deadline - this.now();
            if (remaining <= 0 && attempts > 0) {
                this.record({ name, status: "FAIL", detail: `deadline exceeded (${this.options.deadlineMs / 1000}s); last: ${last}`, attempts, ms: this.now() - started });
                return undefined;
            }
            attempts++;
            // An attempt never gets less than MIN_ATTEMPT_MS (a request cut to a few ms would
            // only report a timeout instead of what the service answers), so the deadline can
            // be overshot by that much.
            const outcome = await attempt(Math.min(requestTimeoutMs, Math.max(remaining, MIN_ATTEMPT_MS)));
            if (outcome.kind !== "retry") {
                this.record({ name, status: outcome.kind === "pass" ? "PASS" : "FAIL", detail: outcome.detail, attempts, ms: this.now() - started });
                return outcome.kind === "pass" ? outcome.value : undefined;
            }
            last = outcome.detail;
            await this.pause(Math.max(0, Math.min(this.options.retryDelayMs ?? 2_000, this.deadline - this.now())));
        }
    }

    /** The report, rows in the order `order` gives (checks run concurrently finish in any order). */
    report(order: readonly string[] = this.checks.map((c) => c.name)): SmokeReport {
        const checks = [...this.checks].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
        return { ok: !checks.some((c) => c.status === "FAIL"), checks };
    }

    private record(c: SmokeCheck): void {
        this.checks.push(c);
        this.options.onResult?.(c);
    }
}
