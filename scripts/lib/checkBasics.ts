// What every prerequisite check returns and reads, and the text helpers the checks share.

export type CheckStatus = "ok" | "warn" | "fail";

export interface CheckResult {
    /** Short name shown in the report's first column. */
    readonly name: string;
    readonly status: CheckStatus;
    /** What was found. */
    readonly detail: string;
    /** The exact fix, for "warn" and "fail". */
    readonly fix?: string;
}

/** The few stack settings the checks depend on, read from Pulumi.<stack>.yaml. */
export interface StackTarget {
    readonly stack: string;
    /** minikube, kind or context (Pulumi.yaml's default: minikube). */
    readonly target: string;
    readonly minikubeProfile: string;
    /** kind's cluster name and the kubeconfig context of target `context`, as configured. */
    readonly kindCluster: string;
    readonly kubeContext: string;
    /** As configured; "" means the program picks: registry when registry is set, else by the profile's runtime. */
    readonly imageLoad: string;
    readonly registry: string;
    /** The stack file's `secretsprovider`; "" means passphrase (the default for a self-managed backend). */
    readonly secretsProvider: string;
}

export interface PrerequisiteContext {
    readonly stack: StackTarget;
    /** process.versions.node, e.g. "22.12.0". */
    readonly nodeVersion: string;
    /** The state backend the run will use (PULUMI_BACKEND_URL or the project's file backend). */
    readonly backendUrl: string;
    /** The environment (for PULUMI_CONFIG_PASSPHRASE / PULUMI_CONFIG_PASSPHRASE_FILE). */
    readonly env: Readonly<Record<string, string | undefined>>;
}

export function firstLine(text: string, pattern?: RegExp): string | undefined {
    for (const line of text.split(/\r?\n/)) {
        const trimmed = line.trim();
        if (!trimmed) {
            continue;
        }
        if (!pattern) {
            return trimmed;
        }
        const m = pattern.exec(trimmed);
        if (m) {
            return trimmed;
        }
    }
    return undefined;
}
