// The project's import graph, read with the TypeScript compiler's own pre-processor (type-only
// imports included): what the layout tests check.
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

export const ROOT = path.resolve(__dirname, "..", "..");

export function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? [] : sourceFiles(full);
        return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [full] : [];
    });
}

/** The project files `file` imports (relative specifiers only; packages can't close a cycle here). */
export function importsOf(file: string): string[] {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    return importedFiles
        .map((f) => f.fileName)
        .filter((spec) => spec.startsWith("."))
        .map((spec) => path.resolve(path.dirname(file), spec))
        .map((base) => [`${base}.ts`, path.join(base, "index.ts")].find((f) => fs.existsSync(f)))
        .filter((f): f is string => f !== undefined);
}

/** file → the project files it imports, for every .ts file under `dirs` (relative to ROOT). */
export function importGraph(dirs: readonly string[]): Map<string, string[]> {
    const files = dirs.flatMap((d) => sourceFiles(path.join(ROOT, d)));
    return new Map(files.map((f) => [f, importsOf(f)]));
}
