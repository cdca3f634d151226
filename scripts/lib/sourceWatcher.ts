// What the dev loop watches: the project (the program, the Dockerfiles, the chart, the
// services under sourceRoot) plus sourceRoot and chartPath when a stack points them outside
// it, minus what never reaches an image or the program (dependencies, build output, state).
// Whether a save changes anything is the engine's call: an ignored-by-Docker file only costs
// an update that reports 0 changes.
import * as fs from "fs";
import * as path from "path";
import { readStackConfig } from "./stack";

/** Directory names whose contents never trigger an update. */
export const IGNORED_DIRS: ReadonlySet<string> = new Set([
    ".git", "node_modules", ".pulumi-state", ".next", ".tools", "__pycache__", ".venv", ".pytest_cache", ".mypy_cache",
    // Not part of what `pulumi up` deploys.
    "tests", "docs", "policy", "scripts", ".github", ".ci",
]);

/** True when a change to `relativePath` (from a watched root) may change what is deployed. */
export function isWatched(relativePath: string): boolean {
    const parts = relativePath.split(/[\\/]/);
    if (parts.some((p) => IGNORED_DIRS.has(p))) {
        return false;
    }
    const base = parts[parts.length - 1];
    // Editors' swap and backup files, and the stack files' own rewrites by `pulumi config`.
    return !/(^\.#|~$|\.swp$|\.swx$|^4913$)/.test(base) && !/^Pulumi\..+\.yaml$/.test(base) && !base.endsWith(".md");
}

/** The roots to watch for a stack: the project, and sourceRoot/chartPath if they lie outside it. */
export function watchRoots(projectRoot: string, stack: string): string[] {
    const config = readStackConfig(stack, projectRoot);
    const roots = [projectRoot];
    for (const key of ["todo-app:sourceRoot", "todo-app:chartPath"]) {
        const value = config[key];
        if (typeof value === "string" && value !== "") {
            const abs = path.resolve(projectRoot, value);
            if (!roots.some((r) => abs === r || abs.startsWith(r + path.sep))) {
                roots.push(abs);
            }
        }
    }
    return roots;
}

/**
 * Watches every directory under the roots that is not ignored (one non-recursive watcher each:
 * Node's recursive mode on Linux would also walk node_modules), adding new directories as they
 * appear; calls onChange with each relevant changed path. Returns a stop function.
 */
export function watchSources(roots: readonly string[], onChange: (absolutePath: string) => void): () => void {
    const watchers = new Map<string, fs.FSWatcher>();
    const watchTree = (dir: string, root: string): void => {
        if (watchers.has(dir) || !isWatched(path.relative(root, dir) || ".")) {
            return;
        }
        let entries: fs.Dirent[];
        try {
            entries = fs.readdirSync(dir, { withFileTypes: true });
            watchers.set(dir, fs.watch(dir, (_event, file) => {
                if (!file) {
                    return;
                }
                const changed = path.join(dir, file.toString());
                if (isWatched(path.relative(root, changed))) {
                    if (fs.existsSync(changed) && fs.statSync(changed).isDirectory()) {
                        watchTree(changed, root);
                    }
                    onChange(changed);
                }
            }));
        } catch {
            return; // removed meanwhile
        }
        entries.filter((e) => e.isDirectory()).forEach((e) => watchTree(path.join(dir, e.name), root));
    };
    roots.forEach((root) => watchTree(root, root));
    return () => watchers.forEach((w) => w.close());
}
