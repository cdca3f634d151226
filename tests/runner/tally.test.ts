// tests/apps/run.sh counts its checkers' PASS/FAIL lines and their exit status: a checker that
// crashes, or exits non-zero without a FAIL line, is a failure; it never passes silently.
import * as assert from "assert";
import { runCommand } from "../../components/shared/commandRunner";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

function tally(checker: string): { passed: number; failed: number; output: string } {
    const script = `source tests/apps/tally.sh; run_checker demo python3 -c ${JSON.stringify(checker)}; echo "tally $passed $failed"`;
    const r = runCommand("bash", ["-c", script], { cwd: ROOT });
    assert.strictEqual(r.code, 0, r.stderr);
    const m = /tally (\d+) (\d+)\s*$/.exec(r.stdout);
    assert.ok(m, r.stdout);
    return { passed: Number(m[1]), failed: Number(m[2]), output: r.stdout };
}

describe("apps stage tally", () => {
    it("counts PASS and FAIL lines of a checker that exits as it reports", () => {
        assert.deepStrictEqual({ ...tally("print('PASS a'); print('PASS b')"), output: "" }, { passed: 2, failed: 0, output: "" });
        assert.strictEqual(tally("import sys; print('PASS a'); print('FAIL b'); sys.exit(1)").failed, 1);
    });

    it("a crashing checker is a failure even with no FAIL line", () => {
        const r = tally("print('PASS a'); raise RuntimeError('boom')");
        assert.strictEqual(r.failed, 1);
        assert.match(r.output, /FAIL demo exited 1 without reporting a failure \(crashed\?\)/);
    });

    it("a checker that exits 0 after a FAIL line is counted twice: its failure and the inconsistency", () => {
        assert.strictEqual(tally("print('FAIL a')").failed, 2);
    });
});
