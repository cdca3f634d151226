// docs/EXISTING-REPO.md section 1's stack file, read from the page, on the fixture that stands
// for a real-world monorepo (tests/fixtures/nextjs-monorepo: Next.js with-docker Dockerfiles,
// its own chart): with sourceRoot and chartPath pointed at the fixture (the page says
// ../todo-monorepo), the program accepts it, builds the documented targets with the URL build
// args the with-docker builder stage declares, and renders the chart. The e2e stage deploys it.
import * as assert from "assert";
import { byType, fakeHost, ProgramFailed, runProgram, T, unwrapSecrets } from "../program/harness";
import { docStackConfig, NEXTJS_MONOREPO } from "./existingRepoDoc";

const SECRETS = { databaseUrl: "postgresql://todo:DOC-STACK-SECRET@neon.example.com/todo", betterAuthSecret: "DOC-STACK-SECRET-0123456789abcdefgh" };

/** Section 1's settings, the repository where this checkout keeps the fixture. */
function documented(): Record<string, unknown> {
    return { ...docStackConfig(), sourceRoot: NEXTJS_MONOREPO, chartPath: `${NEXTJS_MONOREPO}/helm-charts/todo-app` };
}

describe("docs/EXISTING-REPO.md section 1's stack file on a real-world monorepo", () => {
    it("is accepted: the with-docker runner target receives the args its builder stage declares, and the smoke depth is probes", async () => {
        const { resources, outputs } = await runProgram({ config: documented(), secrets: SECRETS, host: fakeHost() });
        const builds = Object.fromEntries(byType(resources, T.image).map((i) => [i.name, (unwrapSecrets(i.inputs) as { build: { target?: string; args?: Record<string, string> } }).build]));
        assert.strictEqual(builds["images-frontend-web"].target, "runner");
        assert.deepStrictEqual(builds["images-frontend-web"].args, { NEXT_PUBLIC_API_URL: "http://192.168.49.2:30002", NEXT_PUBLIC_BETTER_AUTH_URL: "http://192.168.49.2:30000" });
        assert.deepStrictEqual(builds["images-frontend-chatbot"].args, { VITE_API_URL: "http://192.168.49.2:30002" });
        assert.strictEqual(outputs.smokeDepth, "probes");
    });

    it("a build arg the with-docker builder stage does not declare is refused, quoting the line of the stage built", async () => {
        const config = documented();
        const builds = config.builds as Record<string, Record<string, unknown>>;
        const broken = { ...config, builds: { ...builds, frontendWeb: { ...builds.frontendWeb, args: { NEXT_PUBLIC_APP_URL: "{frontendWebUrl}" } } } };
        await assert.rejects(runProgram({ config: broken, secrets: SECRETS, host: fakeHost() }), (e: unknown) => {
            assert.ok(e instanceof ProgramFailed && e.resources.length === 0, String(e));
            assert.match(e.message, /builds\.frontendWeb\.args\.NEXT_PUBLIC_APP_URL = "\{frontendWebUrl\}": \S+frontend-web\.Dockerfile declares no ARG NEXT_PUBLIC_APP_URL in stage runner \(line \d+: FROM base AS runner\) and the stages it builds on/);
            assert.match(e.message, /it declares NEXT_PUBLIC_API_URL, NEXT_PUBLIC_BETTER_AUTH_URL/);
            return true;
        });
    });
});
