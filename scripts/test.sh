#!/usr/bin/env bash
# `npm test`: installs the test tools (scripts/test-tools.sh, registries only), then runs the
# type check, then the program, policy, chart and apps stages in order, stopping at the
# first that fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$(date +%s)
eval "$(bash scripts/test-tools.sh)"
echo "test tools ready ($(( $(date +%s) - started ))s)"
# Types first: the scripts (dev loop, benchmark) are not all imported by a test.
npm run --silent build
for stage in test:program test:policy test:chart test:apps; do
  npm run --silent "$stage"
done
echo "npm test: all four stages passed in $(( $(date +%s) - started ))s"
