// The smoke test against stub HTTP servers on 127.0.0.1 that answer like the reference apps
// (apps/frontend-web/app/api, apps/frontend-chatbot/app/api, apps/backend): short
// deadlines, so every case finishes in well under a second.
import * as assert from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import { CHECK_NAMES, runSmoke, SmokeOptions, SmokeReport } from "../../scripts/lib/smoke";
import { formatSmokeTable, targetsFromOutputs } from "../../scripts/lib/smokeReport";

const DISABLED_REPLY = "Chat is disabled: OPENAI_API_KEY is not set.";

interface StubBehaviour {
    /** Status of frontend-web's /api/health (200 answers like the app). */
    webHealthStatus?: number;
    /** frontend-web's /api/health never answers. */
    webHealthHangs?: boolean;
    /** frontend-web's list leaves the created todos out. */
    listOmitsCreated?: boolean;
    /** The first N POST /api/todos answer 503 (the backend's database is not ready yet). */
    createFailsFirst?: number;
    chatEnabled?: boolean;
    /** /ready answers 503 with a reason. */
    backendNotReady?: boolean;
}

interface Todo {
    id: number;
    title: string;
    completed: boolean;
}

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

const json = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
};

async function serve(handler: Handler): Promise<{ url: string; server: http.Server }> {
    const server = http.createServer((req, res) => {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => handler(req, body, res));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Three stub services sharing one todo list, like frontend-web → backend → PostgreSQL. */
async function startStubs(b: StubBehaviour = {}): Promise<{ web: string; chatbot: string; backend: string; todos: Todo[]; close: () => Promise<void> }> {
    const todos: Todo[] = [];
    let nextId = 1;
    let creates = 0;
    const web = await serve((req, body, res) => {
        const url = req.url ?? "";
        if (req.method === "GET" && url === "/api/health") {
            if (b.webHealthHangs) {
                return; // never answers
            }
            const status = b.webHealthStatus ?? 200;
            return status === 200 ? json(res, 200, { status: "ok", service: "frontend-web", backendConfigured: true }) : json(res, status, { detail: "starting" });
        }
        if (url === "/api/todos" && req.method === "POST") {
            if (++creates <= (b.createFailsFirst ?? 0)) {
                return json(res, 503, { detail: "database unavailable: connection refused" });
            }
            const todo: Todo = { id: nextId++, title: (JSON.parse(body) as { title: string }).title, completed: false };
            todos.push(todo);
            return json(res, 201, { ...todo, created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" });
        }
        if (url === "/api/todos" && req.method === "GET") {
            return json(res, 200, b.listOmitsCreated ? [] : todos);
        }
        const m = /^\/api\/todos\/(\d+)$/.exec(url);
        if (m && req.method === "DELETE") {
            const i = todos.findIndex((t) => t.id === Number(m[1]));
            if (i < 0) {
                return json(res, 404, { detail: `Todo ${m[1]} not found` });
            }
            todos.splice(i, 1);
            res.writeHead(204);
            return res.end();
        }
        json(res, 404, { detail: "Not Found" });
    });
    const chatbot = await serve((req, body, res) => {
        if (req.method === "GET" && req.url === "/api/health") {
            return json(res, 200, { status: "ok", service: "frontend-chatbot", chatEnabled: b.chatEnabled ?? false, model: "gpt-4o-mini" });
        }
        if (req.method === "POST" && req.url === "/api/chat") {
            const message = (JSON.parse(body) as { message?: unknown }).message;
            if (typeof message !== "string" || !message.trim()) {
                return json(res, 400, { error: "message must be a non-empty string of at most 4000 characters" });
            }
            return json(res, 503, { reply: DISABLED_REPLY, chatEnabled: false });
        }
        json(res, 404, { error: "not found" });
    });
    const backend = await serve((req, _body, res) => {
        if (req.url === "/health") {
            return json(res, 200, { status: "ok" });
        }
        if (req.url === "/ready") {
            return b.backendNotReady ? json(res, 503, { status: "unavailable", reason: "connection refused" }) : json(res, 200, { status: "ready" });
        }
        json(res, 404, { detail: "Not Found" });
    });
    const close = async (): Promise<void> => {
        for (const s of [web.server, chatbot.server, backend.server]) {
            s.closeAllConnections();
            await new Promise<void>((resolve) => s.close(() => resolve()));
        }
    };
    return { web: web.url, chatbot: chatbot.url, backend: backend.url, todos, close };
}

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

    describe("targets from stack outputs", () => {
        it("takes the NodePort URLs", () => {
            assert.deepStrictEqual(
                targetsFromOutputs({ frontendWebUrl: "http://192.168.49.2:30000", frontendChatbotUrl: "http://192.168.49.2:30001", backendUrl: "http://todo-app-backend.todo-dev.svc.cluster.local:8000" }),
                { targets: { web: "http://192.168.49.2:30000", chatbot: "http://192.168.49.2:30001", backend: undefined }, problems: [] },
            );
        });
        it("includes the backend's public URL when the stack has one", () => {
            const { targets } = targetsFromOutputs({ frontendWebUrl: "http://n:30000", frontendChatbotUrl: "http://n:30001", backendPublicUrl: "http://n:30002" });
            assert.strictEqual(targets?.backend, "http://n:30002");
        });
        it("passes on the program's advice when a NodePort is not reachable", () => {
            const advice =
                "NodePorts of 192.168.49.2 are not reachable from this machine (container driver on macOS, Windows or WSL); run: minikube -p minikube service todo-app-frontend-web -n todo-dev --url";
            assert.deepStrictEqual(targetsFromOutputs({ frontendWebUrl: advice, frontendChatbotUrl: "http://192.168.49.2:30001" }), {
                problems: [`frontendWebUrl is not a URL: ${advice}`],
            });
        });
        it("says when the stack has not been deployed", () => {
            assert.deepStrictEqual(targetsFromOutputs({}), {
                problems: ["the stack has no output frontendWebUrl (has it been deployed? npm run up)", "the stack has no output frontendChatbotUrl (has it been deployed? npm run up)"],
            });
        });
    });
});
