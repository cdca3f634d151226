// Stub HTTP servers on 127.0.0.1 that answer like the reference apps (apps/frontend-web/app/api,
// apps/frontend-chatbot/app/api, apps/backend), for the smoke tests; each behaviour can be broken
// one way at a time.
import * as http from "http";
import { AddressInfo } from "net";

export const DISABLED_REPLY = "Chat is disabled: OPENAI_API_KEY is not set.";

export interface StubBehaviour {
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

export interface Todo {
    id: number;
    title: string;
    completed: boolean;
}

export type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

const json = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
};

export async function serve(handler: Handler): Promise<{ url: string; server: http.Server }> {
    const server = http.createServer((req, res) => {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => handler(req, body, res));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Three stub services sharing one todo list, like frontend-web → backend → PostgreSQL. */
export async function startStubs(b: StubBehaviour = {}): Promise<{ web: string; chatbot: string; backend: string; todos: Todo[]; close: () => Promise<void> }> {
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
