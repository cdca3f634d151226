import { backendUrl } from "../../../lib/backend";

// Liveness and readiness: the server is up. It does not call the backend (a backend outage
// must not restart this pod); it only says whether BACKEND_URL is configured.
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "ok", service: "frontend-web", backendConfigured: backendUrl() !== null });
}
