import { DISABLED_REPLY, UpstreamError, chatEnabled, complete } from "../../../lib/openai";

// POST {message: string} → {reply: string}
//   200 {reply}                                   the model's answer
//   400 {error}                                   message missing, not a string, empty or > 4000 chars
//   503 {reply: DISABLED_REPLY, chatEnabled: false}  OPENAI_API_KEY is not set (the page shows the reply)
//   502 {error}                                   the chat service failed or could not be reached
export const dynamic = "force-dynamic";

const MAX_MESSAGE = 4000;

export async function POST(request: Request): Promise<Response> {
  let message: unknown;
  try {
    message = ((await request.json()) as { message?: unknown }).message;
  } catch {
    return Response.json({ error: "body must be JSON: {\"message\": \"...\"}" }, { status: 400 });
  }
  if (typeof message !== "string" || !message.trim() || message.length > MAX_MESSAGE) {
    return Response.json({ error: `message must be a non-empty string of at most ${MAX_MESSAGE} characters` }, { status: 400 });
  }
  if (!chatEnabled()) {
    return Response.json({ reply: DISABLED_REPLY, chatEnabled: false }, { status: 503 });
  }
  try {
    return Response.json({ reply: await complete(message.trim()) });
  } catch (err) {
    const reason = err instanceof UpstreamError ? err.message : "chat failed";
    console.error(JSON.stringify({ level: "error", message: "chat completion failed", reason }));
    return Response.json({ error: reason }, { status: 502 });
  }
}
