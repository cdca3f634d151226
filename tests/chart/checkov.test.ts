// checkov (PyPI) over the rendered manifests: zero failed checks, and every skipped check
// carries its reason in a `checkov.io/skipN: CHECK=reason` annotation of the chart.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { devValues, helmTemplate, onPath, prodValues, run, tempDir } from "./helm";

const CHECKOV_HINT =
  "checkov not found (looked at $CHECKOV_BIN and `checkov` on PATH). Install it with `pip install checkov` " +
  "(PyPI; a virtualenv works: python3 -m venv .venv && .venv/bin/pip install checkov, then CHECKOV_BIN=.venv/bin/checkov).";

function findCheckov(): string {
  const bin = process.env.CHECKOV_BIN ?? onPath("checkov");
  if (!bin) throw new Error(CHECKOV_HINT);
  return bin;
}

interface CheckovCheck {
  check_id: string;
  check_name: string;
  resource: string;
  check_result: { result: string; suppress_comment?: string };
}

interface CheckovReport {
  check_type: string;
  results: { passed_checks: CheckovCheck[]; failed_checks: CheckovCheck[]; skipped_checks: CheckovCheck[] };
  summary: { passed: number; failed: number; skipped: number; parsing_errors: number; resource_count: number; checkov_version: string };
}

function scan(label: string, valuesFiles: string[]): CheckovReport {
  const rendered = helmTemplate({ valuesFiles });
  assert.strictEqual(rendered.status, 0, rendered.stderr);
  const dir = fs.mkdtempSync(path.join(tempDir(), `checkov-${label}-`));
  const file = path.join(dir, `${label}.yaml`);
  fs.writeFileSync(file, rendered.stdout);
  // --skip-download: no call to the Prisma Cloud API (offline, deterministic).
  const r = run(findCheckov(), ["-f", file, "--framework", "kubernetes", "--skip-download", "--output", "json"], dir);
  const parsed: unknown = JSON.parse(r.stdout);
  const report = (Array.isArray(parsed) ? parsed[0] : parsed) as CheckovReport;
  assert.ok(report && report.summary, `unexpected checkov output (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return report;
}

describe("chart: checkov over the rendered manifests", function () {
  this.timeout(300_000);

  for (const [label, valuesFiles] of [["dev", [devValues]], ["prod", [prodValues]]] as const) {
    it(`${label}: zero failed checks; every skip is annotated with its reason`, () => {
      const report = scan(label, [...valuesFiles]);
      const s = report.summary;
      console.log(
        `      checkov ${s.checkov_version} (${label}): Passed checks: ${s.passed}, Failed checks: ${s.failed}, ` +
          `Skipped checks: ${s.skipped} over ${s.resource_count} resources`,
      );
      const failed = report.results.failed_checks.map((c) => `${c.check_id} ${c.check_name} (${c.resource})`);
      assert.deepStrictEqual(failed, [], "failed checkov checks");
      assert.strictEqual(s.parsing_errors, 0);
      assert.ok(s.passed > 100, `suspiciously few checks ran: ${s.passed}`);
      for (const c of report.results.skipped_checks) {
        assert.ok((c.check_result.suppress_comment ?? "").trim().length > 20, `${c.check_id} on ${c.resource} skipped without a reason`);
      }
    });
  }
});
