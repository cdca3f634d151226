// Server-side only: forwards a request to the backend named by BACKEND_URL.
// BACKEND_URL is read on every request (never at build time), so the same image runs
// against any backend: http://<release>-backend:8000 in the cluster, anything locally.

const TIMEOUT_MS = 10_000;

export function backendUrl(): string | null {
  const raw = process.env.BACKEND_URL?.trim();
  return raw ? raw.replace(/\/+$/, "") : null;
}

export async function proxy(path: string, init: { method: string; body?: string }): Promise<Response> {
  const base = backendUrl();
  if (!base) {
    return Response.json({ detail: "BACKEND_URL is not set" }, { status: 503 });
  }
  try {
    const upstream = await fetch(`${base}${path}`, {
      method: init.method,
      body: init.body,
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      cache: "no-store",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    // 204 and friends carry no body.
    const body = upstream.status === 204 ? null : await upstream.text();
    return new Response(body, {
      status: upstream.status,
      headers: { "content-type": upstream.headers.get("content-type") ?? "application/json" },
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return Response.json({ detail: `backend unreachable: ${reason}` }, { status: 502 });
  }
}
