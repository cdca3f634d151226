// Each default once (issue 35): Pulumi.yaml's config schema is where a default is declared,
// and the CLI hands it to the program for every unset key. The literal fallbacks in the
// validation (for a key the CLI did not fill, as under mocks) must then say the same: a stack given every schema default must come out exactly like a
// stack given nothing. A literal that disagrees with the schema makes the two differ.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PROJECT_ROOT, runProgram } from "./harness";

const schema = YAML.parse(fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), "utf8")) as { config: Record<string, { default?: unknown }> };
/** Every key with a default, as Pulumi.yaml declares it. */
const DEFAULTS = Object.fromEntries(Object.entries(schema.config).filter(([, v]) => v.default !== undefined).map(([k, v]) => [k, v.default]));

describe("Pulumi.yaml's defaults are the only ones", () => {
    it("the program: every schema default set explicitly registers exactly what no setting does", async () => {
        assert.ok(Object.keys(DEFAULTS).length > 30, "the schema declares the defaults");
        const [unset, explicit] = [await runProgram({}), await runProgram({ config: DEFAULTS })];
        assert.deepStrictEqual(explicit.resources, unset.resources);
        assert.deepStrictEqual(explicit.outputs, unset.outputs);
    });
});
