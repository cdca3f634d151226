import { proxy } from "../../../../lib/backend";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

function todoPath(id: string): string | null {
  return /^\d+$/.test(id) ? `/api/todos/${id}` : null;
}

export async function PATCH(request: Request, { params }: Context): Promise<Response> {
  const path = todoPath((await params).id);
  if (!path) return Response.json({ detail: "id must be a number" }, { status: 422 });
  return proxy(path, { method: "PATCH", body: await request.text() });
}

export async function DELETE(_request: Request, { params }: Context): Promise<Response> {
  const path = todoPath((await params).id);
  if (!path) return Response.json({ detail: "id must be a number" }, { status: 422 });
  return proxy(path, { method: "DELETE" });
}
