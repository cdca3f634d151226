# Backend image: the FastAPI service on CPython 3.13, served by uvicorn on port 8000.
# Build context: apps/backend (docker build -f docker/backend.Dockerfile apps/backend).
# Stages: deps (a virtualenv with the pinned requirements) -> build (adds and byte-compiles
# the source) -> runtime (the virtualenv and the source only: no pip, no compiler, no cache).
# No secret is an ARG or ENV here: DATABASE_URL, BETTER_AUTH_SECRET and OPENAI_API_KEY come
# from the Kubernetes Secret at run time.

FROM python:3.13-slim AS deps
# pip's version check would call out to PyPI on every build.
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
# A virtualenv without pip of its own: the base image's pip installs into it (--python), so
# the runtime stage copies packages only, not the installer.
RUN python -m venv --without-pip /opt/venv
# The manifest alone first: the dependency layer is reused until requirements.txt changes.
COPY requirements.txt ./
# The cache mount keeps downloaded wheels between builds without putting them in a layer.
RUN --mount=type=cache,target=/root/.cache/pip \
    pip --python /opt/venv/bin/python install --requirement requirements.txt

FROM deps AS build
COPY app ./app
# Byte-compile now: the running container has a read-only root filesystem.
RUN python -m compileall -q app

# The dev stack's variant under `npm run dev` (target dev; a prod stack refuses it): uvicorn
# restarts its worker when a file under app/ changes, which is how a synced edit is served.
# The loop writes into /app/app, an emptyDir the chart mounts over the image's copy (the root
# filesystem stays read-only); seed/ fills it when the container starts.
FROM deps AS dev
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH PORT=8000 APP_RELOAD=1
COPY app ./seed/app
USER 10001:10001
EXPOSE 8000
CMD ["sh", "-c", "cp -R seed/. . && exec python -m app"]

FROM python:3.13-slim AS runtime
# No .pyc writes at run time: the root filesystem is read-only and everything is precompiled.
ENV PYTHONDONTWRITEBYTECODE=1
# Log lines reach stdout (and kubectl logs) at once, not when a buffer fills.
ENV PYTHONUNBUFFERED=1
# The virtualenv's python comes first, so `python -m app` sees the installed packages.
ENV PATH=/opt/venv/bin:$PATH
# The port uvicorn listens on (read by `python -m app`; the chart's probes use 8000).
ENV PORT=8000
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app/app ./app
# A numeric non-root user (Kubernetes can verify runAsNonRoot only for a numeric UID). No
# account is created: files stay root-owned and world-readable, which is all the app needs.
USER 10001:10001
EXPOSE 8000
# Neither curl nor wget is in the image: probe /health with Python's standard library.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('PORT', '8000'), timeout=4)"]
# uvicorn handles SIGTERM: drains in-flight requests, closes the pool, exits 0.
CMD ["python", "-m", "app"]
