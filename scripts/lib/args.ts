// Command lines of scripts/run.ts and scripts/smoke.ts, parsed with node:util parseArgs.
import { parseArgs, ParseArgsConfig } from "node:util";

export const RUN_COMMANDS = ["up", "preview", "destroy", "check"] as const;
export type RunCommand = (typeof RUN_COMMANDS)[number];

export interface RunArgs {
    readonly command: RunCommand;
    readonly stack: string;
    /** destroy: confirms destroying a stack other than dev. */
    readonly yes: boolean;
    /** up: do not run the smoke test afterwards. */
    readonly skipSmoke: boolean;
}

export interface SmokeArgs {
    readonly stack: string;
    readonly web?: string;
    readonly chatbot?: string;
    readonly backend?: string;
    /** Total deadline in seconds. */
    readonly timeoutSeconds: number;
    /** Also run the page checks in a real headless browser. */
    readonly browser: boolean;
}

export const RUN_USAGE = `usage: npm run up|preview|destroy [-- --stack <name>] [--yes] [--skip-smoke]
       ts-node scripts/run.ts check [--stack <name>]      (prerequisites only)
  -s, --stack <name>  stack to use (default: dev; its settings are in Pulumi.<name>.yaml)
  --yes               destroy: required for any stack other than dev
  --skip-smoke        up: skip the smoke test after the update`;

export const SMOKE_USAGE = `usage: npm run smoke [-- --stack <name>] [--timeout <seconds>] [--browser]
       npm run smoke -- --web <url> --chatbot <url> [--backend <url>] [--timeout <seconds>] [--browser]
  -s, --stack <name>  read the URLs from this stack's outputs (default: dev)
  --web, --chatbot    frontend-web and frontend-chatbot URLs (instead of a stack's outputs)
  --backend <url>     the backend's public URL, if it has one (checks /health and /ready)
  --timeout <seconds> total deadline, retries included (default: 60)
  --browser           also open both UIs in a headless Chromium: add, complete and delete a
                      todo in the web UI, check the chatbot (screenshots in .smoke-output/)`;

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig["options"]>;
type Values = Readonly<Record<string, string | boolean | undefined>>;

/**
 * `--name value`, `--name=value`, `-s value` and bare `--flag`, positionals in order: node's own
 * parseArgs, strict, with its errors reworded as usage errors that name the option.
 */
function parse(argv: readonly string[], options: Options): { values: Values; positionals: string[] } {
    try {
        const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
        return { values: values as Values, positionals };
    } catch (e) {
        const err = e as Error & { code?: string };
        const option = /'([^' ]+)/.exec(err.message)?.[1] ?? "";
        if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
            throw new UsageError(`unknown option: ${option}`);
        }
        if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
            // "Option '-s, --stack <value>' argument missing": the option typed last has no value.
            const typed = [...argv].reverse().find((a) => a.startsWith("-")) ?? option;
            throw new UsageError(`${typed} needs a value`);
        }
        throw new UsageError(err.message);
    }
}

function stackName(values: Values): string {
    const stack = (values.stack as string | undefined) ?? "dev";
    if (!/^[A-Za-z0-9_.-]+$/.test(stack)) {
        throw new UsageError(`stack name '${stack}' may only hold letters, digits, '_', '.' and '-'`);
    }
    return stack;
}

export function parseRunArgs(argv: readonly string[]): RunArgs {
    const { values, positionals } = parse(argv, {
        stack: { type: "string", short: "s" },
        yes: { type: "boolean" },
        "skip-smoke": { type: "boolean" },
    });
    const [command, ...extra] = positionals;
    if (!(RUN_COMMANDS as readonly string[]).includes(command ?? "")) {
        throw new UsageError(`expected one of ${RUN_COMMANDS.join(", ")}, got '${command ?? ""}'`);
    }
    if (extra.length > 0) {
        throw new UsageError(`unexpected argument${extra.length === 1 ? "" : "s"}: ${extra.join(" ")}`);
    }
    return { command: command as RunCommand, stack: stackName(values), yes: values.yes === true, skipSmoke: values["skip-smoke"] === true };
}

export function parseSmokeArgs(argv: readonly string[]): SmokeArgs {
    const { values, positionals } = parse(argv, {
        stack: { type: "string", short: "s" },
        web: { type: "string" },
        chatbot: { type: "string" },
        backend: { type: "string" },
        timeout: { type: "string" },
        browser: { type: "boolean" },
    });
    if (positionals.length > 0) {
        throw new UsageError(`unexpected argument${positionals.length === 1 ? "" : "s"}: ${positionals.join(" ")}`);
    }
    const web = values.web as string | undefined;
    const chatbot = values.chatbot as string | undefined;
    const backend = values.backend as string | undefined;
    if ((web === undefined) !== (chatbot === undefined) || (backend !== undefined && web === undefined)) {
        throw new UsageError("give --web and --chatbot together (and --backend only with them), or none of them to read a stack's outputs");
    }
    if (values.stack !== undefined && web !== undefined) {
        throw new UsageError("give either --stack or the URLs, not both");
    }
    for (const [name, url] of [["web", web], ["chatbot", chatbot], ["backend", backend]] as const) {
        if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) {
            throw new UsageError(`--${name} must be an http(s) URL, got '${url}'`);
        }
    }
    const timeoutText = (values.timeout as string | undefined) ?? "60";
    const timeoutSeconds = Number(timeoutText);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
        throw new UsageError(`--timeout must be a positive number of seconds, got '${timeoutText}'`);
    }
    return { stack: stackName(values), web, chatbot, backend, timeoutSeconds, browser: values.browser === true };
}
