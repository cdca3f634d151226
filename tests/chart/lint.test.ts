// helm is found (or the run fails with the install command) and `helm lint --strict` passes
// with the default, dev and prod values.
import * as assert from "assert";
import { devValues, findHelm, helmLint, prodValues, run } from "./helm";

describe("chart: helm lint --strict", () => {
  it("finds a helm 3 binary (or fails saying how to install the pinned one)", () => {
    const helm = findHelm();
    const version = run(helm, ["version", "--short"]);
    assert.strictEqual(version.status, 0, version.stderr);
    assert.match(version.stdout, /^v3\./, `expected helm 3, got ${version.stdout}`);
  });

  const cases: [string, string[]][] = [
    ["default values", []],
    ["values-dev.yaml", [devValues]],
    ["values-prod.yaml", [prodValues]],
  ];
  for (const [label, valuesFiles] of cases) {
    it(`passes with ${label}`, () => {
      const r = helmLint({ valuesFiles });
      assert.strictEqual(r.status, 0, `helm lint --strict failed:\n${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
      assert.doesNotMatch(r.stdout, /\[(WARNING|ERROR)\]/);
    });
  }
});
