// What the smoke test reads and prints: its targets from a stack's outputs, the pass/fail
// table, and the runner's one-line-per-check progress.
import { runSmoke, SmokeReport, SmokeStatus, SmokeTargets } from "./smoke";

/** The pass/fail table printed at the end. */
export function formatSmokeTable(report: SmokeReport): string {
    const header = ["CHECK", "RESULT", "TIME", "DETAIL"];
    const rows = report.checks.map((c) => [c.name, c.status, c.status === "SKIP" ? "-" : `${(c.ms / 1000).toFixed(1)}s`, c.detail]);
    const widths = [0, 1, 2].map((i) => Math.max(header[i].length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]): string => cells.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell)).join("  ").trimEnd();
    const count = (s: SmokeStatus): number => report.checks.filter((c) => c.status === s).length;
    return [
        line(header),
        ...rows.map(line),
        `smoke: ${report.ok ? "PASSED" : "FAILED"} (${count("PASS")} passed, ${count("FAIL")} failed, ${count("SKIP")} skipped)`,
    ].join("\n");
}

/**
 * The smoke targets from a stack's outputs (frontendWebUrl, frontendChatbotUrl,
 * backendPublicUrl). An empty URL output means no URL answers from this machine (e.g. the
 * docker driver on macOS); the deploy's log line names the command that prints one.
 */
export function targetsFromOutputs(outputs: Readonly<Record<string, unknown>>): { targets?: SmokeTargets; problems: string[] } {
    const problems: string[] = [];
    const url = (key: string, required: boolean): string | undefined => {
        const value = outputs[key];
        if (value === "" && required) {
            problems.push(`${key} is empty: no URL answers from this machine (the deploy's log line "${key} is empty: …" names the command that prints one)`);
            return undefined;
        }
        if (value === undefined || value === null || value === "") {
            if (required) {
                problems.push(`the stack has no output ${key} (has it been deployed? npm run up)`);
            }
            return undefined;
        }
        if (typeof value !== "string" || !/^https?:\/\/[^\s]+$/.test(value)) {
            problems.push(`${key} is not a URL: ${String(value)}`);
            return undefined;
        }
        return value;
    };
    const web = url("frontendWebUrl", true);
    const chatbot = url("frontendChatbotUrl", true);
    const backend = url("backendPublicUrl", false);
    if (problems.length > 0 || web === undefined || chatbot === undefined) {
        return { problems };
    }
    return { targets: { web, chatbot, backend }, problems };
}

/** Runs the smoke test, printing one line per finished check and then the table; returns whether it passed. */
export async function runSmokeAndPrint(targets: SmokeTargets, deadlineMs: number, write: (text: string) => void): Promise<boolean> {
    write(`Smoke test (deadline ${deadlineMs / 1000}s): web ${targets.web}, chatbot ${targets.chatbot}${targets.backend ? `, backend ${targets.backend}` : ""}\n`);
    const report = await runSmoke(targets, {
        deadlineMs,
        onResult: (c) => write(`  ${c.status.padEnd(4)} ${c.name}${c.attempts > 1 ? ` (${c.attempts} attempts)` : ""}\n`),
    });
    write(`\n${formatSmokeTable(report)}\n`);
    return report.ok;
}
