// No import cycle in the program, the scripts or the policy pack (issue 22): a cycle makes
// load order matter and hides which module depends on which.
import * as assert from "assert";
import * as path from "path";
import { importGraph, ROOT } from "./importGraph";

const DIRS = ["components", "scripts", "policy"];

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
        const graph = importGraph(DIRS);
        assert.ok(graph.size > 50, `found ${graph.size} files`);
        const cycles = findCycles(graph).map((c) => c.map((f) => path.relative(ROOT, f)).join(" → "));
        assert.deepStrictEqual(cycles, []);
    });

    it("finds a cycle when there is one (the check can fail)", () => {
        const graph = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]);
        assert.deepStrictEqual(findCycles(graph), [["a", "b", "c", "a"]]);
    });
});
