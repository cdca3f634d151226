// No import cycle in the program, the scripts or the policy pack (issue 22): a cycle makes
// load order matter and hides which module depends on which. Imports are read with the
// TypeScript compiler's own pre-processor, type-only imports included.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..", "..");
const DIRS = ["components", "scripts", "policy"];

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? [] : sourceFiles(full);
        return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [full] : [];
    });
}

/** The project files `file` imports (relative specifiers only; packages can't close a cycle here). */
function importsOf(file: string): string[] {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    return importedFiles
        .map((f) => f.fileName)
        .filter((spec) => spec.startsWith("."))
        .map((spec) => path.resolve(path.dirname(file), spec))
        .map((base) => [`${base}.ts`, path.join(base, "index.ts")].find((f) => fs.existsSync(f)))
        .filter((f): f is string => f !== undefined);
}

/** Every cycle found by a depth-first walk, each as the files around it. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
    const cycles: string[][] = [];
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (file: string): void => {
        state.set(file, "open");
        stack.push(file);
        for (const next of graph.get(file) ?? []) {
            if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next]);
            else if (!state.has(next)) visit(next);
        }
        stack.pop();
        state.set(file, "done");
    };
    [...graph.keys()].forEach((f) => state.has(f) || visit(f));
    return cycles;
}

describe("import graph", () => {
    it("has no cycle in components/, scripts/ or policy/", () => {
        const files = DIRS.flatMap((d) => sourceFiles(path.join(ROOT, d)));
        assert.ok(files.length > 50, `found ${files.length} files`);
        const graph = new Map(files.map((f) => [f, importsOf(f)]));
        const cycles = findCycles(graph).map((c) => c.map((f) => path.relative(ROOT, f)).join(" → "));
        assert.deepStrictEqual(cycles, []);
    });

    it("finds a cycle when there is one (the check can fail)", () => {
        const graph = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]);
        assert.deepStrictEqual(findCycles(graph), [["a", "b", "c", "a"]]);
    });
});
