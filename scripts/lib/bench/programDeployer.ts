// The benchmark's "this program" side: a stack of this project (in a scratch copy) driven by
// the Automation API exactly as `npm run up` drives it, on the local cluster.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Stack } from "@pulumi/pulumi/automation";
import { healthUrls, waitServing } from "../serving";
import { runSmoke } from "../smoke";
import { openStack, plainOutputs, setStackConfig } from "../stack";
import { UpdateProgress } from "../updateProgress";
import { Deployer, EDITED_FILES, editLine, pythonEditLine, timed, Timing } from "./deployer";

export const BENCH_ENV = { PULUMI_CONFIG_PASSPHRASE: "bench-passphrase", PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true" };

export class ProgramDeployer implements Deployer {
    readonly label = "this program (pulumi up)";
    private edits = 0;
    private outputs: Record<string, unknown> = {};

    private constructor(private readonly stack: Stack, readonly projectDir: string, readonly backendUrl: string) {}

    static async create(projectDir: string, stackName: string, config: Readonly<Record<string, unknown>>): Promise<ProgramDeployer> {
        const backendUrl = `file://${fs.mkdtempSync(path.join(os.tmpdir(), "todo-bench-state-"))}`;
        const stack = await openStack(stackName, { create: true, backend: { url: backendUrl, local: false }, projectRoot: projectDir, envVars: BENCH_ENV });
        await setStackConfig(stack, config);
        return new ProgramDeployer(stack, projectDir, backendUrl);
    }

    async coldDeploy(): Promise<Timing> {
        const [seconds, phases] = await timed(async () => {
            const phases = await this.upUntilServing();
            const smoke = await runSmoke({ web: String(this.outputs.frontendWebUrl), chatbot: String(this.outputs.frontendChatbotUrl) });
            if (!smoke.ok) {
                throw new Error(`smoke test failed after the cold deploy: ${JSON.stringify(smoke.checks.filter((c) => c.status === "FAIL"))}`);
            }
            return phases;
        });
        return { seconds, phases };
    }

    async rerun(): Promise<Timing> {
        return this.measure(() => undefined);
    }

    async editBackend(): Promise<Timing> {
        return this.measure(() => fs.appendFileSync(path.join(this.projectDir, ...EDITED_FILES.backend), pythonEditLine(++this.edits)));
    }

    async editFrontend(): Promise<Timing> {
        return this.measure(() => fs.appendFileSync(path.join(this.projectDir, ...EDITED_FILES.frontendWeb), editLine(++this.edits)));
    }

    async rotateSecret(): Promise<Timing> {
        return this.measure(() => this.stack.setConfig("todo-app:betterAuthSecret", { value: `bench-rotated-${Date.now()}-0123456789abcdef0123`, secret: true }));
    }

    /** The deployed image refs, by image name (backend, frontend-web, frontend-chatbot). */
    async imageRefs(): Promise<Record<string, string>> {
        const refs = (await this.stack.outputs()).images.value as Record<string, string>;
        return { backend: refs.backend, "frontend-web": refs.frontendWeb, "frontend-chatbot": refs.frontendChatbot };
    }

    async teardown(): Promise<void> {
        await this.stack.destroy();
    }

    private async measure(change: () => unknown): Promise<Timing> {
        await change();
        const [seconds, phases] = await timed(() => this.upUntilServing());
        return { seconds, phases };
    }

    /** One `pulumi up`, then until the URLs serve; the seconds of each phase. */
    private async upUntilServing(): Promise<Record<string, number>> {
        const progress = new UpdateProgress(() => undefined);
        const [engine, result] = await timed(() => this.stack.up({ onEvent: progress.onEvent }));
        this.outputs = plainOutputs(result.outputs);
        const [serve, serving] = await timed(() => waitServing(healthUrls(this.outputs), 120_000));
        if (!serving) {
            throw new Error("the app did not serve within 120 s of the update");
        }
        const byPhase = progress.secondsByPhase();
        const steps = byPhase.build + byPhase.load + byPhase.secret + byPhase.release;
        return { ...byPhase, "engine (program, diff, other)": Math.max(0, engine - steps), serve };
    }
}
