import { proxy } from "../../../lib/backend";

// Always run on request: BACKEND_URL is read at run time.
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  return proxy("/api/todos", { method: "GET" });
}

export async function POST(request: Request): Promise<Response> {
  return proxy("/api/todos", { method: "POST", body: await request.text() });
}
