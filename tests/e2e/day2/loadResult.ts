// The day-2 load client's result, how the stage starts and stops the client, and the
// summary row printed for each disruption.
import { ChildProcess, spawn } from "child_process";
import * as path from "path";

export interface Sample {
    /** Milliseconds since the load started. */
    readonly at: number;
    readonly ms: number;
    readonly ok: boolean;
    /** Why it failed: "HTTP 502", "503 with Retry-After", "connection reset", "timeout", ... */
    readonly cause?: string;
    readonly request: string;
}

export interface LoadResult {
    readonly seconds: number;
    readonly samples: readonly Sample[];
    /** Ids of the todos whose create was answered 201. */
    readonly acknowledged: readonly number[];
}

export interface Row {
    readonly scenario: string;
    readonly requests: number;
    /** Requests per second achieved (the clients pace themselves to the target rate). */
    readonly rate: number;
    readonly failed: number;
    /** Failed requests by cause. */
    readonly causes: Readonly<Record<string, number>>;
    readonly p50: number;
    readonly p99: number;
    readonly max: number;
    /** Seconds the disruption itself took (the load ran a few seconds before and after it). */
    readonly disruption: number;
}

export interface LoadOptions {
    readonly web: string;
    readonly chatbot: string;
    readonly mode: "mixed" | "writes";
    readonly clients: number;
    readonly rate: number;
    /** The client stops by itself after this long even if never told to. */
    readonly maxSeconds: number;
}

/** A running load client; stop() ends it and returns what it measured. */
export class LoadRun {
    private readonly output: Promise<string>;

    private constructor(private readonly child: ChildProcess) {
        let stdout = "";
        let stderr = "";
        child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
        child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
        this.output = new Promise((resolve, reject) => {
            child.on("error", reject);
            child.on("exit", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`load client exited ${code}: ${stderr}`))));
        });
    }

    static start(o: LoadOptions): LoadRun {
        const script = path.join(__dirname, "loadClient.ts");
        const args = ["-r", "ts-node/register/transpile-only", script, "--web", o.web, "--chatbot", o.chatbot, "--mode", o.mode, "--clients", String(o.clients), "--rate", String(o.rate), "--max-seconds", String(o.maxSeconds)];
        return new LoadRun(spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] }));
    }

    async stop(): Promise<LoadResult> {
        this.child.kill("SIGTERM");
        return JSON.parse(await this.output) as LoadResult;
    }
}

function percentile(sorted: readonly number[], p: number): number {
    return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function summarize(scenario: string, result: LoadResult, disruptionSeconds: number): Row {
    const latencies = result.samples.map((s) => s.ms).sort((a, b) => a - b);
    const causes: Record<string, number> = {};
    for (const s of result.samples.filter((x) => !x.ok)) {
        const key = `${s.cause} (${s.request})`;
        causes[key] = (causes[key] ?? 0) + 1;
    }
    return {
        scenario,
        requests: result.samples.length,
        rate: Math.round(result.samples.length / result.seconds),
        failed: result.samples.filter((s) => !s.ok).length,
        causes,
        p50: Math.round(percentile(latencies, 50)),
        p99: Math.round(percentile(latencies, 99)),
        max: Math.round(latencies[latencies.length - 1] ?? 0),
        disruption: Math.round(disruptionSeconds),
    };
}

export function table(rows: readonly Row[]): string {
    const head = ["scenario", "requests", "req/s", "failed", "p50 ms", "p99 ms", "max ms", "disruption s", "failures by cause"];
    const lines = rows.map((r) => [r.scenario, r.requests, r.rate, r.failed, r.p50, r.p99, r.max, r.disruption, Object.entries(r.causes).map(([k, v]) => `${v} × ${k}`).join("; ") || "-"].map(String));
    const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
    const fmt = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
    return [fmt(head), fmt(widths.map((w) => "-".repeat(w))), ...lines.map(fmt)].join("\n");
}
