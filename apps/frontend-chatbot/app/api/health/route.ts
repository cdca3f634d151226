import { chatEnabled, chatModel } from "../../../lib/openai";

// Liveness and readiness: the server is up. Read per request (force-dynamic), so
// chatEnabled reflects the running container's OPENAI_API_KEY, not the build's.
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "ok", service: "frontend-chatbot", chatEnabled: chatEnabled(), model: chatModel() });
}
