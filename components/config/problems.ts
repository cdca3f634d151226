// Collects configuration problems and reads raw values strictly. Each problem names the
// setting, the value as given, the rule, and the command that fixes it; a value that fails
// to parse is reported once and then treated as unset, so later rules don't pile on.

import * as pulumi from "@pulumi/pulumi";

/**
 * A pulumi.RunError: the CLI prints the message once and ends the run cleanly, with no
 * "unhandled exception" and no stack frames (the problems are the user's to fix, not a bug).
 */
export class ConfigError extends pulumi.RunError {
    readonly problems: readonly string[];

    constructor(problems: readonly string[], stack: string) {
        const named = problems.map((p) => withStackFlag(p, stack));
        super(
            `Invalid configuration for stack '${stack}' (${problems.length} problem${problems.length === 1 ? "" : "s"}); ` +
                `nothing was created or changed:\n` +
                named.map((p) => `  - ${p}`).join("\n"),
        );
        this.problems = named;
        this.name = "ConfigError";
    }
}

/**
 * Every `pulumi config` command in a fix names the stack: run on a machine where another stack
 * is selected, it would otherwise change that one. A command that names it already is kept.
 */
export function withStackFlag(text: string, stack: string): string {
    // A command runs to the next ")", ",", ";" or `pulumi config`, so "rm … and pulumi config set …" is two.
    return text.replace(/pulumi config (set|rm|get)\b((?:(?!pulumi config)[^),;])*)/g, (command: string, verb: string, rest: string) =>
        / -s \S/.test(rest) ? command : `pulumi config ${verb} -s ${stack}${rest}`,
    );
}

/** Shown instead of a value that is or may be secret. */
export const REDACTED = "<redacted>";

export class Problems {
    readonly list: string[] = [];

    constructor(readonly project: string) {}

    /** `<project>:<key> = <value>: <rule>. Fix: <fix>` */
    add(key: string, value: unknown, rule: string, fix: string): void {
        this.list.push(`${this.project}:${key} = ${JSON.stringify(value ?? "")}: ${rule}. Fix: ${fix}`);
    }

    /** A string setting; anything else is a problem (and reads as unset). */
    string(key: string, value: unknown, example: string): string | undefined {
        if (value === undefined || typeof value === "string") {
            return value;
        }
        this.add(key, value, "must be a string", set(key, example));
        return undefined;
    }

    /** An integer in [min, max], from a number or its decimal text: "600s" and "3 pods" are refused, not read as 600 and 3. */
    integer(key: string, value: unknown, min: number, max: number, example: number, why = ""): number | undefined {
        if (value === undefined) {
            return undefined;
        }
        const n = typeof value === "number" ? value : typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
        if (!Number.isInteger(n) || n < min || n > max) {
            // The CLI hands every value over as text: show "1" as 1, and "600s" as it was typed.
            const shown = typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
            this.add(key, shown, `must be an integer from ${min} to ${max}${why}`, set(key, example));
            return undefined;
        }
        return n;
    }

    boolean(key: string, value: unknown): boolean | undefined {
        if (value === undefined || typeof value === "boolean") {
            return value;
        }
        if (value === "true" || value === "false") {
            return value === "true";
        }
        this.add(key, value, "must be true or false", set(key, "true"));
        return undefined;
    }

    /** A YAML map (the CLI hands objects over as JSON text). */
    object(key: string, value: unknown): Record<string, unknown> {
        let parsed = value;
        if (typeof value === "string") {
            try {
                parsed = JSON.parse(value);
            } catch {
                parsed = value;
            }
        }
        if (parsed === undefined) {
            return {};
        }
        if (!isRecord(parsed)) {
            this.add(key, value, "must be a map", `set it in Pulumi.<stack>.yaml as a YAML map, or pulumi config set --path '${key}.<name>' <value>`);
            return {};
        }
        return parsed;
    }

    oneOf<T extends string>(key: string, value: string, allowed: readonly T[]): T {
        if (!(allowed as readonly string[]).includes(value)) {
            this.add(key, value, `must be one of ${allowed.join(", ")}`, set(key, allowed[0]));
        }
        return value as T;
    }

    /** Refuses keys of `obj` outside `allowed`, suggesting the nearest one (typos like `memroy`, `dockerFile`). */
    knownKeys(keyPrefix: string, obj: Readonly<Record<string, unknown>>, allowed: readonly string[]): void {
        for (const key of Object.keys(obj)) {
            if (!allowed.includes(key)) {
                const near = nearest(key, allowed);
                const fullKey = keyPrefix ? `${keyPrefix}.${key}` : key;
                this.add(
                    fullKey,
                    obj[key],
                    `is not a setting${keyPrefix ? ` of ${keyPrefix}` : ""}; allowed: ${allowed.join(", ")}`,
                    near ? `rename it to ${keyPrefix ? `${keyPrefix}.` : ""}${near}` : `remove it`,
                );
            }
        }
    }
}

export function set(key: string, example: string | number, secret = false): string {
    return `pulumi config set ${secret ? "--secret " : ""}${key} ${example}`;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The allowed name within edit distance 2 (or differing only in case), if any. */
export function nearest(name: string, allowed: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = 3;
    for (const candidate of allowed) {
        const d = candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, candidate);
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best;
}

function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return row[b.length];
}
