#!/usr/bin/env bash
# Builds the two servers the prod stage needs and cannot pull here: the CNCF Distribution
# registry (runs on this machine, TLS and htpasswd auth from its config) and Traefik, the
# Ingress controller (runs in the cluster, from an image FROM scratch that runs as nobody).
# Both from the Go module proxy, static, cached between runs (about 90 s and 220 s the first
# time on 2 cores). Traefik's own go.mod replaces three modules and `go install pkg@version`
# ignores a dependency's replace directives, so it is built from a wrapper module carrying
# that replace block. Prints the registry binary's path and the Traefik image ref.
# `build.sh binaries` builds the two binaries only (Go alone, no Docker Engine needed yet).
set -euo pipefail
REGISTRY_VERSION=v3.0.0
TRAEFIK_VERSION=v3.5.3
TRAEFIK_IMAGE="todo-prod-stage/traefik:${TRAEFIK_VERSION}"
here=$(cd "$(dirname "$0")" && pwd)
cache="${XDG_CACHE_HOME:-$HOME/.cache}/todo-app/prod-stage"
mkdir -p "$cache"
export CGO_ENABLED=0 GOFLAGS=-mod=mod

if [ ! -x "$cache/registry-$REGISTRY_VERSION/registry" ]; then
  GOBIN="$cache/registry-$REGISTRY_VERSION" go install -ldflags "-s -w" "github.com/distribution/distribution/v3/cmd/registry@$REGISTRY_VERSION" >&2
fi

if [ ! -x "$cache/traefik-$TRAEFIK_VERSION/traefik" ]; then
  wrapper=$(mktemp -d)
  trap 'rm -rf "$wrapper"' EXIT
  gomod=$(go mod download -json "github.com/traefik/traefik/v3@$TRAEFIK_VERSION" | sed -n 's/^\t"GoMod": "\(.*\)",$/\1/p')
  {
    echo "module todo.local/traefik-build"
    echo "go 1.24.0"
    echo "require github.com/traefik/traefik/v3 $TRAEFIK_VERSION"
    sed -n '/^replace (/,/^)/p' "$gomod"
  } > "$wrapper/go.mod"
  (cd "$wrapper" && go mod download github.com/traefik/traefik/v3 >&2 && go get "github.com/traefik/traefik/v3/cmd/traefik@$TRAEFIK_VERSION" >&2 \
    && go build -trimpath -ldflags "-s -w" -o "$cache/traefik-$TRAEFIK_VERSION/traefik" github.com/traefik/traefik/v3/cmd/traefik >&2)
fi

[ "${1:-}" = binaries ] && exit 0
context=$(mktemp -d)
cp "$cache/traefik-$TRAEFIK_VERSION/traefik" "$here/traefik.Dockerfile" "$context/"
docker build --quiet --file "$context/traefik.Dockerfile" --tag "$TRAEFIK_IMAGE" "$context" >&2
rm -rf "$context"
echo "$cache/registry-$REGISTRY_VERSION/registry"
echo "$TRAEFIK_IMAGE"
