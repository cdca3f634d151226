// Every value of the chart is documented where it is set: each key of values.yaml is under a
// `## @param <path>` line (its own or an ancestor's, the readme-generator-for-helm convention
// helm users know from Bitnami's charts), and each @param names a key that exists.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { chartDir } from "./helm";

/** Keys with no @param of their own or an ancestor's, and @params naming no key. */
export function paramProblems(valuesYaml: string): string[] {
    const params = [...valuesYaml.matchAll(/^\s*## @param (\S+)/gm)].map((m) => m[1]);
    const values: unknown = parse(valuesYaml);
    const problems: string[] = [];
    const walk = (value: unknown, at: string): void => {
        if (params.includes(at)) return;
        if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0) {
            for (const [key, child] of Object.entries(value)) walk(child, at ? `${at}.${key}` : key);
            return;
        }
        problems.push(`${at} has no ## @param`);
    };
    walk(values, "");
    const exists = (at: string): boolean => {
        let node: unknown = values;
        for (const key of at.split(".")) {
            if (node === null || typeof node !== "object" || !(key in node)) return false;
            node = (node as Record<string, unknown>)[key];
        }
        return true;
    };
    return [...problems, ...params.filter((p) => !exists(p)).map((p) => `@param ${p} names no key of values.yaml`)];
}

describe("chart: values.yaml documents every value", () => {
    it("has a ## @param for every key, and every @param names a key", () => {
        assert.deepStrictEqual(paramProblems(fs.readFileSync(path.join(chartDir, "values.yaml"), "utf8")), []);
    });

    it("finds an undocumented key and a @param naming nothing (the check can fail)", () => {
        const yaml = ["backend:", "  ## @param backend.replicaCount Pods", "  replicaCount: 2", "  nodeSelector: {}", "## @param frontend.tag Typo", ""].join("\n");
        assert.deepStrictEqual(paramProblems(yaml), ["backend.nodeSelector has no ## @param", "@param frontend.tag names no key of values.yaml"]);
    });
});
