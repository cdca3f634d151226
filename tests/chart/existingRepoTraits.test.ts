// Issue 23: what stood between a real existing repository and a running app, each checked on the
// fixture that has the same traits (tests/fixtures/existing-repo/README.md): a chart Pod Security
// "restricted" refuses, a Secret key the chart requires, a build arg the Dockerfile does not
// declare, and the backend's own origin key.
import * as assert from "assert";
import * as path from "path";
import { byType, fakeHost, PROJECT_ROOT, ProgramFailed, releaseValuesOf, runProgram, single, T, unwrapSecrets } from "../program/harness";
import { EXISTING_REPO_CONFIG } from "./existingRepoConfig";
import { Manifest, ofKind, render } from "./helm";

const CHART = EXISTING_REPO_CONFIG.chartPath;
const SECRETS = { databaseUrl: "postgresql://todo:EXISTING-REPO-SECRET@neon.example.com/todo", betterAuthSecret: "EXISTING-REPO-SECRET-0123456789abcdef" };

/** Asserts the run fails before any resource is registered, with every fragment in its message. */
async function refusedBeforeAnyResource(config: Record<string, unknown>, fragments: readonly (string | RegExp)[]): Promise<string> {
    let message = "";
    await assert.rejects(runProgram({ config, secrets: SECRETS }), (e: unknown) => {
        assert.ok(e instanceof ProgramFailed, String(e));
        assert.strictEqual(e.resources.length, 0, `registered: ${e.resources.map((r) => r.type).join(", ")}`);
        message = e.message;
        return true;
    });
    for (const f of fragments) {
        typeof f === "string" ? assert.ok(message.includes(f), `missing ${JSON.stringify(f)} in:\n${message}`) : assert.match(message, f);
    }
    return message;
}

describe("an existing repository's traits, caught before anything is created", () => {
    it("1. a chart whose pods the namespace's Pod Security level refuses fails at once, naming workload, fields and both fixes", async () => {
        const message = await refusedBeforeAnyResource({ ...EXISTING_REPO_CONFIG, podSecurityLevel: "restricted" }, [
            `chart ${CHART}: Deployment todo-app-backend would be rejected by the namespace's Pod Security level "restricted"`,
            `Deployment todo-app-frontend-web`,
            `Deployment todo-app-frontend-chatbot`,
            `container "backend": securityContext.allowPrivilegeEscalation, securityContext.seccompProfile.type, securityContext.capabilities.drop`,
            "in the chart's template set allowPrivilegeEscalation: false",
            "pulumi config set -s dev podSecurityLevel baseline",
        ]);
        assert.strictEqual(message.split("\n").filter((l) => l.includes("would be rejected by the namespace's Pod Security level")).length, 3, "one problem per refused Deployment, all at once");
        // At the level the chart fits, the namespace enforces exactly that level.
        const { resources } = await runProgram({ config: EXISTING_REPO_CONFIG, secrets: SECRETS });
        const labels = (byType(resources, T.namespace)[0].inputs.metadata as { labels: Record<string, string> }).labels;
        assert.strictEqual(labels["pod-security.kubernetes.io/enforce"], "baseline");
    });

    it("2. a Secret key a pod requires is written empty when its setting is unset, with a warning naming the setting", async () => {
        const backendSecret = async (secrets: Record<string, string>): Promise<{ data: Record<string, string>; warnings: string[] }> => {
            const { resources, warnings } = await runProgram({ config: EXISTING_REPO_CONFIG, secrets });
            const secret = byType(resources, T.secret).find((r) => r.name === "secrets-backend")!;
            return { data: unwrapSecrets(secret.inputs.stringData) as Record<string, string>, warnings };
        };
        const unset = await backendSecret(SECRETS);
        assert.strictEqual(unset.data.OPENAI_API_KEY, "", "their chatbot reads it from secrets.name (the backend's Secret) without optional");
        assert.ok(unset.warnings.some((w) => /Deployment todo-app-frontend-chatbot container "frontend-chatbot" \(env OPENAI_API_KEY\) requires key OPENAI_API_KEY of the Secret secrets\.name.*pulumi config set --secret openaiApiKey/.test(w)), unset.warnings.join("\n"));
        const set = await backendSecret({ ...SECRETS, openaiApiKey: "sk-EXISTING-REPO-SECRET" });
        assert.strictEqual(set.data.OPENAI_API_KEY, "sk-EXISTING-REPO-SECRET");
        assert.ok(!set.warnings.some((w) => w.includes("OPENAI_API_KEY")));
        // Our own chart reads its Secrets with envFrom only: nothing is required, nothing added.
        const ours = await runProgram({ config: {}, secrets: {} });
        const chatbot = byType(ours.resources, T.secret).find((r) => r.name === "secrets-frontend-chatbot")!;
        assert.strictEqual(chatbot.inputs.stringData, undefined);
    });

    it("3. a build arg the Dockerfile does not declare is a config problem listing the args it does declare", async () => {
        const builds = { ...EXISTING_REPO_CONFIG.builds, frontendChatbot: { ...EXISTING_REPO_CONFIG.builds.frontendChatbot, args: { NEXT_PUBLIC_API_URL: "{backendPublicUrl}" } } };
        await refusedBeforeAnyResource({ ...EXISTING_REPO_CONFIG, builds }, [
            `builds.frontendChatbot.args.NEXT_PUBLIC_API_URL = "{backendPublicUrl}": ${path.posix.join(EXISTING_REPO_CONFIG.sourceRoot, "docker/frontend-chatbot.Dockerfile")} declares no ARG NEXT_PUBLIC_API_URL`,
            "it declares VITE_API_URL",
            "pulumi config rm -s dev --path 'builds.frontendChatbot.args.NEXT_PUBLIC_API_URL' and pulumi config set -s dev --path 'builds.frontendChatbot.args.VITE_API_URL' '{backendPublicUrl}'",
        ]);
        const web = { ...EXISTING_REPO_CONFIG.builds.frontendWeb, target: "runtim" };
        await refusedBeforeAnyResource({ ...EXISTING_REPO_CONFIG, builds: { ...EXISTING_REPO_CONFIG.builds, frontendWeb: web } }, [
            /builds\.frontendWeb\.target = "runtim": is not a stage of .*frontend-web\.Dockerfile \(stages: build, runtime\)/,
        ]);
    });

    it("4. the origin key their backend reads (FRONTEND_URL) gets the web UI's URL; extraValues still wins", async () => {
        const backendConfig = async (config: Record<string, unknown>): Promise<{ data: Record<string, string>; web: string }> => {
            const { resources, outputs } = await runProgram({ config, secrets: SECRETS, host: fakeHost() });
            const release = single(resources, T.release).inputs;
            const manifests = render({ chart: path.resolve(PROJECT_ROOT, CHART), values: releaseValuesOf(resources), release: "todo-app", namespace: String(release.namespace) });
            const cm = ofKind<Manifest & { data: Record<string, string> }>(manifests, "ConfigMap").find((c) => c.metadata.name === "todo-app-backend-config")!;
            return { data: cm.data, web: String(outputs.frontendWebUrl) };
        };
        const filled = await backendConfig(EXISTING_REPO_CONFIG);
        assert.strictEqual(filled.data.FRONTEND_URL, filled.web);
        assert.notStrictEqual(filled.web, "http://192.168.49.2:3000", "the chart's default is not the web UI's URL here");
        const byHand = await backendConfig({ ...EXISTING_REPO_CONFIG, extraValues: { backend: { env: { FRONTEND_URL: "https://todo.example.com" } } } });
        assert.strictEqual(byHand.data.FRONTEND_URL, "https://todo.example.com");
    });
});
