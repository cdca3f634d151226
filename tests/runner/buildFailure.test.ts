// What `npm run up` prints when an image build fails, from BuildKit's own output: the log in
// tests/fixtures/buildkit was captured from Docker 20.10's BuildKit building
// failing-run.Dockerfile (a RUN that prints a known message and exits 3). The e2e stage
// (tests/e2e/nextjsMonorepo.test.ts) checks the same through a real failing `npm run up`.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { explainBuild, failedStep, ImageBuild, imageBuildOf, reproduceCommand, stepLine, TAIL_LINES } from "../../scripts/lib/buildFailure";
import { PROJECT_ROOT } from "../program/harness";

const FIXTURES = path.join(PROJECT_ROOT, "tests", "fixtures", "buildkit");
const LOG = fs.readFileSync(path.join(FIXTURES, "failing-run.log"), "utf8");
const DOCKERFILE = fs.readFileSync(path.join(FIXTURES, "failing-run.Dockerfile"), "utf8");
const BUILD: ImageBuild = {
    resource: "todo-app-images-backend",
    imageName: "todo-backend:0123456789abcdef",
    context: "tests/fixtures/buildkit",
    dockerfile: "tests/fixtures/buildkit/failing-run.Dockerfile",
    target: "runtime",
    args: { NEXT_PUBLIC_API_URL: "http://127.0.0.1:30002" },
};

describe("a failed image build, explained", () => {
    it("finds the failing step, its error and its output in BuildKit's plain progress", () => {
        assert.deepStrictEqual(failedStep(LOG), {
            title: `[build 3/3] RUN echo "collecting fastapi" &&     echo "ERROR: No matching distribution found for fastapi==0.0.0" >&2 && exit 3`,
            error: `executor failed running [/bin/sh -c echo "collecting fastapi" &&     echo "ERROR: No matching distribution found for fastapi==0.0.0" >&2 && exit 3]: exit code: 3`,
            output: ["ERROR: No matching distribution found for fastapi==0.0.0", "collecting fastapi"],
        });
    });

    it("maps the step to its Dockerfile line: a named stage over a continuation, a one-stage build with escapes", () => {
        assert.strictEqual(stepLine(DOCKERFILE, failedStep(LOG)!.title), 3);
        const oneStage = 'FROM python:3.13-slim\nWORKDIR /app\nRUN python -c "import sys; print(\\"boom\\"); sys.exit(2)"\n';
        assert.strictEqual(stepLine(oneStage, '[3/3] RUN python -c "import sys; print("boom"); sys.exit(2)"'), 3);
        assert.strictEqual(stepLine(oneStage, "[other 2/3] WORKDIR /app"), undefined, "no such stage");
    });

    it("says image, Dockerfile:line, the step's output and the command that reproduces it", () => {
        const text = explainBuild(BUILD, { code: 1, stdout: "", stderr: LOG }, DOCKERFILE);
        assert.strictEqual(
            text,
            [
                `Image todo-backend:0123456789abcdef (todo-app-images-backend) failed to build at tests/fixtures/buildkit/failing-run.Dockerfile:3: RUN echo "collecting fastapi" && \\`,
                `  executor failed running [/bin/sh -c echo "collecting fastapi" &&     echo "ERROR: No matching distribution found for fastapi==0.0.0" >&2 && exit 3]: exit code: 3`,
                "  The step's last 2 lines of output:",
                "    ERROR: No matching distribution found for fastapi==0.0.0",
                "    collecting fastapi",
                "Reproduce it alone: DOCKER_BUILDKIT=1 docker build --progress=plain -f tests/fixtures/buildkit/failing-run.Dockerfile --target runtime --build-arg NEXT_PUBLIC_API_URL=http://127.0.0.1:30002 -t todo-backend:0123456789abcdef tests/fixtures/buildkit",
            ].join("\n"),
        );
    });

    it("keeps only the step's last 30 lines; a build that passes when rerun is called transient", () => {
        const noisy = [...Array.from({ length: 50 }, (_, i) => `#9 1.${i} line ${i}`), "#9 [build 2/2] RUN make", "#9 ERROR: exit code: 2"].join("\n");
        const step = failedStep(noisy)!;
        assert.strictEqual(step.output.length, TAIL_LINES);
        assert.strictEqual(step.output[0], "line 20");
        assert.match(explainBuild(BUILD, { code: 0, stdout: "", stderr: "" }, DOCKERFILE), /succeeded when run again: a transient failure/);
    });

    it("reads a docker.Image's build inputs from the engine's event, and quotes what a shell would split", () => {
        const build = imageBuildOf("docker:index/image:Image", "urn:pulumi:dev::todo-app::todo:app:TodoApp$todo:images:Images$docker:index/image:Image::todo-app-images-backend", {
            imageName: "todo-backend:0123456789abcdef",
            build: { context: "apps/backend", dockerfile: "docker/backend.Dockerfile", args: { GREETING: "hello world" } },
        });
        assert.deepStrictEqual(build, { resource: "todo-app-images-backend", imageName: "todo-backend:0123456789abcdef", context: "apps/backend", dockerfile: "docker/backend.Dockerfile", target: undefined, args: { GREETING: "hello world" }, platform: undefined });
        assert.match(reproduceCommand(build!), / --build-arg 'GREETING=hello world' /);
        assert.strictEqual(imageBuildOf("kubernetes:core/v1:Secret", "urn", {}), undefined);
    });
});
