// The one place that reads stack config. Plain keys are read with their typed getters and
// validated together (see validation.ts); secrets are read only with getSecret and stay
// Pulumi secret Outputs from here to the Kubernetes Secret.
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { RawConfig, validateConfig } from "./validation";
import { SecretPresence, Settings } from "./settings";

export interface StackSecrets {
    /** External PostgreSQL URL; unset in dev means the chart's in-cluster PostgreSQL. */
    readonly databaseUrl?: pulumi.Output<string>;
    /** Session signing key; generated with @pulumi/random when unset (dev only). */
    readonly betterAuthSecret?: pulumi.Output<string>;
    /** Absent: the chatbot answers that chat is disabled. */
    readonly openaiApiKey?: pulumi.Output<string>;
    /** Password or token for `registry`. */
    readonly registryPassword?: pulumi.Output<string>;
}

export interface TodoConfig {
    readonly settings: Settings;
    readonly secrets: StackSecrets;
}

/**
 * Reads and validates the stack's config. Throws one error listing every problem before
 * any resource is registered. `projectRoot` is the directory holding Pulumi.yaml.
 */
export function loadConfig(projectRoot: string = process.cwd()): TodoConfig {
    const config = new pulumi.Config();
    const readProblems: string[] = [];
    // The SDK's typed getters throw on the first bad value; collect instead, so that every
    // problem is reported at once.
    const typed = <T>(read: () => T | undefined): T | undefined => {
        try {
            return read();
        } catch (e) {
            readProblems.push((e as Error).message);
            return undefined;
        }
    };
    const str = (key: string): string | undefined => typed(() => config.get(key));
    const num = (key: string): number | undefined => typed(() => config.getNumber(key));
    const obj = (key: string): unknown => typed(() => config.getObject<unknown>(key));

    const raw: RawConfig = {
        environment: str("environment"),
        target: str("target"),
        minikubeProfile: str("minikubeProfile"),
        kindCluster: str("kindCluster"),
        kubeContext: str("kubeContext"),
        imageLoad: str("imageLoad"),
        imageLoadCommand: str("imageLoadCommand"),
        registry: str("registry"),
        registryUsername: str("registryUsername"),
        nodeAddress: str("nodeAddress"),
        sourceRoot: str("sourceRoot"),
        chartPath: str("chartPath"),
        releaseName: str("releaseName"),
        namespace: str("namespace"),
        releaseTimeoutSeconds: num("releaseTimeoutSeconds"),
        releaseHistory: num("releaseHistory"),
        buildOnPreview: typed(() => config.getBoolean("buildOnPreview")),
        logLevel: str("logLevel"),
        allowedOrigins: str("allowedOrigins"),
        backendReplicas: num("backendReplicas"),
        frontendWebReplicas: num("frontendWebReplicas"),
        frontendChatbotReplicas: num("frontendChatbotReplicas"),
        backendNodePort: num("backendNodePort"),
        frontendWebNodePort: num("frontendWebNodePort"),
        frontendChatbotNodePort: num("frontendChatbotNodePort"),
        resources: obj("resources"),
        builds: obj("builds"),
        extraValues: obj("extraValues"),
    };

    const secrets: StackSecrets = {
        databaseUrl: config.getSecret("databaseUrl"),
        betterAuthSecret: config.getSecret("betterAuthSecret"),
        openaiApiKey: config.getSecret("openaiApiKey"),
        registryPassword: config.getSecret("registryPassword"),
    };
    const secretsSet: SecretPresence = {
        databaseUrl: secrets.databaseUrl !== undefined,
        betterAuthSecret: secrets.betterAuthSecret !== undefined,
        openaiApiKey: secrets.openaiApiKey !== undefined,
        registryPassword: secrets.registryPassword !== undefined,
    };

    const settings = validateConfig(raw, {
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        projectRoot,
        secretsSet,
        readProblems,
        exists: fs.existsSync,
    });
    return { settings, secrets };
}
