// Issue 32: the pack is publishable on its own. Nothing in policy/ reaches outside it (the
// program imports the pack's rules, never the other way round), and it type-checks with only
// its own package.json's dependencies.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runCommand } from "../../components/shared/commandRunner";
import { PROJECT_ROOT } from "../program/harness";

const POLICY = path.join(PROJECT_ROOT, "policy");

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" || e.name === "bin" ? [] : sources(p);
        return e.name.endsWith(".ts") ? [p] : [];
    });
}

describe("the policy pack stands alone", function () {
    this.timeout(120_000);

    it("no file of policy/ imports from outside policy/", () => {
        const escaping = sources(POLICY).flatMap((file) =>
            [...fs.readFileSync(file, "utf8").matchAll(/from "(\.[^"]+)"/g)]
                .map((m) => m[1])
                .filter((spec) => !path.resolve(path.dirname(file), spec).startsWith(`${POLICY}${path.sep}`))
                .map((spec) => `${path.relative(PROJECT_ROOT, file)}: ${spec}`),
        );
        assert.deepStrictEqual(escaping, []);
    });

    it("type-checks with its own dependencies (tsc -p policy)", () => {
        assert.ok(fs.existsSync(path.join(POLICY, "node_modules")), "npm ci --prefix policy first");
        const r = runCommand(path.join(PROJECT_ROOT, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", POLICY], { timeoutMs: 110_000 });
        assert.strictEqual(r.code, 0, `${r.stdout}${r.stderr}`);
    });
});
