#!/usr/bin/env bash
# Builds Minikube's metrics-server addon image here, where registry.k8s.io cannot be reached:
# metrics-server v0.8.0 from its Go module (sigs.k8s.io/metrics-server, the version the Go
# module proxy serves; the addon's default is v0.8.1 by digest, which no local build can
# match), static, in an image FROM scratch that runs as nobody. The Minikube stage loads it
# with `minikube image load` and enables the addon with minikubeAddonImages pointing at it.
# Prints the image ref. Needs Go and a Docker Engine; the binary is cached between runs.
set -euo pipefail
VERSION=v0.8.0
REF="registry.k8s.io/metrics-server/metrics-server:${VERSION}"
here=$(cd "$(dirname "$0")" && pwd)
cache="${XDG_CACHE_HOME:-$HOME/.cache}/todo-app/metrics-server-${VERSION}"
if [ ! -x "$cache/metrics-server" ]; then
  mkdir -p "$cache"
  CGO_ENABLED=0 GOBIN="$cache" go install -ldflags "-s -w" "sigs.k8s.io/metrics-server/cmd/metrics-server@${VERSION}" >&2
fi
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp "$cache/metrics-server" "$here/Dockerfile" "$context/"
docker build --quiet --tag "$REF" "$context" >&2
echo "$REF"
