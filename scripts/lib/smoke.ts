// The smoke test of a deployed Todo app, through its public URLs only: each service's
// health endpoint (retried until a total deadline), then one todo created, listed and
// deleted through frontend-web, and the chatbot's "disabled" answer when chat is off.
// Paths and JSON shapes follow the reference apps (apps/*/app/api). HTTP: smokeHttp.ts; the
// table and the targets from a stack's outputs: smokeReport.ts.
import { CheckLoop, CheckLoopOptions, SmokeReport } from "./smokeChecks";
import { Attempt, describe, excerpt, health, idOf, request, trimSlash } from "./smokeHttp";

export interface SmokeTargets {
    /** frontend-web, e.g. http://192.168.49.2:30000 */
    readonly web: string;
    /** frontend-chatbot, e.g. http://192.168.49.2:30001 */
    readonly chatbot: string;
    /** The backend's public URL; only when it has a NodePort (backendNodePort). */
    readonly backend?: string;
}

export interface SmokeOptions extends Partial<CheckLoopOptions> {
    /** Title of the todo created (default: unique per run). */
    readonly title?: string;
}

export type { SmokeCheck, SmokeReport, SmokeStatus } from "./smokeChecks";
export { MIN_ATTEMPT_MS } from "./smokeChecks";

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

export async function runSmoke(targets: SmokeTargets, options: SmokeOptions = {}): Promise<SmokeReport> {
    // 60 s by default: the Release waited for Ready pods, so a service that still fails is broken, not starting.
    const loop = new CheckLoop({ ...options, deadlineMs: options.deadlineMs ?? 60_000 });
    const web = trimSlash(targets.web);
    const chatbot = trimSlash(targets.chatbot);
    const check = loop.check.bind(loop);
    const skip = loop.skip.bind(loop);

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
    return loop.report(Object.values(CHECK_NAMES));
}
