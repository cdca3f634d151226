#!/usr/bin/env bash
# Installs the pinned helm the chart tests use, built from the Go module proxy.
# Usage: bash scripts/install-helm.sh [BINDIR]   (default: ~/.cache/local-cluster/bin,
# where tests/chart/helm.ts looks after $HELM_BIN and `helm` on PATH). Needs Go >= 1.22.
# Building takes a few minutes on 2 cores; an existing binary of the right version is kept.
set -euo pipefail

HELM_VERSION="${HELM_VERSION:-v3.16.2}"
BINDIR="${1:-${HOME}/.cache/local-cluster/bin}"

# Keep a binary of the same minor line (a build without version ldflags reports just "v3.16").
if [[ -x "${BINDIR}/helm" ]] && "${BINDIR}/helm" version --short 2>/dev/null | grep -q "^${HELM_VERSION%.*}"; then
  echo "helm $("${BINDIR}/helm" version --short) already at ${BINDIR}/helm"
  exit 0
fi

command -v go >/dev/null || { echo "go is required: https://go.dev/doc/install" >&2; exit 1; }
mkdir -p "${BINDIR}"
echo "building helm ${HELM_VERSION} into ${BINDIR} (go install)..."
# `helm version` and the Kubernetes version `helm template` assumes come from ldflags; set
# them as helm's Makefile does (helm v3.16 is built against client-go v0.31, so 1.31).
K8S_MINOR="${K8S_MINOR:-31}"
LDFLAGS="-s -w -X helm.sh/helm/v3/internal/version.version=${HELM_VERSION}"
for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
  LDFLAGS+=" -X ${pkg}.k8sVersionMajor=1 -X ${pkg}.k8sVersionMinor=${K8S_MINOR}"
done
GOBIN="${BINDIR}" CGO_ENABLED=0 go install -ldflags "${LDFLAGS}" \
  "helm.sh/helm/v3/cmd/helm@${HELM_VERSION}"
"${BINDIR}/helm" version --short
