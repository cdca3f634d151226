// `npm run smoke [-- --stack dev]` or `npm run smoke -- --web URL --chatbot URL [--backend URL]`:
// the smoke test of a deployed Todo app (scripts/lib/smoke.ts); with --browser, also the page
// checks in a headless Chromium (scripts/lib/browserChecks.ts). Exit 0 when every check
// passes, 1 when one fails, 2 on a usage or setup error.
import * as fs from "fs";
import * as path from "path";
import { parseSmokeArgs, SMOKE_USAGE, UsageError } from "./lib/args";
import { checkChatbot, checkWebUi, launchBrowser } from "./lib/browserChecks";
import { SmokeTargets } from "./lib/smoke";
import { runSmokeAndPrint, targetsFromOutputs } from "./lib/smokeReport";
import { openStack, plainOutputs, pulumiErrorLine, resolveBackend } from "./lib/stack";

async function targetsFromStack(stackName: string): Promise<SmokeTargets> {
    const backend = resolveBackend(process.env);
    let outputs: Record<string, unknown>;
    try {
        const stack = await openStack(stackName, { create: false, backend });
        outputs = plainOutputs(await stack.outputs());
    } catch (e) {
        throw new Error(
            `could not read the outputs of stack '${stackName}' from ${backend.url}: ${pulumiErrorLine(e)}\n` +
                `  Deployed? npm run up -- --stack ${stackName}. Passphrase set? export PULUMI_CONFIG_PASSPHRASE=... ` +
                `Or give the URLs: npm run smoke -- --web <url> --chatbot <url>`,
        );
    }
    const { targets, problems } = targetsFromOutputs(outputs);
    if (!targets) {
        throw new Error(`stack '${stackName}' gives no usable URLs:\n  - ${problems.join("\n  - ")}\n  Then: npm run smoke -- --web <url> --chatbot <url>`);
    }
    return targets;
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
    let targets: SmokeTargets;
    try {
        targets = args.web !== undefined && args.chatbot !== undefined
            ? { web: args.web, chatbot: args.chatbot, backend: args.backend }
            : await targetsFromStack(args.stack);
    } catch (e) {
        process.stderr.write(`smoke: ${(e as Error).message}\n`);
        return 2;
    }
    const ok = await runSmokeAndPrint(targets, args.timeoutSeconds * 1000, (t) => process.stdout.write(t));
    if (!ok || !args.browser) {
        return ok ? 0 : 1;
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
