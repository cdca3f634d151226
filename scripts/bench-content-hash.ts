// npm run bench:content-hash: times the content hash that tags the images, over the reference services
// (with whatever node_modules are installed) and over a generated tree of 50,000 files of
// which 45,000 sit in node_modules. Target: under 1 s for the generated tree.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { hashContext, ignoreFileFor } from "../components/images/contentHash";
import { DockerIgnore } from "../components/images/dockerignore";

const ROOT = path.resolve(__dirname, "..");
const TARGET_MS = 1000;

function countFiles(dir: string): number {
    let n = 0;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        n += e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1;
    }
    return n;
}

function time(label: string, context: string, ignore: DockerIgnore): number {
    const total = countFiles(context);
    const start = process.hrtime.bigint();
    const result = hashContext(context, ignore);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const skipped = total - result.filesHashed;
    console.log(`${label.padEnd(34)} ${String(total).padStart(7)} files  ${String(result.filesHashed).padStart(6)} hashed  ${String(skipped).padStart(7)} skipped  ${ms.toFixed(1).padStart(8)} ms`);
    return ms;
}

function generatedTree(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "todo-bench-"));
    const write = (rel: string, body: string): void => {
        const file = path.join(root, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, body);
    };
    // 5,000 source files in 50 folders, 45,000 dependency files in 900 packages.
    for (let i = 0; i < 5000; i++) {
        write(`src/mod${i % 50}/file${i}.ts`, `export const v${i} = ${i};\n`.repeat(20));
    }
    for (let i = 0; i < 45000; i++) {
        write(`node_modules/pkg${i % 900}/lib/file${i}.js`, `module.exports = ${i};\n`);
    }
    return root;
}

console.log("Content hash benchmark (files hashed / skipped, milliseconds)\n");
for (const service of ["backend", "frontend-web", "frontend-chatbot"]) {
    const context = path.join(ROOT, "apps", service);
    const dockerfile = path.join(ROOT, "docker", `${service}.Dockerfile`);
    if (fs.existsSync(context)) {
        time(`apps/${service}`, context, DockerIgnore.fromFile(ignoreFileFor(dockerfile, context)));
    }
}
const tree = generatedTree();
try {
    const ignore = new DockerIgnore(["node_modules", ".next", ".git", ".venv"]);
    time("generated (50,000 files)", tree, ignore); // warm-up: file-system caches
    const ms = time("generated (50,000 files), warm", tree, ignore);
    console.log(`\ntarget: under ${TARGET_MS} ms for the generated tree: ${ms < TARGET_MS ? "met" : "MISSED"}`);
    process.exitCode = ms < TARGET_MS ? 0 : 1;
} finally {
    fs.rmSync(tree, { recursive: true, force: true });
}
