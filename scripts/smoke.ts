// `npm run smoke [-- --stack dev]` or `npm run smoke -- --web URL --chatbot URL [--backend URL]`:
// the smoke test of a deployed Todo app (scripts/lib/smoke.ts). Exit 0 when every check
// passes, 1 when one fails, 2 on a usage or setup error.
import { parseSmokeArgs, SMOKE_USAGE, UsageError } from "./lib/args";
import { runSmokeAndPrint, SmokeTargets, targetsFromOutputs } from "./lib/smoke";
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
    return ok ? 0 : 1;
}

main().then(
    (code) => process.exit(code),
    (e: unknown) => {
        process.stderr.write(`smoke: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
        process.exit(2);
    },
);
