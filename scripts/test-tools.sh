#!/usr/bin/env bash
# Installs every tool the tests need into .tools/ of this checkout, from package registries
# only (PyPI, the Go module proxy), and prints the PATH line that puts them first:
#   eval "$(bash scripts/test-tools.sh)"
# Idempotent: a venv is rebuilt only when its requirements file changed, a Go tool only when
# missing. Needs python3 (3.11+) with venv, and Go 1.26 for helm, actionlint and
# dockerfile-facts (BuildKit's parser needs Go 1.26; an older go fetches that toolchain itself).
# Progress goes to stderr; stdout is only the export line.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
mkdir -p "$TOOLS/bin"
say() { echo "test-tools: $*" >&2; }

# A requirements file and every file it includes with `-r`, recursively.
requirement_files() {
  local file="$1" included
  echo "$file"
  while read -r included; do
    requirement_files "$(dirname "$file")/$included"
  done < <(sed -n 's/^-r[[:space:]]*//p' "$file")
}

# A virtualenv at $1 holding requirements file $2; the hash of that file and of the files it
# includes is stamped inside, so an edit anywhere (the backend's pins too) reinstalls, and
# no edit costs nothing.
venv() {
  local dir="$1" requirements="$2" stamp
  stamp="$(requirement_files "$requirements" | xargs cat | sha256sum | cut -c1-16)"
  if [[ -x "$dir/bin/python" && "$(cat "$dir/.requirements" 2>/dev/null)" == "$stamp" ]]; then
    return
  fi
  say "installing $(basename "$requirements") into ${dir#"$ROOT/"} (PyPI)"
  rm -rf "$dir"
  python3 -m venv "$dir"
  "$dir/bin/pip" install -q --disable-pip-version-check -r "$requirements" >&2
  echo "$stamp" > "$dir/.requirements"
}
venv "$TOOLS/venv" "$ROOT/tests/tools/requirements.txt"
venv "$TOOLS/checkov" "$ROOT/tests/tools/checkov-requirements.txt"
ln -sf "$TOOLS/checkov/bin/checkov" "$TOOLS/bin/checkov"

command -v go >/dev/null || export PATH="$PATH:/usr/local/go/bin"
if [[ ! -x "$TOOLS/bin/actionlint" ]]; then
  say "building actionlint v1.7.7 (Go module proxy)"
  GOBIN="$TOOLS/bin" GOFLAGS=-mod=mod go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.7 >&2
fi
# dockerfile-facts: BuildKit's own Dockerfile parser, the reference the corpus test holds the
# program's reading to (tests/fixtures/dockerfiles). Rebuilt when its source or pins change.
facts_src="$ROOT/tests/tools/dockerfile-facts"
facts_stamp="$(cat "$facts_src/main.go" "$facts_src/go.mod" "$facts_src/go.sum" | sha256sum | cut -c1-16)"
if [[ ! -x "$TOOLS/bin/dockerfile-facts" || "$(cat "$TOOLS/.dockerfile-facts" 2>/dev/null)" != "$facts_stamp" ]]; then
  say "building dockerfile-facts (BuildKit's parser, Go module proxy)"
  (cd "$facts_src" && go build -o "$TOOLS/bin/dockerfile-facts" .) >&2
  echo "$facts_stamp" > "$TOOLS/.dockerfile-facts"
fi
# helm: the pinned line, reusing a matching build (e.g. the local cluster's) when there is one.
# TEST_TOOLS_SKIP_HELM=1 leaves it for later (.ci/run, while the local cluster still builds its own).
if [[ ! -x "$TOOLS/bin/helm" && "${TEST_TOOLS_SKIP_HELM:-}" != 1 ]]; then
  cached="$HOME/.cache/local-cluster/bin/helm"
  if [[ -x "$cached" ]] && "$cached" version --short 2>/dev/null | grep -q '^v3\.16'; then
    ln -sf "$cached" "$TOOLS/bin/helm"
  else
    bash "$ROOT/scripts/install-helm.sh" "$TOOLS/bin" >&2
  fi
fi
echo "export PATH=\"$TOOLS/bin:$TOOLS/venv/bin:\$PATH\" BACKEND_PYTHON=\"$TOOLS/venv/bin/python\""
