# The apps stage's tally, sourced by tests/apps/run.sh (and tests/runner/tally.test.ts).
# shellcheck shell=bash
passed=0
failed=0
pass() { echo "PASS $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

# Runs a checker that prints PASS/FAIL lines, and counts them. Its exit status counts too: a
# checker that crashes (or fails without saying FAIL) is a failure, never a silent pass.
run_checker() {
  local name="$1" out rc fails
  shift
  out="$(mktemp)"
  "$@" >"$out" 2>&1
  rc=$?
  fails=0
  while IFS= read -r line; do
    case "$line" in
      PASS*) echo "$line"; passed=$((passed + 1)) ;;
      FAIL*) echo "$line"; failed=$((failed + 1)); fails=$((fails + 1)) ;;
      *": "*" passed, "*" failed") ;;  # the checker's own tally; counted here
      *) echo "$line" ;;
    esac
  done <"$out"
  rm -f "$out"
  if [[ $rc != 0 && $fails == 0 ]]; then fail "$name exited $rc without reporting a failure (crashed?)"; fi
  if [[ $rc == 0 && $fails != 0 ]]; then fail "$name reported $fails failure(s) but exited 0"; fi
}
