// Machine-independent inputs: the same commit checked out in two different directories (a
// developer's and a PR runner's) registers identical inputs for every resource, so
// `pulumi preview` on the runner shows no phantom change.
import * as assert from "assert";
import * as path from "path";
import { isDeepStrictEqual } from "util";
import { byType, copyProject, fakeHost, PROD_CONFIG, PROD_SECRETS, RecordedResource, runProgram, T } from "./harness";

function differing(a: readonly RecordedResource[], b: readonly RecordedResource[]): string[] {
    assert.deepStrictEqual(b.map((r) => `${r.type} ${r.name}`), a.map((r) => `${r.type} ${r.name}`), "same resources");
    return a.filter((r, i) => !isDeepStrictEqual(r.inputs, b[i].inputs)).map((r) => `${r.type} ${r.name}`);
}

describe("two checkouts, identical inputs", () => {
    for (const [label, opts] of [
        ["dev (docker-env)", { stack: "dev" }],
        ["dev (containerd: load commands)", { stack: "dev", config: { imageLoad: "minikube-image-load" } }],
        ["prod", { stack: "prod", config: PROD_CONFIG, secrets: PROD_SECRETS }],
    ] as const) {
        it(`${label}: every resource's inputs are the same from two checkout paths`, async () => {
            const [first, second] = [copyProject(), copyProject()];
            assert.notStrictEqual(first, second);
            const a = await runProgram({ ...opts, projectRoot: first, host: fakeHost() });
            const b = await runProgram({ ...opts, projectRoot: second, host: fakeHost() });
            assert.deepStrictEqual(differing(a.resources, b.resources), []);
            for (const image of byType(a.resources, T.image)) {
                const build = image.inputs.build as { context: string; dockerfile: string };
                assert.ok(!path.isAbsolute(build.context) && !path.isAbsolute(build.dockerfile), `${image.name}: relative paths (${build.context}, ${build.dockerfile})`);
                assert.ok(!build.context.includes(first) && !build.dockerfile.includes(first));
            }
            assert.deepStrictEqual(a.outputs, b.outputs);
        });
    }

    it("the build paths are relative to the project, as the docker provider resolves them (its working directory)", async () => {
        const { resources } = await runProgram();
        const builds = Object.fromEntries(byType(resources, T.image).map((i) => [i.name, i.inputs.build as { context: string; dockerfile: string }]));
        const { context, dockerfile } = builds["images-backend"];
        assert.deepStrictEqual({ context, dockerfile }, { context: "apps/backend", dockerfile: "docker/backend.Dockerfile" });
        assert.strictEqual(builds["images-frontend-web"].context, "apps/frontend-web");
    });
});
