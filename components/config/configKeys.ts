// Every stack setting the program reads, declared once: its Pulumi.yaml type, or that it is a
// secret. loadConfig.ts reads exactly these keys, validation refuses any other key under the
// project's namespace, and tests/program/configKeys.test.ts ties this table to Pulumi.yaml.

export type ConfigType = "string" | "integer" | "boolean" | "object";

/** Plain settings, with the type Pulumi.yaml declares for each. */
export const PLAIN_KEYS = {
    environment: "string",
    target: "string",
    minikubeProfile: "string",
    minikubeAddons: "string",
    minikubeAddonImages: "object",
    kindCluster: "string",
    kubeContext: "string",
    imageLoad: "string",
    imageLoadCommand: "string",
    imagePlatform: "string",
    registry: "string",
    registryUsername: "string",
    nodeAddress: "string",
    publicUrl: "string",
    chatbotPublicUrl: "string",
    ingressClassName: "string",
    ingressTlsSecret: "string",
    ingressTlsCertificate: "string",
    buildOnPreview: "boolean",
    devMode: "boolean",
    sourceRoot: "string",
    chartPath: "string",
    releaseName: "string",
    podSecurityLevel: "string",
    smokeDepth: "string",
    namespace: "string",
    releaseTimeoutSeconds: "integer",
    releaseHistory: "integer",
    logLevel: "string",
    allowedOrigins: "string",
    backendReplicas: "integer",
    frontendWebReplicas: "integer",
    frontendChatbotReplicas: "integer",
    backendNodePort: "integer",
    frontendWebNodePort: "integer",
    frontendChatbotNodePort: "integer",
    resources: "object",
    builds: "object",
    extraValues: "object",
} as const satisfies Record<string, ConfigType>;

export type PlainKey = keyof typeof PLAIN_KEYS;

/**
 * Set per stack with `pulumi config set --secret`; not declared in Pulumi.yaml, because a
 * declared key without a default is required on every stack, and a default would make
 * "unset" (generate one / in-cluster database) indistinguishable from "set".
 */
export const SECRET_KEYS = ["databaseUrl", "betterAuthSecret", "openaiApiKey", "registryPassword", "ingressTlsKey"] as const;

export type SecretKey = (typeof SECRET_KEYS)[number];

/** Stack config as read: each plain key's raw value (a string from the CLI, or already typed in tests). */
export type RawConfig = { readonly [K in PlainKey]?: unknown };

/** The decrypted secret values, for validation only: they never enter Settings, a message or a log. */
export type SecretValues = { readonly [K in SecretKey]?: string };

export const ALL_KEYS: readonly string[] = [...Object.keys(PLAIN_KEYS), ...SECRET_KEYS];

/** What every stage's validation gets besides the raw values: where the project is, the secrets for checking, the file system. */
export interface ValidationContext {
    readonly project: string;
    readonly stack: string;
    readonly projectRoot: string;
    /** Decrypted secrets, for the checks only: never copied into Settings or a message. */
    readonly secrets: SecretValues;
    /** Every key set under the project's namespace in the stack, to catch typos like `backendReplica`. */
    readonly configuredKeys?: readonly string[];
    /** Secret keys the stack file holds in plaintext (plaintextSecrets.ts). */
    readonly plaintextSecrets?: readonly SecretKey[];
    readonly exists: (absolutePath: string) => boolean;
    /** Reads the chart's values.schema.json; defaults to fs. */
    readonly readFile?: (absolutePath: string) => string;
}
