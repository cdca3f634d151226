// Every file in bad-values/ is rejected by `helm template` (as by `helm install` and the
// program's Release), with an error naming the field. Each file starts with
//   # expect: <text the error must contain>
//   # rejected-by: schema | validateValues
// Schema violations are also rejected by `helm lint --strict`; the cross-field checks of
// todo-app.validateValues call `fail`, which helm lint only logs (lint mode), so for those
// the test asserts that lint reports the message.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { helmLint, helmTemplate } from "./helm";

const dir = path.join(__dirname, "bad-values");
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();

function header(file: string, key: string): string {
  const m = new RegExp(`^# ${key}: (.+)$`, "m").exec(fs.readFileSync(file, "utf8"));
  if (!m) throw new Error(`${file} has no "# ${key}: ..." line`);
  return m[1].trim();
}

describe("chart: bad values are rejected with a message naming the field", () => {
  it("has at least 6 bad values files", () => {
    assert.ok(files.length >= 6, `only ${files.length} files in ${dir}`);
  });

  for (const name of files) {
    const file = path.join(dir, name);
    it(`rejects ${name}`, () => {
      const expected = header(file, "expect");
      const by = header(file, "rejected-by");
      assert.ok(by === "schema" || by === "validateValues", `${name}: rejected-by ${by}`);
      const template = helmTemplate({ valuesFiles: [file] });
      assert.notStrictEqual(template.status, 0, `helm template accepted ${name}`);
      assert.ok(template.stderr.includes(expected), `helm template error lacks "${expected}":\n${template.stderr}`);
      if (by === "schema") assert.match(template.stderr, /don't meet the specifications of the schema/);
      const lint = helmLint({ valuesFiles: [file] });
      if (by === "schema") assert.notStrictEqual(lint.status, 0, `helm lint accepted ${name}`);
      assert.ok(`${lint.stdout}${lint.stderr}`.includes(expected), `helm lint output lacks "${expected}":\n${lint.stdout}${lint.stderr}`);
    });
  }
});
