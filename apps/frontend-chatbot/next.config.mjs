import path from "node:path";
import { fileURLToPath } from "node:url";

// This app's own directory. Without it Next.js may take a parent directory holding a
// lockfile (the Pulumi project) as the tracing root and nest the standalone server under
// .next/standalone/apps/frontend-chatbot/; pinned here, server.js is always at
// .next/standalone/server.js, locally and in the image.
const appDir = path.dirname(fileURLToPath(import.meta.url));

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A self-contained server (.next/standalone/server.js + the node_modules it traces) for a
  // small runtime image.
  output: "standalone",
  experimental: { outputFileTracingRoot: appDir },
  // No X-Powered-By header.
  poweredByHeader: false,
  // Nothing environment-specific is read here: OPENAI_* and BACKEND_URL are read by the
  // route handlers at request time, so one image runs in every environment.
};

export default nextConfig;
