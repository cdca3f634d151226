// The benchmark's table: per scenario, the median seconds of this program and of the
// baseline, their ratio, and where this program's time went (median of each phase).
import { Timing } from "./deployer";

export interface Row {
    readonly scenario: string;
    readonly program: readonly Timing[];
    readonly baseline: readonly Timing[];
}

export function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function phases(timings: readonly Timing[]): string {
    const names = [...new Set(timings.flatMap((t) => Object.keys(t.phases)))];
    return names
        .map((n) => [n, median(timings.map((t) => t.phases[n] ?? 0))] as const)
        .filter(([, s]) => s >= 0.05)
        .map(([n, s]) => `${n} ${s.toFixed(1)}`)
        .join(", ");
}

export function formatTable(rows: readonly Row[]): string {
    const header = ["scenario", "runs", "this program s", "baseline s", "ratio", "this program: where the time goes (s)", "baseline: where the time goes (s)"];
    const cells = rows.map((r) => {
        const p = r.program.length ? median(r.program.map((t) => t.seconds)) : NaN;
        const b = r.baseline.length ? median(r.baseline.map((t) => t.seconds)) : NaN;
        const runs = r.baseline.length ? `${r.program.length}/${r.baseline.length}` : String(r.program.length);
        return [r.scenario, runs, p.toFixed(1), Number.isNaN(b) ? "-" : b.toFixed(1), Number.isNaN(b) ? "-" : (p / b).toFixed(2), phases(r.program), r.baseline.length ? phases(r.baseline) : "-"];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
    const line = (c: readonly string[]): string => `| ${c.map((x, i) => x.padEnd(widths[i])).join(" | ")} |`;
    return [line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

/** One row of the inner loop's table: a kind of save, its seconds per run, and its goal. */
export interface LoopRow {
    readonly save: string;
    readonly seconds: readonly number[];
    readonly goal: string;
    readonly measured: string;
}

export function formatLoopTable(rows: readonly LoopRow[]): string {
    const header = ["npm run dev", "runs", "median s", "goal", "each run (s)", "measured"];
    const cells = rows.map((r) => [r.save, String(r.seconds.length), median(r.seconds).toFixed(1), r.goal, r.seconds.map((s) => s.toFixed(1)).join(", "), r.measured]);
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
    const line = (c: readonly string[]): string => `| ${c.map((x, i) => x.padEnd(widths[i])).join(" | ")} |`;
    return [line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}
