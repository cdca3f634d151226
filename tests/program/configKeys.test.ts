// The settings are declared once: Pulumi.yaml declares exactly the plain keys loadConfig.ts reads,
// with the same types, and no secret key (a declared secret would need a default).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PLAIN_KEYS, SECRET_KEYS } from "../../components/config/configKeys";
import { PROJECT_ROOT } from "./harness";

const project = YAML.parse(fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), "utf8")) as { config: Record<string, { type: string; default?: unknown }> };

describe("config keys", () => {
    it("Pulumi.yaml declares exactly the plain keys the program reads", () => {
        assert.deepStrictEqual(Object.keys(project.config).sort(), Object.keys(PLAIN_KEYS).sort());
    });

    it("with the same types", () => {
        for (const [key, type] of Object.entries(PLAIN_KEYS)) {
            assert.strictEqual(project.config[key].type, type, key);
        }
    });

    it("and no secret key", () => {
        for (const key of SECRET_KEYS) {
            assert.strictEqual(project.config[key], undefined, key);
        }
    });

    it("loadConfig.ts reads the keys from the table, not by name", () => {
        const source = fs.readFileSync(path.join(PROJECT_ROOT, "components", "config", "loadConfig.ts"), "utf8");
        assert.deepStrictEqual(source.match(/config\.(get|require)\w*\("/g) ?? [], [], "no key is read by a literal name");
    });

    it("the stack files set only declared or secret keys", () => {
        for (const stack of ["dev", "prod"]) {
            const file = YAML.parse(fs.readFileSync(path.join(PROJECT_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
            for (const key of Object.keys(file.config)) {
                const bare = key.replace(/^todo-app:/, "");
                assert.ok(bare in PLAIN_KEYS || (SECRET_KEYS as readonly string[]).includes(bare), `Pulumi.${stack}.yaml: ${key}`);
            }
        }
    });
});
