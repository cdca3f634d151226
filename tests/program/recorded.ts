// What a program run under mocks registered (harness.ts records it), and the queries the
// tests make of it: resources by type, the Release's values as the provider would receive
// them, secret-marked values unwrapped.

export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export interface RecordedResource {
    readonly type: string;
    readonly name: string;
    /** Inputs as the engine would receive them; secrets are `{[SECRET_SIG_KEY]: SECRET_SIG, value}`. */
    readonly inputs: Record<string, unknown>;
    readonly provider?: string;
}

/** Strips secret markers: the value as the provider would see it. */
export function unwrapSecrets(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(unwrapSecrets);
    }
    if (value && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[SECRET_SIG_KEY] === SECRET_SIG) {
            return unwrapSecrets(obj.value);
        }
        return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}

export function byType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((r) => r.type === type);
}

/** The image-load commands (images-<service>-load), not the other local commands. */
export function loadCommands(resources: readonly RecordedResource[]): RecordedResource[] {
    return byType(resources, T.command).filter((r) => r.name.endsWith("-load"));
}

export function single(resources: readonly RecordedResource[], type: string): RecordedResource {
    const found = byType(resources, type);
    if (found.length !== 1) {
        throw new Error(`expected one ${type}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
    }
    return found[0];
}

export const T = {
    image: "docker:index/image:Image",
    dockerProvider: "pulumi:providers:docker",
    k8sProvider: "pulumi:providers:kubernetes",
    command: "command:local:Command",
    namespace: "kubernetes:core/v1:Namespace",
    secret: "kubernetes:core/v1:Secret",
    release: "kubernetes:helm.sh/v3:Release",
    password: "random:index/randomPassword:RandomPassword",
} as const;

/** The Release's values as the provider would receive them. */
export function releaseValuesOf(resources: readonly RecordedResource[]): ReleaseValues {
    return unwrapSecrets(single(resources, T.release).inputs.values) as ReleaseValues;
}

export interface ServiceValuesSeen {
    replicaCount: number;
    image: { repository: string; tag: string; pullPolicy: string };
    service: { type: string; port: number; nodePort: number | null };
    env: Record<string, string>;
    resources: { requests: Record<string, string>; limits: Record<string, string> };
    secretName?: string;
    autoscaling?: { enabled: boolean; minReplicas: number; maxReplicas: number; targetCPUUtilizationPercentage: number };
    writablePaths?: string[];
    nodeSelector?: Record<string, string>;
}

export interface ReleaseValues {
    global: { environment: string };
    chartChecksum: string;
    secrets: { name: string; managed: boolean };
    postgresql: { enabled: boolean; secretName?: string; tolerations?: unknown[] };
    backend: ServiceValuesSeen;
    frontendWeb: ServiceValuesSeen;
    frontendChatbot: ServiceValuesSeen;
    [key: string]: unknown;
}
