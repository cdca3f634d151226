// The rule at the top of docs/ARCHITECTURE.md, checked on the real import graph:
// components/<stage>/ holds everything one stage of `pulumi up` needs; only todoApp.ts and
// todoAppPlan.ts know the order; no stage imports a later one; components/shared/ imports no
// stage. And no TypeScript file, tests included, is over 250 lines.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { importGraph, ROOT, sourceFiles } from "./importGraph";

/** The stages in the order `pulumi up` runs them. */
export const STAGES = ["config", "cluster", "images", "secrets", "release", "outputs"] as const;
const ORCHESTRATION = ["todoApp.ts", "todoAppPlan.ts", "todoAppSettings.ts"];
const MAX_LINES = 250;

/** `components/<folder>/...` → folder; a file directly in components/ → its name. */
function placeOf(componentsDir: string, file: string): string {
    return path.relative(componentsDir, file).split(path.sep)[0];
}

/** Every import in `graph` (files under `componentsDir`) that breaks the layout rule, as a sentence. */
export function layoutViolations(componentsDir: string, graph: ReadonlyMap<string, readonly string[]>): string[] {
    const rank = (place: string): number => (STAGES as readonly string[]).indexOf(place);
    const violations: string[] = [];
    for (const [file, imports] of graph) {
        const from = placeOf(componentsDir, file);
        if (from.endsWith(".ts")) {
            if (!ORCHESTRATION.includes(from)) violations.push(`${from} is in no stage folder`);
            continue;
        }
        if (from !== "shared" && rank(from) < 0) violations.push(`components/${from}/ is not a stage (${STAGES.join(", ")}, shared)`);
        for (const target of imports) {
            if (path.relative(componentsDir, target).startsWith("..")) continue;
            const to = placeOf(componentsDir, target);
            const label = `${path.relative(componentsDir, file)} → ${path.relative(componentsDir, target)}`;
            if (to.endsWith(".ts")) violations.push(`${label}: a stage imports the orchestration`);
            else if (from === "shared" && to !== "shared") violations.push(`${label}: shared/ imports a stage`);
            else if (to !== "shared" && rank(to) > rank(from)) violations.push(`${label}: ${from} imports the later stage ${to}`);
        }
    }
    return violations;
}

describe("components/ layout", () => {
    const componentsDir = path.join(ROOT, "components");

    it("has one folder per stage, and no stage imports a later one or the orchestration", () => {
        const graph = importGraph(["components"]);
        const folders = fs.readdirSync(componentsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
        assert.deepStrictEqual(folders.sort(), [...STAGES, "shared"].sort());
        assert.deepStrictEqual(layoutViolations(componentsDir, graph), []);
    });

    it("finds a stage importing a later stage, shared/ importing a stage and a stray file (the check can fail)", () => {
        const c = (rel: string): string => path.join("/p/components", rel);
        const graph = new Map([
            [c("config/validate.ts"), [c("release/chartNames.ts"), c("shared/host.ts")]],
            [c("release/values.ts"), [c("config/settings.ts"), c("todoApp.ts")]],
            [c("shared/host.ts"), [c("cluster/minikube.ts")]],
            [c("helpers.ts"), []],
        ]);
        assert.deepStrictEqual(layoutViolations("/p/components", graph), [
            "config/validate.ts → release/chartNames.ts: config imports the later stage release",
            "release/values.ts → todoApp.ts: a stage imports the orchestration",
            "shared/host.ts → cluster/minikube.ts: shared/ imports a stage",
            "helpers.ts is in no stage folder",
        ]);
    });

    it(`has no TypeScript file over ${MAX_LINES} lines, the tests' included`, () => {
        const files = ["components", "scripts", "policy", "tests"].flatMap((d) => sourceFiles(path.join(ROOT, d))).concat(path.join(ROOT, "index.ts"));
        const long = files
            .map((f) => ({ file: path.relative(ROOT, f), lines: fs.readFileSync(f, "utf8").split("\n").length - 1 }))
            .filter((f) => f.lines > MAX_LINES);
        assert.ok(files.length > 50, `found ${files.length} files`);
        assert.deepStrictEqual(long, []);
    });
});
