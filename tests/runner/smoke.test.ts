// The smoke test against stub HTTP servers on 127.0.0.1 that answer like the reference apps
// (apps/frontend-web/app/api, apps/frontend-chatbot/app/api, apps/backend): short
// deadlines, so every case finishes in well under a second.
import * as assert from "assert";
import { CHECK_NAMES, runSmoke, SmokeOptions, SmokeReport } from "../../scripts/lib/smoke";
import { formatSmokeTable } from "../../scripts/lib/smokeReport";
import { DISABLED_REPLY, serve, startStubs } from "./smokeStubs";

/** Real time plus every pause, and pauses return at once: retries count against the deadline without waiting for it. */
function simulatedClock(): NonNullable<SmokeOptions["clock"]> {
    let slept = 0;
    return {
        now: () => Date.now() + slept,
        sleep: async (ms: number) => {
            slept += ms;
        },
    };
}
const fast = (o: SmokeOptions = {}): SmokeOptions => ({ deadlineMs: 600, retryDelayMs: 20, requestTimeoutMs: 2_000, title: "smoke test todo", clock: simulatedClock(), ...o });
const statuses = (r: SmokeReport): Array<[string, string]> => r.checks.map((c) => [c.name, c.status]);
const detailOf = (r: SmokeReport, name: string): string => r.checks.find((c) => c.name === name)?.detail ?? "(no such check)";

describe("runner smoke test", () => {
    let stubs: Awaited<ReturnType<typeof startStubs>> | undefined;
    afterEach(async () => {
        await stubs?.close();
        stubs = undefined;
    });

    it("passes against healthy services, and cleans up its todo", async () => {
        stubs = await startStubs();
        const report = await runSmoke({ web: stubs.web, chatbot: stubs.chatbot, backend: stubs.backend }, fast());
        assert.deepStrictEqual(statuses(report), [
            [CHECK_NAMES.webHealth, "PASS"],
            [CHECK_NAMES.chatbotHealth, "PASS"],
            [CHECK_NAMES.backendHealth, "PASS"],
            [CHECK_NAMES.backendReady, "PASS"],
            [CHECK_NAMES.createTodo, "PASS"],
            [CHECK_NAMES.listTodo, "PASS"],
            [CHECK_NAMES.deleteTodo, "PASS"],
            [CHECK_NAMES.chatDisabled, "PASS"],
        ]);
        assert.strictEqual(report.ok, true);
        assert.strictEqual(detailOf(report, CHECK_NAMES.webHealth), "200 status=ok service=frontend-web backendConfigured=true");
        assert.strictEqual(detailOf(report, CHECK_NAMES.createTodo), "201 id=1");
        assert.strictEqual(detailOf(report, CHECK_NAMES.listTodo), "200, todo 1 is among 1");
        assert.strictEqual(detailOf(report, CHECK_NAMES.chatDisabled), `503 "${DISABLED_REPLY}"`);
        assert.deepStrictEqual(stubs.todos, []);
        const table = formatSmokeTable(report);
        assert.match(table, /^CHECK\s+RESULT\s+TIME\s+DETAIL\n/);
        assert.match(table, new RegExp(`\\nsmoke: PASSED \\(${Object.keys(CHECK_NAMES).length} passed, 0 failed, 0 skipped\\)$`));
    });

    it("skips the backend checks without a public backend URL", async () => {
        stubs = await startStubs();
        const report = await runSmoke({ web: stubs.web, chatbot: stubs.chatbot }, fast());
        assert.strictEqual(report.ok, true);
        assert.deepStrictEqual(report.checks.filter((c) => c.status === "SKIP").map((c) => [c.name, c.detail]), [
            [CHECK_NAMES.backendHealth, "no public backend URL (backendNodePort is 0): checked through frontend-web instead"],
            [CHECK_NAMES.backendReady, "no public backend URL"],
        ]);
    });

    it("retries while the backend's database is not ready yet", async () => {
        stubs = await startStubs({ createFailsFirst: 2 });
        const report = await runSmoke({ web: stubs.web, chatbot: stubs.chatbot }, fast());
        const create = report.checks.find((c) => c.name === CHECK_NAMES.createTodo)!;
        assert.deepStrictEqual([create.status, create.attempts], ["PASS", 3]);
        assert.strictEqual(report.ok, true);
    });

    it("fails on a failing health endpoint, and skips what depends on it", async () => {
        stubs = await startStubs({ webHealthStatus: 503 });
        const report = await runSmoke({ web: stubs.web, chatbot: stubs.chatbot, backend: stubs.backend }, fast());
        assert.strictEqual(report.ok, false);
        assert.strictEqual(detailOf(report, CHECK_NAMES.webHealth), 'deadline exceeded (0.6s); last: HTTP 503 {"detail":"starting"}');
        assert.deepStrictEqual(statuses(report), [
            [CHECK_NAMES.webHealth, "FAIL"],
            [CHECK_NAMES.chatbotHealth, "PASS"],
            [CHECK_NAMES.backendHealth, "PASS"],
            [CHECK_NAMES.backendReady, "PASS"],
            [CHECK_NAMES.createTodo, "SKIP"],
            [CHECK_NAMES.listTodo, "SKIP"],
            [CHECK_NAMES.deleteTodo, "SKIP"],
            // Checked although the deadline has passed: every check gets one attempt.
            [CHECK_NAMES.chatDisabled, "PASS"],
        ]);
        assert.strictEqual(detailOf(report, CHECK_NAMES.createTodo), "frontend-web is not healthy");
        assert.match(formatSmokeTable(report), /\nsmoke: FAILED \(4 passed, 1 failed, 3 skipped\)$/);
    });

    it("fails a readiness check with the backend's reason", async () => {
        stubs = await startStubs({ backendNotReady: true });
        const report = await runSmoke({ web: stubs.web, chatbot: stubs.chatbot, backend: stubs.backend }, fast());
        assert.strictEqual(report.ok, false);
        assert.strictEqual(detailOf(report, CHECK_NAMES.backendReady), 'deadline exceeded (0.6s); last: HTTP 503 {"status":"unavailable","reason":"connection refused"}');
    });

    it("fails when a service never answers before the deadline", async () => {
        stubs = await startStubs({ webHealthHangs: true });
        const report = await runSmoke({ web: stubs.web, chatbot: stubs.chatbot }, fast({ deadlineMs: 300, requestTimeoutMs: 5_000 }));
        // One attempt, cut to MIN_ATTEMPT_MS (1 s) rather than the 5 s request timeout (the detail says which).
        assert.strictEqual(report.ok, false);
        assert.strictEqual(detailOf(report, CHECK_NAMES.webHealth), "deadline exceeded (0.3s); last: request timed out after 1.0s");
        assert.strictEqual(report.checks.find((c) => c.name === CHECK_NAMES.webHealth)!.attempts, 1);
    });

    it("fails when the created todo is not listed", async () => {
        stubs = await startStubs({ listOmitsCreated: true });
        const report = await runSmoke({ web: stubs.web, chatbot: stubs.chatbot }, fast());
        assert.strictEqual(report.ok, false);
        const { ms, ...listed } = report.checks.find((c) => c.name === CHECK_NAMES.listTodo)!;
        assert.ok(ms >= 0);
        assert.deepStrictEqual(listed, { name: CHECK_NAMES.listTodo, status: "FAIL", detail: 'todo 1 ("smoke test todo") is not in the list of 0 todos', attempts: 1 });
        // The todo is still deleted.
        assert.strictEqual(report.checks.find((c) => c.name === CHECK_NAMES.deleteTodo)!.status, "PASS");
    });

    it("does not call the model when chat is enabled", async () => {
        stubs = await startStubs({ chatEnabled: true });
        const report = await runSmoke({ web: stubs.web, chatbot: stubs.chatbot }, fast());
        assert.strictEqual(report.ok, true);
        assert.strictEqual(detailOf(report, CHECK_NAMES.chatDisabled), "chat is enabled (OPENAI_API_KEY is set): the model is not called");
    });

    it("fails fast when nothing listens", async () => {
        const { url, server } = await serve(() => undefined);
        await new Promise<void>((resolve) => server.close(() => resolve()));
        const report = await runSmoke({ web: url, chatbot: url }, fast({ deadlineMs: 200 }));
        assert.strictEqual(report.ok, false);
        assert.strictEqual(detailOf(report, CHECK_NAMES.webHealth), "deadline exceeded (0.2s); last: ECONNREFUSED");
    });
});
