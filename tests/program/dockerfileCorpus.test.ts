// Every form real Dockerfiles take (tests/fixtures/dockerfiles: Next.js standalone with --from
// beside --chown/--chmod/--link in every order, pnpm/yarn/npm, FastAPI with uv/poetry/pip,
// global ARGs, --platform, BuildKit mounts, heredocs, continuations, the escape directive,
// lowercase instructions, ONBUILD, multi-target files) read by the program's one Dockerfile
// reader (components/shared/dockerfileFacts.ts) exactly as BuildKit's own parser reads it:
// expected.json is what tests/tools/dockerfile-facts (BuildKit v0.34.2) prints, and this test
// runs that tool too, so the expectation is Docker's, not ours.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runCommand } from "../../components/shared/commandRunner";
import { DockerfileFacts, dockerfileFacts } from "../../components/shared/dockerfileFacts";
import { PROJECT_ROOT } from "./harness";

const CORPUS = path.join(PROJECT_ROOT, "tests", "fixtures", "dockerfiles");
const EXPECTED = JSON.parse(fs.readFileSync(path.join(CORPUS, "expected.json"), "utf8")) as Record<string, DockerfileFacts>;
const FILES = fs.readdirSync(CORPUS).filter((f) => f.endsWith(".Dockerfile")).sort();

describe("Dockerfile corpus: the program reads every form as BuildKit does", () => {
    it("has at least 30 Dockerfiles, each with an expected result", () => {
        assert.ok(FILES.length >= 30, `only ${FILES.length} Dockerfiles`);
        assert.deepStrictEqual(Object.keys(EXPECTED).sort(), FILES);
    });

    for (const file of FILES) {
        it(`${file}: stages, and per target the build args, USER and ports`, () => {
            assert.deepStrictEqual(dockerfileFacts(fs.readFileSync(path.join(CORPUS, file), "utf8")), EXPECTED[file]);
        });
    }

    it("BuildKit's own parser reads the corpus as expected.json says (tests/tools/dockerfile-facts)", () => {
        const tool = path.join(PROJECT_ROOT, ".tools", "bin", "dockerfile-facts");
        assert.ok(fs.existsSync(tool), `${tool} is missing. Fix: bash scripts/test-tools.sh (builds it from the Go module proxy)`);
        const r = runCommand(tool, FILES.map((f) => path.join(CORPUS, f)));
        assert.strictEqual(r.code, 0, r.stderr);
        assert.deepStrictEqual(JSON.parse(r.stdout), EXPECTED);
    });
});
