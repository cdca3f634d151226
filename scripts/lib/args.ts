// Command lines of scripts/run.ts and scripts/smoke.ts, parsed without a dependency.

export const RUN_COMMANDS = ["up", "preview", "destroy", "check"] as const;
export type RunCommand = (typeof RUN_COMMANDS)[number];

export interface RunArgs {
    readonly command: RunCommand;
    readonly stack: string;
    /** destroy: confirms destroying a stack other than dev. */
    readonly yes: boolean;
    /** up: do not run the smoke test afterwards. */
    readonly skipSmoke: boolean;
    /** preview: the git ref whose chart the object diff uses when the cluster can't be asked. */
    readonly baseRef?: string;
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

export const RUN_USAGE = `usage: npm run up|preview|destroy [-- --stack <name>] [--yes] [--skip-smoke] [--base-ref <ref>]
       ts-node scripts/run.ts check [--stack <name>]      (prerequisites only)
  -s, --stack <name>  stack to use (default: dev; its settings are in Pulumi.<name>.yaml)
  --yes               destroy: required for any stack other than dev
  --skip-smoke        up: skip the smoke test after the update
  --base-ref <ref>    preview: without a reachable cluster, diff the Release's objects against
                      the chart at this git ref (e.g. origin/main)`;

export const SMOKE_USAGE = `usage: npm run smoke [-- --stack <name>] [--timeout <seconds>] [--browser]
       npm run smoke -- --web <url> --chatbot <url> [--backend <url>] [--timeout <seconds>] [--browser]
  -s, --stack <name>  read the URLs from this stack's outputs (default: dev)
  --web, --chatbot    frontend-web and frontend-chatbot URLs (instead of a stack's outputs)
  --backend <url>     the backend's public URL, if it has one (checks /health and /ready)
  --timeout <seconds> total deadline, retries included (default: 180)
  --browser           also open both UIs in a headless Chromium: add, complete and delete a
                      todo in the web UI, check the chatbot (screenshots in .smoke-output/)`;

export class UsageError extends Error {}

type Flags = Map<string, string | true>;

/** `--name value`, `--name=value`, `-s value` and bare `--flag`; positionals in order. */
function parse(argv: readonly string[], valued: readonly string[], aliases: Readonly<Record<string, string>>): { flags: Flags; positionals: string[] } {
    const flags: Flags = new Map();
    const positionals: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (!arg.startsWith("-")) {
            positionals.push(arg);
            continue;
        }
        const [rawName, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
        const name = aliases[rawName] ?? rawName.replace(/^--?/, "");
        if (valued.includes(name)) {
            const value = inline ?? argv[++i];
            if (value === undefined || value === "" || (inline === undefined && value.startsWith("-"))) {
                throw new UsageError(`${rawName} needs a value`);
            }
            flags.set(name, value);
        } else {
            flags.set(name, true);
        }
    }
    return { flags, positionals };
}

function known(flags: Flags, allowed: readonly string[]): void {
    const unknown = [...flags.keys()].filter((k) => !allowed.includes(k));
    if (unknown.length > 0) {
        throw new UsageError(`unknown option${unknown.length === 1 ? "" : "s"}: ${unknown.map((k) => `--${k}`).join(", ")}`);
    }
}

function stackName(flags: Flags): string {
    const stack = (flags.get("stack") as string | undefined) ?? "dev";
    if (!/^[A-Za-z0-9_.-]+$/.test(stack)) {
        throw new UsageError(`stack name '${stack}' may only hold letters, digits, '_', '.' and '-'`);
    }
    return stack;
}

export function parseRunArgs(argv: readonly string[]): RunArgs {
    const { flags, positionals } = parse(argv, ["stack", "base-ref"], { "-s": "stack" });
    known(flags, ["stack", "yes", "skip-smoke", "base-ref"]);
    const [command, ...extra] = positionals;
    if (!(RUN_COMMANDS as readonly string[]).includes(command ?? "")) {
        throw new UsageError(`expected one of ${RUN_COMMANDS.join(", ")}, got '${command ?? ""}'`);
    }
    if (extra.length > 0) {
        throw new UsageError(`unexpected argument${extra.length === 1 ? "" : "s"}: ${extra.join(" ")}`);
    }
    const baseRef = flags.get("base-ref") as string | undefined;
    return { command: command as RunCommand, stack: stackName(flags), yes: flags.has("yes"), skipSmoke: flags.has("skip-smoke"), ...(baseRef ? { baseRef } : {}) };
}

export function parseSmokeArgs(argv: readonly string[]): SmokeArgs {
    const { flags, positionals } = parse(argv, ["stack", "web", "chatbot", "backend", "timeout"], { "-s": "stack" });
    known(flags, ["stack", "web", "chatbot", "backend", "timeout", "browser"]);
    if (positionals.length > 0) {
        throw new UsageError(`unexpected argument${positionals.length === 1 ? "" : "s"}: ${positionals.join(" ")}`);
    }
    const web = flags.get("web") as string | undefined;
    const chatbot = flags.get("chatbot") as string | undefined;
    const backend = flags.get("backend") as string | undefined;
    if ((web === undefined) !== (chatbot === undefined) || (backend !== undefined && web === undefined)) {
        throw new UsageError("give --web and --chatbot together (and --backend only with them), or none of them to read a stack's outputs");
    }
    if (flags.has("stack") && web !== undefined) {
        throw new UsageError("give either --stack or the URLs, not both");
    }
    for (const [name, url] of [["web", web], ["chatbot", chatbot], ["backend", backend]] as const) {
        if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) {
            throw new UsageError(`--${name} must be an http(s) URL, got '${url}'`);
        }
    }
    const timeoutText = (flags.get("timeout") as string | undefined) ?? "180";
    const timeoutSeconds = Number(timeoutText);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
        throw new UsageError(`--timeout must be a positive number of seconds, got '${timeoutText}'`);
    }
    return { stack: stackName(flags), web, chatbot, backend, timeoutSeconds, browser: flags.has("browser") };
}
