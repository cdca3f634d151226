#!/usr/bin/env bash
# The test database starts wherever the repository is: the server binaries are placed in a
# directory of mode 700 (like a checkout under /root), and scripts/postgres-test-server.sh must
# still start a server that answers, then stop it. As root the server runs as an unprivileged
# user who can't enter that directory (issue 22, item 7); as anyone else it is their own.
# Prints PASS/FAIL lines (tests/apps/tally.sh's run_checker counts them).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="${TEST_PG_BIN:-}"
[[ -n "$bin" && -x "$bin/initdb" ]] || { echo "FAIL private checkout: no server binaries (TEST_PG_BIN)"; exit 1; }
private="$(mktemp -d)"
state="$(mktemp -d -u)"
trap 'TEST_PG_STATE="$state" "$ROOT/scripts/postgres-test-server.sh" stop >/dev/null 2>&1; rm -rf "$private"' EXIT
chmod 700 "$private"
private_bin="$("$ROOT/scripts/postgres-test-server.sh" copy-install "$bin" "$private/site")"
if env_line="$(PG_BIN="$private_bin" TEST_PG_STATE="$state" "$ROOT/scripts/postgres-test-server.sh" start 2>"$private.log")" \
  && eval "$env_line" && "${BACKEND_PYTHON:-python3}" -c 'import os, psycopg; psycopg.connect(os.environ["TEST_DATABASE_URL"]).execute("select 1")'; then
  echo "PASS test PostgreSQL starts from binaries in a mode-700 directory (as $(id -un))"
else
  cat "$private.log"
  echo "FAIL test PostgreSQL from binaries in a mode-700 directory (as $(id -un))"
fi
rm -f "$private.log"
