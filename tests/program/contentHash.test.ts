// Content tags: .dockerignore semantics, no descent into excluded directories, and a tag that
// changes exactly when an input the image is built from changes.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { contentTag, hashContext, hashDirectory, ignoreFileFor, providerIgnoreAdvice } from "../../components/images/contentHash";
import { PROJECT_ROOT } from "./harness";
import { DockerIgnore } from "../../components/images/dockerignore";
// The CommonJS module object itself, so the test can watch which directories are listed.
import fsModule = require("fs");

function tree(files: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "todo-hash-"));
    for (const [rel, body] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), body);
    }
    return root;
}

describe("dockerignore rules", () => {
    const ignore = new DockerIgnore(["# comment", "node_modules", "**/__pycache__", "*.md", "!README.md", "/.git", "build/**", "tests/", "*.py[co]"]);
    const cases: Array<[string, boolean]> = [
        ["node_modules", true],
        ["node_modules/next/package.json", true],
        ["src/node_modules/x.js", false], // a bare name matches at the context root only
        ["app/__pycache__/main.cpython-313.pyc", true],
        ["__pycache__/x", true],
        ["CHANGELOG.md", true],
        ["README.md", false], // re-included by the exception
        ["docs/guide.md", false], // `*.md` does not cross directories
        [".git/HEAD", true],
        ["build/out.js", true],
        ["tests/test_api.py", true],
        ["app/main.pyc", false],
        ["main.pyc", true],
        ["app/main.py", false],
    ];
    for (const [p, excluded] of cases) {
        it(`${excluded ? "excludes" : "admits"} ${p}`, () => assert.strictEqual(ignore.isExcluded(p), excluded));
    }

    it("skips an excluded directory unless an exception reaches into it", () => {
        assert.strictEqual(ignore.canSkipDirectory("node_modules"), true);
        const withException = new DockerIgnore(["node_modules", "!node_modules/keep/**"]);
        assert.strictEqual(withException.canSkipDirectory("node_modules"), false);
        assert.strictEqual(withException.isExcluded("node_modules/keep/a.js"), false);
        assert.strictEqual(withException.isExcluded("node_modules/other/a.js"), true);
    });

    it("finds the Dockerfile's own ignore file before the context's", () => {
        const root = tree({ "docker/app.Dockerfile": "FROM x", "docker/app.Dockerfile.dockerignore": "*", "ctx/.dockerignore": "a", "ctx/a": "" });
        assert.strictEqual(ignoreFileFor(path.join(root, "docker/app.Dockerfile"), path.join(root, "ctx")), path.join(root, "docker/app.Dockerfile.dockerignore"));
        fs.rmSync(path.join(root, "docker/app.Dockerfile.dockerignore"));
        assert.strictEqual(ignoreFileFor(path.join(root, "docker/app.Dockerfile"), path.join(root, "ctx")), path.join(root, "ctx/.dockerignore"));
    });
});

describe("content hash", () => {
    it("never descends into excluded directories", () => {
        const root = tree({ "app.py": "print(1)", "node_modules/a/index.js": "x", "node_modules/b/c/d.js": "y", ".venv/bin/python": "z" });
        const read: string[] = [];
        const original = fsModule.readdirSync;
        (fsModule as { readdirSync: unknown }).readdirSync = (p: fs.PathLike, o: unknown) => {
            read.push(path.relative(root, String(p)));
            return (original as (p: fs.PathLike, o: unknown) => unknown)(p, o);
        };
        try {
            const result = hashContext(root, new DockerIgnore(["node_modules", ".venv"]));
            assert.strictEqual(result.filesHashed, 1);
            assert.strictEqual(result.directoriesSkipped, 2);
        } finally {
            (fsModule as { readdirSync: unknown }).readdirSync = original;
        }
        assert.deepStrictEqual(read, [""], "only the context root was listed");
    });

    it("gives the same tag for the same inputs, and a new one for each changed input", () => {
        const root = tree({ "Dockerfile": "FROM python:3.13-slim\nCOPY . /app\n", "Dockerfile.dockerignore": "*.log\n", "ctx/app.py": "print(1)\n", "ctx/debug.log": "noise" });
        const inputs = { context: path.join(root, "ctx"), dockerfile: path.join(root, "Dockerfile"), args: { A: "1" } };
        const tag = contentTag(inputs);
        assert.match(tag, /^[0-9a-f]{16}$/);
        assert.strictEqual(contentTag({ ...inputs }), tag, "deterministic");

        fs.writeFileSync(path.join(root, "ctx/debug.log"), "more noise");
        assert.strictEqual(contentTag(inputs), tag, "an ignored file does not change the tag");

        const changes: Array<[string, () => string]> = [
            ["a source file", () => (fs.writeFileSync(path.join(root, "ctx/app.py"), "print(2)\n"), contentTag(inputs))],
            ["a new file", () => (fs.writeFileSync(path.join(root, "ctx/new.py"), ""), contentTag(inputs))],
            ["the Dockerfile", () => (fs.appendFileSync(path.join(root, "Dockerfile"), "USER 10001\n"), contentTag(inputs))],
            ["a build arg", () => contentTag({ ...inputs, args: { A: "2" } })],
            ["the target", () => contentTag({ ...inputs, target: "runtime" })],
            ["the executable bit", () => (fs.chmodSync(path.join(root, "ctx/app.py"), 0o755), contentTag(inputs))],
        ];
        const seen = new Set([tag]);
        for (const [what, change] of changes) {
            const next = change();
            assert.ok(!seen.has(next), `changing ${what} must change the tag`);
            seen.add(next);
        }
    });

    it("hashes the chart directory so that a template edit changes it", () => {
        const root = tree({ "Chart.yaml": "name: x\nversion: 0.1.0\n", "templates/a.yaml": "kind: A\n" });
        const before = hashDirectory(root);
        assert.strictEqual(hashDirectory(root), before);
        fs.writeFileSync(path.join(root, "templates/a.yaml"), "kind: B\n");
        assert.notStrictEqual(hashDirectory(root), before);
    });

    it("@pulumi/docker reads the same ignore rules as BuildKit for every service (symlinked into each context)", () => {
        for (const service of ["backend", "frontend-web", "frontend-chatbot"]) {
            const dockerfile = path.join(PROJECT_ROOT, "docker", `${service}.Dockerfile`);
            assert.strictEqual(providerIgnoreAdvice(dockerfile, path.join(PROJECT_ROOT, "apps", service)), undefined, service);
        }
        const root = tree({ "docker/app.Dockerfile": "FROM x", "docker/app.Dockerfile.dockerignore": "node_modules", "ctx/a": "" });
        assert.match(String(providerIgnoreAdvice(path.join(root, "docker/app.Dockerfile"), path.join(root, "ctx"))), /Fix: ln -s \.\.\/docker\/app\.Dockerfile\.dockerignore/);
    });
});
