#!/usr/bin/env bash
# The prod stage's registry: CNCF Distribution on 127.0.0.1:5443 with TLS from a CA made here
# (openssl) and htpasswd auth, trusted by the node's containerd through
# /etc/containerd/certs.d/<host:port>/hosts.toml (read at each pull: no restart, no
# `insecure`) and by the Docker daemon through /etc/docker/certs.d/<host:port>/ca.crt.
#
#   eval "$(tests/prod/servers/registry.sh start REGISTRY_BINARY)"   # prints the exports below
#   tests/prod/servers/registry.sh stop                              # stops it, removes the trust files and its data
#
# Exports: PROD_REGISTRY (host:port), PROD_REGISTRY_USER, PROD_REGISTRY_PASSWORD (made here,
# test-only), PROD_CA (the CA certificate, which also signs the Ingress certificate),
# PROD_TLS_CERT / PROD_TLS_KEY (the Ingress's certificate for PROD_HOSTS). Progress on stderr.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
STATE="${PROD_STAGE_STATE:-/tmp/todo-prod-stage}"
ADDRESS=127.0.0.1:5443
HOSTS=(todo.prod.test chat.todo.prod.test)
PYTHON="${BACKEND_PYTHON:-$ROOT/.tools/venv/bin/python}"
say() { echo "registry: $*" >&2; }

stop() {
  if [ -f "$STATE/registry.pid" ]; then kill "$(cat "$STATE/registry.pid")" 2>/dev/null || true; fi
  rm -rf "/etc/containerd/certs.d/$ADDRESS" "/etc/docker/certs.d/$ADDRESS" "$STATE"
}

# A CA, and a certificate it signs for the names given (DNS or IP subjectAltName entries).
issue() {
  local name=$1 san=$2
  openssl req -newkey rsa:2048 -nodes -keyout "$STATE/$name.key" -subj "/CN=$name" -out "$STATE/$name.csr" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$san" > "$STATE/$name.ext"
  openssl x509 -req -in "$STATE/$name.csr" -CA "$STATE/ca.pem" -CAkey "$STATE/ca.key" -CAcreateserial -days 7 \
    -extfile "$STATE/$name.ext" -out "$STATE/$name.pem" 2>/dev/null
}

start() {
  local binary=$1
  stop
  mkdir -p "$STATE/data"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$STATE/ca.key" -out "$STATE/ca.pem" -days 7 -subj "/CN=todo prod stage CA" 2>/dev/null
  issue registry "IP:127.0.0.1"
  issue ingress "$(printf 'DNS:%s,' "${HOSTS[@]}" | sed 's/,$//')"
  local password
  password=$(openssl rand -hex 16)
  "$PYTHON" -c 'import bcrypt, sys; print("pusher:" + bcrypt.hashpw(sys.argv[1].encode(), bcrypt.gensalt()).decode())' "$password" > "$STATE/htpasswd"
  cat > "$STATE/config.yml" <<YAML
version: 0.1
log: {level: warn}
storage: {filesystem: {rootdirectory: $STATE/data}, delete: {enabled: true}}
http: {addr: $ADDRESS, tls: {certificate: $STATE/registry.pem, key: $STATE/registry.key}}
auth: {htpasswd: {realm: todo-prod-stage, path: $STATE/htpasswd}}
YAML
  mkdir -p "/etc/containerd/certs.d/$ADDRESS" "/etc/docker/certs.d/$ADDRESS"
  cp "$STATE/ca.pem" "/etc/docker/certs.d/$ADDRESS/ca.crt"
  printf 'server = "https://%s"\n\n[host."https://%s"]\n  capabilities = ["pull", "resolve"]\n  ca = "%s"\n' "$ADDRESS" "$ADDRESS" "$STATE/ca.pem" > "/etc/containerd/certs.d/$ADDRESS/hosts.toml"
  setsid "$binary" serve "$STATE/config.yml" >"$STATE/registry.log" 2>&1 < /dev/null &
  echo $! > "$STATE/registry.pid"
  for _ in $(seq 1 40); do
    # 401 without credentials: up, and asking for them.
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$STATE/ca.pem" "https://$ADDRESS/v2/")" = 401 ]; then
      say "up on https://$ADDRESS (CA $STATE/ca.pem)"
      echo "export PROD_REGISTRY=$ADDRESS PROD_REGISTRY_USER=pusher PROD_REGISTRY_PASSWORD=$password PROD_CA=$STATE/ca.pem PROD_TLS_CERT=$STATE/ingress.pem PROD_TLS_KEY=$STATE/ingress.key"
      return
    fi
    sleep 0.5
  done
  say "did not answer on https://$ADDRESS within 20 s:"; cat "$STATE/registry.log" >&2; exit 1
}

case "${1:-}" in
  start) start "$2" ;;
  stop) stop ;;
  *) echo "usage: $0 start REGISTRY_BINARY | stop" >&2; exit 2 ;;
esac
