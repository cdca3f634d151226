// `npm run smoke [-- --stack dev]` or `npm run smoke -- --web URL --chatbot URL [--backend URL]`:
// the smoke test of a deployed stack at its smokeDepth (scripts/lib/smokeDeployed.ts), or of
// the Todo app at the URLs given (scripts/lib/smoke.ts); with --browser, also the page
// checks in a headless Chromium (scripts/lib/browserChecks.ts). Exit 0 when every check
// passes, 1 when one fails, 2 on a usage or setup error.
import * as fs from "fs";
import * as path from "path";
import { parseSmokeArgs, SMOKE_USAGE, UsageError } from "./lib/args";
import { checkChatbot, checkWebUi, launchBrowser } from "./lib/browserChecks";
import { SmokeTargets } from "./lib/smoke";
import { systemRunner } from "../components/shared/commandRunner";
import { smokeDeployed, smokeDepthOf } from "./lib/smokeDeployed";
import { runSmokeAndPrint, targetsFromOutputs } from "./lib/smokeReport";
import { openStack, plainOutputs, pulumiErrorLine, resolveBackend } from "./lib/stack";

async function stackOutputs(stackName: string): Promise<Record<string, unknown>> {
    const backend = resolveBackend(process.env);
    try {
        const stack = await openStack(stackName, { create: false, backend });
        return plainOutputs(await stack.outputs());
    } catch (e) {
        throw new Error(
            `could not read the outputs of stack '${stackName}' from ${backend.url}: ${pulumiErrorLine(e)}\n` +
                `  Deployed? npm run up -- --stack ${stackName}. Passphrase set? export PULUMI_CONFIG_PASSPHRASE=... ` +
                `Or give the URLs: npm run smoke -- --web <url> --chatbot <url>`,
        );
    }
}

async function main(): Promise<number> {
    let args;
    try {
        args = parseSmokeArgs(process.argv.slice(2));
    } catch (e) {
        if (e instanceof UsageError) {
            process.stderr.write(`smoke: ${e.message}\n${SMOKE_USAGE}\n`);
            return 2;
        }
        throw e;
    }
    const write = (t: string): void => void process.stdout.write(t);
    const deadlineMs = args.timeoutSeconds * 1000;
    let targets: SmokeTargets | undefined;
    if (args.web !== undefined && args.chatbot !== undefined) {
        targets = { web: args.web, chatbot: args.chatbot, backend: args.backend };
        if (!(await runSmokeAndPrint(targets, deadlineMs, write))) return 1;
    } else {
        let outputs: Record<string, unknown>;
        try {
            outputs = await stackOutputs(args.stack);
        } catch (e) {
            process.stderr.write(`smoke: ${(e as Error).message}\n`);
            return 2;
        }
        // The stack's own depth: full for this project's chart, probes for any other.
        if (!(await smokeDeployed({ stack: args.stack, outputs, deadlineMs, run: systemRunner(), write }))) return 1;
        targets = smokeDepthOf(outputs) === "full" ? targetsFromOutputs(outputs).targets : undefined;
    }
    if (!args.browser) {
        return 0;
    }
    if (targets === undefined) {
        process.stderr.write("smoke: --browser checks this project's own UIs; this stack's smokeDepth is not full\n");
        return 2;
    }
    return (await browserSmoke(targets)) ? 0 : 1;
}

/** The page checks in a real headless browser; prints each step and where the screenshots are. */
async function browserSmoke(targets: SmokeTargets): Promise<boolean> {
    const shots = path.resolve(".smoke-output", "screenshots");
    fs.rmSync(shots, { recursive: true, force: true });
    const chatEnabled = ((await (await fetch(`${targets.chatbot.replace(/\/$/, "")}/api/health`)).json()) as { chatEnabled?: boolean }).chatEnabled === true;
    const browser = await launchBrowser();
    try {
        const web = await checkWebUi(browser, targets.web, shots);
        const chat = await checkChatbot(browser, targets.chatbot, shots, { chatEnabled, todoCount: web.todosAtLoad });
        for (const s of [...web.steps, ...chat]) {
            process.stdout.write(`browser: PASS ${s.ui}: ${s.step} (${(s.ms / 1000).toFixed(1)} s)\n`);
        }
        process.stdout.write(`browser: PASSED; screenshots in ${shots}\n`);
        return true;
    } catch (e) {
        process.stdout.write(`browser: FAIL ${(e as Error).message}\nbrowser: screenshots in ${shots}\n`);
        return false;
    } finally {
        await browser.close();
    }
}

main().then(
    (code) => process.exit(code),
    (e: unknown) => {
        process.stderr.write(`smoke: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
        process.exit(2);
    },
);
