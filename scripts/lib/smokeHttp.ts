// The smoke test's HTTP: one request with a timeout, a health endpoint's verdict, and the small
// helpers the checks share. Node's fetch, no dependency.

export interface HttpAnswer {
    readonly status: number;
    readonly text: string;
    /** Parsed body when it is JSON. */
    readonly json?: unknown;
}

/** One attempt's verdict: done (pass or fail for good), or worth another try. */
export type Attempt<T> =
    | { readonly kind: "pass"; readonly detail: string; readonly value: T }
    | { readonly kind: "fail"; readonly detail: string }
    | { readonly kind: "retry"; readonly detail: string };

export async function request(method: string, url: string, body: unknown, timeoutMs: number): Promise<HttpAnswer | { error: string }> {
    try {
        const res = await fetch(url, {
            method,
            headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: AbortSignal.timeout(timeoutMs),
            redirect: "manual",
        });
        const text = await res.text();
        let json: unknown;
        try {
            json = text ? (JSON.parse(text) as unknown) : undefined;
        } catch {
            json = undefined;
        }
        return { status: res.status, text, json };
    } catch (e) {
        const err = e as Error & { cause?: { code?: string; message?: string } };
        if (err.name === "TimeoutError" || err.name === "AbortError") {
            return { error: `request timed out after ${(timeoutMs / 1000).toFixed(1)}s` };
        }
        return { error: err.cause?.code ?? err.cause?.message ?? err.message };
    }
}

/** A health endpoint: 200 with JSON status ok/ready; anything else is retried until the deadline. */
export async function health(url: string, timeoutMs: number, problemOf: (body: Record<string, unknown>) => string | undefined): Promise<Attempt<Record<string, unknown>>> {
    const a = await request("GET", url, undefined, timeoutMs);
    if ("error" in a) {
        return { kind: "retry", detail: a.error };
    }
    const body = a.json && typeof a.json === "object" && !Array.isArray(a.json) ? (a.json as Record<string, unknown>) : undefined;
    if (a.status !== 200 || body === undefined) {
        return { kind: "retry", detail: describe(a) };
    }
    const problem = problemOf(body);
    if (problem !== undefined) {
        return { kind: "fail", detail: problem };
    }
    const facts = Object.entries(body)
        .filter(([, v]) => typeof v !== "object")
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(" ");
    return { kind: "pass", detail: `200 ${facts}`.trim(), value: body };
}

export function idOf(value: unknown): string | number | undefined {
    const id = value && typeof value === "object" ? (value as { id?: unknown }).id : undefined;
    return typeof id === "number" || (typeof id === "string" && id !== "") ? id : undefined;
}

export function describe(a: HttpAnswer): string {
    return `HTTP ${a.status}${a.text ? ` ${excerpt(a.text)}` : ""}`;
}

export function excerpt(text: string): string {
    const flat = text.replace(/\s+/g, " ").trim();
    return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

export function trimSlash(url: string): string {
    return url.replace(/\/+$/, "");
}

export function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
