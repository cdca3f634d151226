// A scratch copy of the project that runs exactly as the checkout does (its own stack files,
// and source edits that never touch the checkout), for the end-to-end stage and the benchmark.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "./stack";

/** What `pulumi up`, `npm run preview` and `npm run dev` need; node_modules are linked, not copied. */
const PROJECT_FILES = ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts", "components", "docker", "apps", "charts", "scripts", "policy"];
const SKIP = new Set(["node_modules", ".next", ".venv", "__pycache__", ".pytest_cache"]);

export function copyRunnableProject(): string {
    const dest = fs.mkdtempSync(path.join(os.tmpdir(), "todo-project-"));
    for (const item of PROJECT_FILES) {
        fs.cpSync(path.join(PROJECT_ROOT, item), path.join(dest, item), { recursive: true, verbatimSymlinks: true, filter: (src) => !SKIP.has(path.basename(src)) });
    }
    fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(dest, "node_modules"));
    // The policy pack renders a Release's chart relative to its own parent: the copy's, with its edits.
    if (fs.existsSync(path.join(PROJECT_ROOT, "policy", "node_modules"))) {
        fs.symlinkSync(path.join(PROJECT_ROOT, "policy", "node_modules"), path.join(dest, "policy", "node_modules"));
    }
    return dest;
}
