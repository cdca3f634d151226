// Server-side only: forwards a request to the backend named by BACKEND_URL.
// BACKEND_URL is read on every request (never at build time), so the same image runs
// against any backend: http://<release>-backend:8000 in the cluster, anything locally.
//
// Zero failed requests while backend pods come and go: a kept-alive connection to a pod that
// is shutting down can be closed by it just as a request goes out. A GET is safe to send
// again, so it is retried once on such a connection error; a write is not (the backend may
// have committed it), so each write opens its own connection, which the Service routes only
// to a pod that is not terminating. A 503's Retry-After reaches the browser unchanged.

const TIMEOUT_MS = 10_000;
const PASSED_HEADERS = ["content-type", "retry-after"] as const;

export function backendUrl(): string | null {
  const raw = process.env.BACKEND_URL?.trim();
  return raw ? raw.replace(/\/+$/, "") : null;
}

/** A connection-level failure (refused, reset, closed), not a timeout or an HTTP answer. */
function connectionFailed(err: unknown): boolean {
  return err instanceof TypeError && !(err.cause instanceof DOMException);
}

async function send(url: string, init: { method: string; body?: string }): Promise<Response> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers["content-type"] = "application/json";
  if (init.method !== "GET") headers.connection = "close";
  return fetch(url, {
    method: init.method,
    body: init.body,
    headers,
    cache: "no-store",
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
}

export async function proxy(path: string, init: { method: string; body?: string }): Promise<Response> {
  const base = backendUrl();
  if (!base) {
    return Response.json({ detail: "BACKEND_URL is not set" }, { status: 503 });
  }
  try {
    let upstream: Response;
    try {
      upstream = await send(`${base}${path}`, init);
    } catch (err) {
      if (init.method !== "GET" || !connectionFailed(err)) throw err;
      upstream = await send(`${base}${path}`, init);
    }
    // 204 and friends carry no body.
    const body = upstream.status === 204 ? null : await upstream.text();
    const headers = new Headers({ "content-type": "application/json" });
    for (const name of PASSED_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    return new Response(body, { status: upstream.status, headers });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return Response.json({ detail: `backend unreachable: ${reason}` }, { status: 502 });
  }
}
