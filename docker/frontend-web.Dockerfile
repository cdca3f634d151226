# Frontend image: the Todo web UI (Next.js 16) as a standalone Node.js server on port 3000.
# Build context: apps/frontend-web (docker build -f docker/frontend-web.Dockerfile apps/frontend-web).
# Stages: deps (npm ci from the lockfile) -> build (next build, output: standalone) ->
# runtime (node without npm/yarn/corepack, plus .next/standalone + .next/static + public only).
# Nothing environment-specific is built in: BACKEND_URL and the secrets are read at run time,
# so the same image runs in every environment. No secret is an ARG or ENV here.
#
# Node.js 24: the current LTS line. Node.js 20 reached end of life in April 2026 (no more
# security fixes), and 24 stays supported until 2028.

FROM node:24-alpine AS deps
WORKDIR /app
# The manifests alone first: the dependency layer is reused until they change.
COPY package.json package-lock.json ./
# The cache mount keeps npm's download cache between builds without putting it in a layer.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund

FROM node:24-alpine AS build
WORKDIR /app
# Next.js sends anonymous usage data by default; a build here must not call out.
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

# The dev stack's variant under `npm run dev` (target dev; a prod stack refuses it): the
# Next.js dev server, which recompiles a page or route when its file changes. The loop writes a
# saved file into app/, lib/ or public/, emptyDirs the chart mounts over the image's copies
# (the root filesystem stays read-only); seed/ fills them when the container starts.
FROM deps AS dev
ENV NEXT_TELEMETRY_DISABLED=1
ENV PORT=3000
COPY . .
# The dev server rewrites next-env.d.ts for its own output directory (.next/dev); the link
# sends that write into the writable .next instead of the read-only root.
RUN ln -sf .next/next-env.d.ts next-env.d.ts
COPY app ./seed/app
COPY lib ./seed/lib
COPY public ./seed/public
USER 10001:10001
EXPOSE 3000
CMD ["sh", "-c", "cp -R seed/. . && exec node node_modules/next/dist/bin/next dev --hostname 0.0.0.0 --port \"$PORT\""]

# The runtime's base: node:24-alpine without what only installs packages (npm, npx, corepack,
# yarn) or compiles native addons (C headers). Deleting them in a layer on top would not
# shrink the image, so the trimmed tree is copied into an empty image as a single layer,
# identical for both frontends (one download for the two).
FROM node:24-alpine AS node-runtime
RUN rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
        /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-* /usr/local/include /usr/local/share/doc \
        /usr/local/share/man /root/.npm /tmp/*

FROM scratch AS runtime
# Deliberate (DL3067 warns because it is usually a mistake): this stage is the trimmed base.
# hadolint ignore=DL3067
COPY --from=node-runtime / /
# The base image's PATH: its config does not come along with its files.
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
WORKDIR /app
# React and Next.js run their production code paths.
ENV NODE_ENV=production
# No telemetry calls from the running server either.
ENV NEXT_TELEMETRY_DISABLED=1
# The port server.js listens on (the chart's probes and Service use 3000).
ENV PORT=3000
# server.js binds to HOSTNAME; the default would be the container's hostname only, not all interfaces.
ENV HOSTNAME=0.0.0.0
# Only what runs: the traced server (server.js, its node_modules), static assets, public/.
COPY --from=build /app/public ./public
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
# Starts server.js and drains it on SIGTERM (Next.js's own handler leaves busy keep-alive
# connections open until SIGKILL); see the file.
COPY drain-server.cjs ./
# A numeric non-root user (Kubernetes can verify runAsNonRoot only for a numeric UID). No
# account is created (the real node:24-alpine has busybox adduser, other bases Debian's):
# files stay root-owned and world-readable. Writable at run time: /tmp and /app/.next/cache
# (emptyDirs in the chart; the root filesystem is read-only).
USER 10001:10001
EXPOSE 3000
# Neither curl nor wget is guaranteed in the image: probe with Node's built-in fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || '3000') + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node runs as PID 1 and receives SIGTERM directly (no npm wrapper that would swallow it).
CMD ["node", "drain-server.cjs"]
