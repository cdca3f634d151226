// Server-side only: one chat completion from an OpenAI-compatible API.
// Everything is read from the environment on each request, never at build time:
//   OPENAI_API_KEY   required for chat; absent or empty means chat is disabled
//   OPENAI_BASE_URL  default https://api.openai.com/v1 (any OpenAI-compatible server)
//   OPENAI_MODEL     default gpt-4o-mini

export const DISABLED_REPLY = "Chat is disabled: OPENAI_API_KEY is not set.";
const DEFAULT_BASE_URL = "https://api.openai.com/v1";
const DEFAULT_MODEL = "gpt-4o-mini";
const TIMEOUT_MS = 30_000;
const SYSTEM_PROMPT = "You are a concise assistant inside a todo-list app. Help the user plan and prioritise tasks.";

export function chatEnabled(): boolean {
  return Boolean(process.env.OPENAI_API_KEY?.trim());
}

export function chatModel(): string {
  return process.env.OPENAI_MODEL?.trim() || DEFAULT_MODEL;
}

export class UpstreamError extends Error {}

type Completion = { choices?: { message?: { content?: string | null } }[] };

export async function complete(message: string): Promise<string> {
  const key = process.env.OPENAI_API_KEY?.trim() ?? "";
  const base = (process.env.OPENAI_BASE_URL?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, "");
  let res: Response;
  try {
    res = await fetch(`${base}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: chatModel(),
        messages: [
          { role: "system", content: SYSTEM_PROMPT },
          { role: "user", content: message },
        ],
      }),
      cache: "no-store",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new UpstreamError(`chat service unreachable: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!res.ok) {
    // The upstream's body may echo request details; report only the status.
    throw new UpstreamError(`chat service answered HTTP ${res.status}`);
  }
  const body = (await res.json()) as Completion;
  const content = body.choices?.[0]?.message?.content;
  if (typeof content !== "string") throw new UpstreamError("chat service returned no message");
  return content;
}
