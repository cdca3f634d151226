// Every COPY source of each Dockerfile is in its build context after the Dockerfile's own ignore
// file (docker/<name>.Dockerfile.dockerignore) is applied, and the context never sends what must
// stay out. The ignore rules are the program's own (components/images/dockerignore.ts: what the content
// tag hashes), the Dockerfile is read by dockerfile-ast (what the config check uses): one
// implementation of each, shared with the program.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Copy, DockerfileParser, From, ModifiableInstruction } from "dockerfile-ast";
import { DockerIgnore } from "../../components/images/dockerignore";
import { PROJECT_ROOT } from "./harness";

/** Dockerfile → its build context, as the program builds them. */
const IMAGES: Readonly<Record<string, string>> = {
    "docker/backend.Dockerfile": "apps/backend",
    "docker/frontend-web.Dockerfile": "apps/frontend-web",
    "docker/frontend-chatbot.Dockerfile": "apps/frontend-chatbot",
};
/** Paths a build step creates inside the image rather than taking from the context. */
const GENERATED = new Set([".next", "node_modules"]);
/** What a context must never send. */
const NEVER_SENT = ["node_modules/", ".next/", ".venv/", ".git/", "tests/", ".env"];

/** The files `docker build` sends: every file under the context the ignore rules keep (walked as the content hash walks). */
export function sentFiles(context: string, ignore: DockerIgnore, rel = ""): string[] {
    return fs.readdirSync(path.join(context, rel), { withFileTypes: true }).flatMap((e) => {
        const file = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) return ignore.canSkipDirectory(file) ? [] : sentFiles(context, ignore, file);
        return ignore.isExcluded(file) ? [] : [file];
    });
}

function sent(src: string, files: readonly string[]): boolean {
    const norm = path.posix.normalize(src).replace(/^\/+/, "").replace(/\/+$/, "");
    if (norm === "." || norm === "") return files.length > 0;
    const glob = new RegExp(`^${norm.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")}(/|$)`);
    return files.some((f) => glob.test(f));
}

/** What is wrong with one Dockerfile's context; empty when every source is sent and nothing leaks. */
export function contextProblems(dockerfileRel: string, contextRel: string, root = PROJECT_ROOT): string[] {
    const dockerfile = path.join(root, dockerfileRel);
    const ignoreFile = `${dockerfile}.dockerignore`;
    const problems = fs.existsSync(ignoreFile) ? [] : [`no ignore file ${dockerfileRel}.dockerignore`];
    const files = sentFiles(path.join(root, contextRel), DockerIgnore.fromFile(ignoreFile));
    const workdir = new Map<string, string>();
    const copiesContext = new Set<string>();
    let stage = "";
    for (const i of DockerfileParser.parse(fs.readFileSync(dockerfile, "utf8")).getInstructions()) {
        const args = i.getArguments().map((a) => a.getValue());
        if (i instanceof From) {
            const base = String(i.getImageName());
            stage = i.getBuildStage() ?? base;
            workdir.set(stage, workdir.get(base) ?? "/");
            if (copiesContext.has(base)) copiesContext.add(stage);
        } else if (i.getKeyword() === "WORKDIR") {
            workdir.set(stage, path.posix.resolve(workdir.get(stage) ?? "/", args[0]));
        } else if (i instanceof Copy || i.getKeyword() === "ADD") {
            // By name, in any order: `COPY --chown=1:1 --from=build` copies from a stage too.
            const from = i instanceof ModifiableInstruction ? i.getFlags().find((f) => f.getName().toLowerCase() === "from")?.getValue() ?? undefined : undefined;
            const sources = args.slice(0, -1);
            if (from === undefined) {
                for (const src of sources) {
                    if (!sent(src, files)) problems.push(`COPY source '${src}' is not in context ${contextRel} (missing or ignored)`);
                    if (path.posix.normalize(src) === ".") copiesContext.add(stage);
                }
            } else if (copiesContext.has(from)) {
                // Copied from a stage that took the whole context: what it copies must have been sent.
                const wd = `${(workdir.get(from) ?? "/").replace(/\/$/, "")}/`;
                for (const src of sources.filter((s) => s.startsWith(wd))) {
                    const rel = src.slice(wd.length).replace(/^\/+|\/+$/g, "");
                    if (!GENERATED.has(rel.split("/")[0]) && !sent(rel, files)) problems.push(`COPY --from=${from} ${src}: '${rel}' is not in context ${contextRel} (missing or ignored)`);
                }
            }
        }
    }
    for (const never of NEVER_SENT) {
        const leaked = files.find((f) => f.startsWith(never) || f.includes(`/${never}`));
        if (leaked) problems.push(`context sends '${leaked}' (${never} should be ignored)`);
    }
    return problems;
}

describe("Docker build contexts", () => {
    for (const [dockerfile, context] of Object.entries(IMAGES)) {
        it(`${dockerfile}: every COPY source is sent from ${context}, and nothing that must stay out`, () => {
            assert.deepStrictEqual(contextProblems(dockerfile, context), []);
        });
    }

    it("finds a source the ignore file leaves out, and a leak (the check can fail)", () => {
        const ignore = new DockerIgnore(["*", "!app/**"]);
        const files = sentFiles(path.join(PROJECT_ROOT, "apps", "backend"), ignore);
        assert.ok(files.length > 0 && files.every((f) => f.startsWith("app/")), files.join(", "));
        assert.ok(!sent("requirements.txt", files) && sent("app", files) && sent("app/*.py", files));
        // A whole project with both faults: a COPY source the ignore file drops, and a leak.
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "todo-context-"));
        try {
            fs.mkdirSync(path.join(root, "ctx", "node_modules"), { recursive: true });
            fs.writeFileSync(path.join(root, "ctx", "node_modules", "x.js"), "");
            fs.writeFileSync(path.join(root, "ctx", "app.py"), "");
            fs.writeFileSync(path.join(root, "Dockerfile"), "FROM python:3.13-slim\nCOPY app.py ./\n");
            fs.writeFileSync(path.join(root, "Dockerfile.dockerignore"), "*.py\n");
            assert.deepStrictEqual(contextProblems("Dockerfile", "ctx", root), [
                "COPY source 'app.py' is not in context ctx (missing or ignored)",
                "context sends 'node_modules/x.js' (node_modules/ should be ignored)",
            ]);
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });
});
