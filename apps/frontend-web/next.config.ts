import path from "node:path";
import type { NextConfig } from "next";

// This app's own directory. Without it Next.js infers the "workspace root" from the nearest
// parent lockfile (the Pulumi project's package-lock.json) and nests the standalone server
// under .next/standalone/apps/frontend-web/; pinned here, server.js is always at
// .next/standalone/server.js, locally and in the image.
const appDir = path.resolve(__dirname);

const nextConfig: NextConfig = {
  // A self-contained server (.next/standalone/server.js + the node_modules it traces) for a
  // small runtime image.
  output: "standalone",
  outputFileTracingRoot: appDir,
  turbopack: { root: appDir },
  // The app serves no images: no optimizer, so sharp and its libvips (~19 MB) stay out of
  // the standalone tree and the image.
  images: { unoptimized: true },
  // Also left out: next/font's fallback metrics (4.2 MB), read only when a build uses
  // next/font/google (next/dist/server/font-utils.js; this app uses no web fonts).
  outputFileTracingExcludes: { "*": ["node_modules/sharp/**", "node_modules/@img/**", "node_modules/next/dist/server/capsize-font-metrics.json"] },
  // No X-Powered-By header.
  poweredByHeader: false,
  // Nothing environment-specific is read here: BACKEND_URL is read by the route handlers at
  // request time, so one image runs in every environment.
};

export default nextConfig;
