// The smoke test of a deployed Todo app, through its public URLs only: each service's
// health endpoint (retried until a total deadline), then one todo created, listed and
// deleted through frontend-web, and the chatbot's "disabled" answer when chat is off.
// Paths and JSON shapes follow the reference apps (apps/*/app/api). HTTP: smokeHttp.ts; the
// table and the targets from a stack's outputs: smokeReport.ts.
import { Attempt, describe, excerpt, health, idOf, request, sleep, trimSlash } from "./smokeHttp";

export interface SmokeTargets {
    /** frontend-web, e.g. http://192.168.49.2:30000 */
    readonly web: string;
    /** frontend-chatbot, e.g. http://192.168.49.2:30001 */
    readonly chatbot: string;
    /** The backend's public URL; only when it has a NodePort (backendNodePort). */
    readonly backend?: string;
}

export interface SmokeOptions {
    /** Total time for the whole run, retries included (default 180 s: pods may still be starting). */
    readonly deadlineMs?: number;
    /** Pause between attempts of a retried check (default 2 s). */
    readonly retryDelayMs?: number;
    /** Timeout of one request (default 10 s; never beyond the deadline). */
    readonly requestTimeoutMs?: number;
    /** Title of the todo created (default: unique per run). */
    readonly title?: string;
    /** Called as each check finishes, for progress output. */
    readonly onResult?: (result: SmokeCheck) => void;
    /** The clock and the pause between attempts (tests inject a simulated clock). */
    readonly clock?: { readonly now: () => number; readonly sleep: (ms: number) => Promise<void> };
}

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

export const CHECK_NAMES = {
    webHealth: "frontend-web GET /api/health",
    chatbotHealth: "frontend-chatbot GET /api/health",
    backendHealth: "backend GET /health",
    backendReady: "backend GET /ready",
    createTodo: "create todo: POST /api/todos",
    listTodo: "list todos: GET /api/todos",
    deleteTodo: "delete todo: DELETE /api/todos/{id}",
    chatDisabled: "chat disabled: POST /api/chat",
} as const;

/** The shortest request timeout an attempt gets, even close to (or past) the deadline. */
export const MIN_ATTEMPT_MS = 1_000;

export async function runSmoke(targets: SmokeTargets, options: SmokeOptions = {}): Promise<SmokeReport> {
    const deadlineMs = options.deadlineMs ?? 180_000;
    const retryDelayMs = options.retryDelayMs ?? 2_000;
    const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    const { now, sleep: pause } = options.clock ?? { now: Date.now, sleep };
    const deadline = now() + deadlineMs;
    const web = trimSlash(targets.web);
    const chatbot = trimSlash(targets.chatbot);
    const checks: SmokeCheck[] = [];
    const record = (c: SmokeCheck): SmokeCheck => {
        checks.push(c);
        options.onResult?.(c);
        return c;
    };
    const skip = (name: string, detail: string): void => {
        record({ name, status: "SKIP", detail, attempts: 0, ms: 0 });
    };

    /**
     * Runs `attempt` until it passes, fails for good, or the deadline passes. Every check gets
     * one attempt even after the deadline (so one slow service does not hide the state of
     * the others); only retries are bounded by it.
     */
    const check = async <T>(name: string, attempt: (timeoutMs: number) => Promise<Attempt<T>>): Promise<T | undefined> => {
        const started = now();
        let attempts = 0;
        let last = "";
        for (;;) {
            const remaining = deadline - now();
            if (remaining <= 0 && attempts > 0) {
                record({ name, status: "FAIL", detail: `deadline exceeded (${deadlineMs / 1000}s); last: ${last}`, attempts, ms: now() - started });
                return undefined;
            }
            attempts++;
            // An attempt never gets less than MIN_ATTEMPT_MS (a request cut to a few ms would
            // only report a timeout instead of what the service answers), so the deadline can
            // be overshot by that much.
            const outcome = await attempt(Math.min(requestTimeoutMs, Math.max(remaining, MIN_ATTEMPT_MS)));
            if (outcome.kind === "pass") {
                record({ name, status: "PASS", detail: outcome.detail, attempts, ms: now() - started });
                return outcome.value;
            }
            if (outcome.kind === "fail") {
                record({ name, status: "FAIL", detail: outcome.detail, attempts, ms: now() - started });
                return undefined;
            }
            last = outcome.detail;
            await pause(Math.max(0, Math.min(retryDelayMs, deadline - now())));
        }
    };

    // 1. Health, all services at once: one slow service must not eat the others' time.
    const [webHealth, chatbotHealth] = await Promise.all([
        check(CHECK_NAMES.webHealth, (t) =>
            health(`${web}/api/health`, t, (body) =>
                body.backendConfigured === false ? "frontend-web reports backendConfigured=false: BACKEND_URL is not set in its pod" : undefined,
            ),
        ),
        check(CHECK_NAMES.chatbotHealth, (t) => health(`${chatbot}/api/health`, t, () => undefined)),
        targets.backend !== undefined
            ? check(CHECK_NAMES.backendHealth, (t) => health(`${trimSlash(targets.backend!)}/health`, t, () => undefined))
            : Promise.resolve(undefined),
        targets.backend !== undefined
            ? check(CHECK_NAMES.backendReady, (t) => health(`${trimSlash(targets.backend!)}/ready`, t, () => undefined))
            : Promise.resolve(undefined),
    ]);
    if (targets.backend === undefined) {
        skip(CHECK_NAMES.backendHealth, "no public backend URL (backendNodePort is 0): checked through frontend-web instead");
        skip(CHECK_NAMES.backendReady, "no public backend URL");
    }

    // 2. A todo round trip through frontend-web → backend → database.
    const title = options.title ?? `smoke test ${new Date().toISOString()} ${Math.random().toString(36).slice(2, 8)}`;
    if (webHealth === undefined) {
        for (const name of [CHECK_NAMES.createTodo, CHECK_NAMES.listTodo, CHECK_NAMES.deleteTodo]) {
            skip(name, "frontend-web is not healthy");
        }
    } else {
        const id = await check(CHECK_NAMES.createTodo, async (t): Promise<Attempt<string | number>> => {
            const a = await request("POST", `${web}/api/todos`, { title }, t);
            if ("error" in a) {
                return { kind: "retry", detail: a.error };
            }
            if (a.status !== 201 && a.status !== 200) {
                return a.status >= 500 ? { kind: "retry", detail: describe(a) } : { kind: "fail", detail: describe(a) };
            }
            const todoId = idOf(a.json);
            return todoId === undefined
                ? { kind: "fail", detail: `${a.status} but the body has no id: ${excerpt(a.text)}` }
                : { kind: "pass", detail: `${a.status} id=${todoId}`, value: todoId };
        });
        if (id === undefined) {
            skip(CHECK_NAMES.listTodo, "no todo was created");
            skip(CHECK_NAMES.deleteTodo, "no todo was created");
        } else {
            await check(CHECK_NAMES.listTodo, async (t): Promise<Attempt<true>> => {
                const a = await request("GET", `${web}/api/todos`, undefined, t);
                if ("error" in a) {
                    return { kind: "retry", detail: a.error };
                }
                if (a.status !== 200 || !Array.isArray(a.json)) {
                    return a.status >= 500 ? { kind: "retry", detail: describe(a) } : { kind: "fail", detail: `expected 200 with a JSON array; ${describe(a)}` };
                }
                const listed = a.json.some((todo) => idOf(todo) !== undefined && String(idOf(todo)) === String(id));
                return listed
                    ? { kind: "pass", detail: `200, todo ${id} is among ${a.json.length}`, value: true }
                    : { kind: "fail", detail: `todo ${id} ("${title}") is not in the list of ${a.json.length} todo${a.json.length === 1 ? "" : "s"}` };
            });
            // Clean up after ourselves; a failing delete is a failing API too.
            await check(CHECK_NAMES.deleteTodo, async (t): Promise<Attempt<true>> => {
                const a = await request("DELETE", `${web}/api/todos/${encodeURIComponent(String(id))}`, undefined, t);
                if ("error" in a) {
                    return { kind: "retry", detail: a.error };
                }
                if (a.status === 204 || a.status === 200) {
                    return { kind: "pass", detail: `${a.status}`, value: true };
                }
                return a.status >= 500 ? { kind: "retry", detail: describe(a) } : { kind: "fail", detail: describe(a) };
            });
        }
    }

    // 3. The chatbot's answer without OPENAI_API_KEY (never a real model call: it costs money).
    const chatEnabled = (chatbotHealth as { chatEnabled?: unknown } | undefined)?.chatEnabled;
    if (chatbotHealth === undefined) {
        skip(CHECK_NAMES.chatDisabled, "frontend-chatbot is not healthy");
    } else if (chatEnabled !== false) {
        skip(CHECK_NAMES.chatDisabled, chatEnabled === true ? "chat is enabled (OPENAI_API_KEY is set): the model is not called" : "/api/health does not report chatEnabled");
    } else {
        await check(CHECK_NAMES.chatDisabled, async (t): Promise<Attempt<true>> => {
            const a = await request("POST", `${chatbot}/api/chat`, { message: "hello from the smoke test" }, t);
            if ("error" in a) {
                return { kind: "retry", detail: a.error };
            }
            const reply = (a.json as { reply?: unknown } | undefined)?.reply;
            if (typeof reply === "string" && /disabled/i.test(reply) && (a.status === 503 || a.status === 200)) {
                return { kind: "pass", detail: `${a.status} "${reply}"`, value: true };
            }
            return a.status >= 500 && a.status !== 503 ? { kind: "retry", detail: describe(a) } : { kind: "fail", detail: `expected a reply saying chat is disabled; ${describe(a)}` };
        });
    }

    // Health checks finish in any order; report in the fixed order of CHECK_NAMES.
    const order: readonly string[] = Object.values(CHECK_NAMES);
    checks.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    return { ok: !checks.some((c) => c.status === "FAIL"), checks };
}
