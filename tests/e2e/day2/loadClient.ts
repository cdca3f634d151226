// Keep-alive traffic through the NodePorts while the day-2 stage disrupts the app: a child
// process (so that the test's synchronous kubectl calls never stall it), run as
//   ts-node tests/e2e/day2/loadClient.ts --web URL --chatbot URL [--clients 6] [--rate 100]
//       [--mode mixed|writes] [--max-seconds 300]
// It sends requests until SIGTERM or --max-seconds, then prints one JSON LoadResult line.
// Targets must be on 127.0.0.1: nothing else is ever sent traffic.
//   mixed:  each client lists todos, creates one, deletes it (web UI API: frontend-web →
//           backend → PostgreSQL), and loads the chatbot's page and health.
//   writes: each client only creates todos; the ids answered 201 are reported, so the caller
//           can check that every acknowledged write is still there afterwards.
import * as http from "http";
import { parseArgs } from "util";
import { LoadResult, Sample } from "./loadResult";

const REQUEST_TIMEOUT_MS = 10_000;

interface Call {
    readonly base: string;
    readonly method: "GET" | "POST" | "DELETE";
    readonly path: string;
    readonly body?: string;
    readonly expect: number;
}

interface Answer {
    readonly status: number;
    readonly retryAfter?: string;
    readonly body: string;
}

function localOnly(url: string): string {
    const parsed = new URL(url);
    if (parsed.hostname !== "127.0.0.1") {
        throw new Error(`${url}: the load client sends traffic to 127.0.0.1 only`);
    }
    return url.replace(/\/+$/, "");
}

function send(agent: http.Agent, call: Call): Promise<Answer> {
    return new Promise((resolve, reject) => {
        const req = http.request(`${call.base}${call.path}`, {
            method: call.method,
            agent,
            timeout: REQUEST_TIMEOUT_MS,
            headers: call.body === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(call.body) },
        }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"], body: Buffer.concat(chunks).toString() }));
            res.on("error", reject);
        });
        req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
        req.on("error", reject);
        req.end(call.body);
    });
}

/** What a failed request is counted as: its status, or its connection error's code. */
function causeOf(answer: Answer | undefined, err: unknown): string {
    if (answer) {
        return answer.status === 503 && answer.retryAfter ? "503 with Retry-After" : `HTTP ${answer.status}`;
    }
    const code = (err as NodeJS.ErrnoException).code;
    return code === "TIMEOUT" ? "timeout" : code === "ECONNREFUSED" ? "connection refused" : code === "ECONNRESET" ? "connection reset" : String(code ?? err);
}

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            web: { type: "string" },
            chatbot: { type: "string" },
            clients: { type: "string", default: "6" },
            rate: { type: "string", default: "100" },
            mode: { type: "string", default: "mixed" },
            "max-seconds": { type: "string", default: "300" },
        },
    });
    if (!values.web || !values.chatbot || (values.mode !== "mixed" && values.mode !== "writes")) {
        throw new Error("usage: --web URL --chatbot URL [--clients N] [--rate R] [--mode mixed|writes] [--max-seconds S]");
    }
    const web = localOnly(values.web);
    const chatbot = localOnly(values.chatbot);
    const clients = Number(values.clients);
    const intervalMs = (1000 * clients) / Number(values.rate);
    const deadline = Date.now() + 1000 * Number(values["max-seconds"]);
    const samples: Sample[] = [];
    const acknowledged: number[] = [];
    let stopping = false;
    process.once("SIGTERM", () => (stopping = true));
    const started = Date.now();

    const run = async (client: number): Promise<void> => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        let next = Date.now() + (intervalMs * client) / clients;
        let created: number | undefined;
        for (let i = 0; !stopping && Date.now() < deadline; i++) {
            await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
            next += intervalMs;
            const create: Call = { base: web, method: "POST", path: "/api/todos", body: JSON.stringify({ title: `day2 c${client} #${i}` }), expect: 201 };
            const cycle: Call[] = values.mode === "writes" ? [create] : [
                { base: web, method: "GET", path: "/api/todos", expect: 200 },
                create,
                created === undefined ? { base: chatbot, method: "GET", path: "/api/health", expect: 200 } : { base: web, method: "DELETE", path: `/api/todos/${created}`, expect: 204 },
                { base: chatbot, method: "GET", path: "/", expect: 200 },
            ];
            const call = cycle[i % cycle.length];
            if (call.method === "DELETE") created = undefined;
            const t0 = performance.now();
            let answer: Answer | undefined;
            let error: unknown;
            try {
                answer = await send(agent, call);
            } catch (err) {
                error = err;
            }
            const ms = performance.now() - t0;
            const ok = answer?.status === call.expect;
            samples.push({ at: Date.now() - started, ms, ok, cause: ok ? undefined : causeOf(answer, error), request: `${call.method} ${call.path.replace(/\d+$/, ":id")}` });
            if (ok && call === create) {
                const id = (JSON.parse(answer!.body) as { id: number }).id;
                acknowledged.push(id);
                if (values.mode === "mixed") created = id;
            }
        }
        agent.destroy();
    };
    await Promise.all(Array.from({ length: clients }, (_, c) => run(c)));
    const result: LoadResult = { seconds: (Date.now() - started) / 1000, samples, acknowledged };
    process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
});
