// A scratch copy of the project that runs exactly as the checkout does (its own stack files,
// and source edits that never touch the checkout), for the end-to-end stage and the benchmark;
// or the project as an earlier commit had it, to prove that a stack it deployed survives
// today's program.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runOrThrow } from "../../components/shared/commandRunner";
import { PROJECT_ROOT } from "./stack";

/** What `pulumi up`, `npm run preview` and `npm run dev` need; node_modules are linked, not copied. */
const PROJECT_FILES = ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts", "components", "docker", "apps", "charts", "scripts", "policy"];
const SKIP = new Set(["node_modules", ".next", ".venv", "__pycache__", ".pytest_cache"]);

export function copyRunnableProject(): string {
    const dest = fs.mkdtempSync(path.join(os.tmpdir(), "todo-project-"));
    copyProjectFiles(dest);
    return dest;
}

/** The project files of commit `ref` (git archive), runnable like a copy of the checkout. */
export function copyProjectAt(ref: string): string {
    const dest = fs.mkdtempSync(path.join(os.tmpdir(), `todo-project-${ref.slice(0, 7)}-`));
    const tar = path.join(dest, "project.tar");
    // Modes as a checkout has them (git archive's default tar.umask 002 gives 664): the docker
    // provider's context digest includes file modes, and would see every file changed.
    runOrThrow("git", ["-C", PROJECT_ROOT, "-c", "tar.umask=022", "archive", "--format=tar", "-o", tar, ref, ...PROJECT_FILES]);
    runOrThrow("tar", ["-xf", tar, "-C", dest]);
    fs.rmSync(tar);
    linkDependencies(dest);
    return dest;
}

/**
 * Replaces the project files in `dest` with the checkout's; its stack files and state stay, and
 * so do the items in `keep` (e.g. the app sources and Dockerfiles, when only the program may differ).
 */
export function replaceWithCheckout(dest: string, keep: readonly string[] = []): void {
    const replaced = PROJECT_FILES.filter((item) => !keep.includes(item));
    for (const item of [...replaced, "node_modules"]) {
        fs.rmSync(path.join(dest, item), { recursive: true, force: true });
    }
    copyProjectFiles(dest, replaced);
}

function copyProjectFiles(dest: string, items: readonly string[] = PROJECT_FILES): void {
    for (const item of items) {
        fs.cpSync(path.join(PROJECT_ROOT, item), path.join(dest, item), { recursive: true, verbatimSymlinks: true, filter: (src) => !SKIP.has(path.basename(src)) });
    }
    linkDependencies(dest);
}

function linkDependencies(dest: string): void {
    fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(dest, "node_modules"));
    // The policy pack renders a Release's chart relative to its own parent: the copy's, with its edits.
    if (fs.existsSync(path.join(PROJECT_ROOT, "policy", "node_modules"))) {
        fs.symlinkSync(path.join(PROJECT_ROOT, "policy", "node_modules"), path.join(dest, "policy", "node_modules"));
    }
}
