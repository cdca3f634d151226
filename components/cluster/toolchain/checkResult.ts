// What every toolchain check returns, and the one text helper the checks share.

export type CheckStatus = "ok" | "warn" | "fail";

export interface CheckResult {
    /** Short name, e.g. "docker" or "minikube 'dev'". */
    readonly name: string;
    readonly status: CheckStatus;
    /** What was found. */
    readonly detail: string;
    /** The exact fix, for "warn" and "fail". */
    readonly fix?: string;
}

/** The first non-empty line of a command's output, or the first that matches `pattern`. */
export function firstLine(text: string, pattern?: RegExp): string | undefined {
    return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .find((line) => line !== "" && (!pattern || pattern.test(line)));
}
