// The real Pulumi CLI and its plugins (not mocks) on this project's Pulumi.yaml and stack
// files, through the Automation API's inline mode on a file backend. The CLI validates config
// against the project's schema and encrypts secrets; the program then validates the rest. A
// valid stack must preview successfully (the plugins are required: ../shared/local-cluster/plugins
// installs them here); an invalid one must fail before any resource is registered.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EngineEvent, LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { loadConfig } from "../../components/config/loadConfig";
import { deployTodoApp } from "../../components/todoApp";
import { validateConfig } from "../../components/todoAppSettings";
import { assertPluginsInstalled } from "../e2e/engine";
import { copyProject, fakeHost, PROD_SECRETS, PROJECT_ROOT } from "../program/harness";

const CLI_ROOT = process.env.PULUMI_CLI_ROOT ?? path.join(os.homedir(), ".cache", "local-cluster");
interface PreviewOutcome {
    readonly ok: boolean;
    readonly message: string;
    /** Resource types the engine saw registered, besides the root Stack. */
    readonly registered: string[];
    /** Their URNs, in the same order. */
    readonly urns: string[];
}

/** The chain of parent types in a URN (`…::todo:index:TodoApp$todo:cluster:ClusterTarget::cluster`). */
function typeChain(urn: string): string {
    return urn.split("::")[2];
}

/** Reports what a valid preview registered. */
function reportValid(stack: string, outcome: PreviewOutcome): void {
    console.log(`      ${stack}: preview ${outcome.ok ? "succeeded" : "FAILED"}; registered ${outcome.registered.length} resources`);
}

/** A copy of the project (stack init and secret config write into the stack files). */
function workDir(): string {
    const dir = copyProject();
    for (const f of ["Pulumi.dev.yaml", "Pulumi.prod.yaml"]) {
        fs.copyFileSync(path.join(PROJECT_ROOT, f), path.join(dir, f));
    }
    return dir;
}

async function stackFor(name: string, dir: string): Promise<Stack> {
    const state = fs.mkdtempSync(path.join(os.tmpdir(), "todo-engine-state-"));
    const pulumiCommand = await PulumiCommand.get({ root: CLI_ROOT, skipVersionCheck: true });
    // The inline program is the one index.ts runs; the host answers minikube's questions
    // from captured output of a profile with Minikube's default runtime (containerd), since
    // there is no Minikube here. (A docker-runtime profile would configure the docker provider
    // with Minikube's TLS files, which only a real Minikube has.)
    const host = fakeHost({ "minikube profile list -o json": fs.readFileSync(path.join(PROJECT_ROOT, "tests", "program", "fixtures", "minikube-profile-list-containerd.json"), "utf8") });
    const program = async (): Promise<Record<string, unknown>> => ({ ...deployTodoApp(loadConfig(validateConfig, dir), host) });
    return LocalWorkspace.createOrSelectStack(
        { stackName: name, projectName: "todo-app", program },
        {
            workDir: dir,
            pulumiCommand,
            envVars: {
                PULUMI_BACKEND_URL: `file://${state}`,
                PULUMI_CONFIG_PASSPHRASE: "engine-test-passphrase",
                PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
                PULUMI_SKIP_UPDATE_CHECK: "true",
            },
        },
    );
}

async function preview(stack: Stack): Promise<PreviewOutcome> {
    const registered: string[] = [];
    const urns: string[] = [];
    const onEvent = (e: EngineEvent): void => {
        const metadata = e.resourcePreEvent?.metadata;
        if (metadata && metadata.type !== "pulumi:pulumi:Stack") {
            registered.push(metadata.type);
            urns.push(metadata.urn);
        }
    };
    try {
        await stack.preview({ onEvent });
        return { ok: true, message: "", registered, urns };
    } catch (e) {
        return { ok: false, message: String((e as Error).message), registered, urns };
    }
}

describe("the real Pulumi CLI on Pulumi.yaml and the stack files", function () {
    this.timeout(180_000);

    before(function () {
        if (!fs.existsSync(path.join(CLI_ROOT, "bin", "pulumi"))) {
            throw new Error(`No Pulumi CLI at ${CLI_ROOT}/bin/pulumi: run ../shared/local-cluster/setup, or set PULUMI_CLI_ROOT to a directory holding bin/pulumi`);
        }
        assertPluginsInstalled();
    });

    it("Pulumi.dev.yaml passes the CLI's and the program's validation", async () => {
        const outcome = await preview(await stackFor("dev", workDir()));
        reportValid("dev", outcome);
        assert.ok(outcome.ok, `the preview failed:\n${outcome.message}`);
        // One component parents the app: every resource but the engine's default providers.
        const outside = outcome.urns.filter((u) => !typeChain(u).startsWith("todo:index:TodoApp") && !/::pulumi:providers:[^:]+::default/.test(u));
        assert.deepStrictEqual(outside, [], "resources outside the TodoApp component");
        assert.ok(outcome.registered.includes("kubernetes:helm.sh/v3:Release"), outcome.registered.join(", "));
    });

    it("Pulumi.prod.yaml with its secrets set as secrets passes, and the secrets are encrypted in the stack file", async () => {
        const dir = workDir();
        const stack = await stackFor("prod", dir);
        for (const [key, value] of Object.entries(PROD_SECRETS)) {
            await stack.setConfig(`todo-app:${key}`, { value, secret: true });
        }
        const outcome = await preview(stack);
        reportValid("prod", outcome);
        assert.ok(outcome.ok, `the preview failed:\n${outcome.message}`);
        const file = fs.readFileSync(path.join(dir, "Pulumi.prod.yaml"), "utf8");
        for (const value of Object.values(PROD_SECRETS)) {
            assert.ok(!file.includes(value), "a secret is stored in plaintext in Pulumi.prod.yaml");
        }
        assert.match(file, /todo-app:databaseUrl:\s*\n\s*secure:/);
    });

    const bad: Array<[string, string, Record<string, string>, RegExp, Record<string, string>?]> = [
        ["a wrong type (the CLI's schema check)", "dev", { frontendWebNodePort: "thirty" }, /configuration key 'frontendWebNodePort' must be of type 'integer'/],
        ["an out-of-range NodePort", "dev", { frontendWebNodePort: "80" }, /todo-app:frontendWebNodePort = 80: must be in 30000-32767/],
        ["a duplicate NodePort", "dev", { frontendChatbotNodePort: "30000" }, /todo-app:frontendWebNodePort = 30000: is also used by todo-app:frontendChatbotNodePort/],
        ["an unknown image-load mode", "dev", { imageLoad: "scp" }, /todo-app:imageLoad = "scp": must be one of docker-env, minikube-image-load, kind-load, command, registry/],
        ["a misspelt key", "dev", { backendReplica: "3" }, /todo-app:backendReplica: is not a setting of this program\. Fix: pulumi config rm -s dev backendReplica and set backendReplicas instead/],
        ["a typo inside an object setting", "dev", { "resources.backend.limits.memroy": "1Gi" }, /todo-app:resources\.backend\.limits\.memroy = "1Gi": is not a setting of resources\.backend\.limits.*rename it to resources\.backend\.limits\.memory/],
        ["a short betterAuthSecret (a secret checked before any resource)", "dev", {}, /todo-app:betterAuthSecret = "<redacted>": must be at least 32 characters/, { betterAuthSecret: "short" }],
        ["a missing prod secret", "prod", {}, /todo-app:databaseUrl = "": a prod stack needs the external database/],
        ["replicas below the prod minimum", "prod", { backendReplicas: "1" }, /todo-app:backendReplicas = 1: must be an integer from 2 to 20 \(a prod stack runs at least 2/],
    ];
    for (const [what, stackName, config, message, secrets] of bad) {
        it(`${what} fails the preview naming the key, before any resource is registered`, async () => {
            const stack = await stackFor(stackName, workDir());
            for (const [key, value] of Object.entries(config)) {
                // A dotted key is set as `pulumi config set --path` does: inside an object setting.
                await stack.setConfig(`todo-app:${key}`, { value }, key.includes("."));
            }
            for (const [key, value] of Object.entries(secrets ?? {})) {
                await stack.setConfig(`todo-app:${key}`, { value, secret: true });
            }
            if (stackName === "prod" && !("databaseUrl" in config) && what !== "a missing prod secret") {
                for (const [key, value] of Object.entries(PROD_SECRETS)) {
                    await stack.setConfig(`todo-app:${key}`, { value, secret: true });
                }
            }
            const outcome = await preview(stack);
            assert.strictEqual(outcome.ok, false);
            assert.match(outcome.message, message);
            assert.deepStrictEqual(outcome.registered, [], "nothing may be registered");
        });
    }
});
