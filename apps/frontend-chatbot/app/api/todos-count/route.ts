// GET → {count: number} from ${BACKEND_URL}/api/todos (read at request time), or 502/503
// with {error} when the backend is unreachable or BACKEND_URL is unset.
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const base = process.env.BACKEND_URL?.trim().replace(/\/+$/, "");
  if (!base) return Response.json({ error: "BACKEND_URL is not set" }, { status: 503 });
  try {
    const res = await fetch(`${base}/api/todos`, { cache: "no-store", signal: AbortSignal.timeout(5_000) });
    if (!res.ok) return Response.json({ error: `backend answered HTTP ${res.status}` }, { status: 502 });
    const todos = (await res.json()) as unknown[];
    return Response.json({ count: todos.length });
  } catch (err) {
    return Response.json({ error: `backend unreachable: ${err instanceof Error ? err.message : String(err)}` }, { status: 502 });
  }
}
