// The one place that reads stack config. Every key in configKeys.ts is read once, as the raw
// text the CLI hands the program, and validated together (../todoAppSettings.ts), so every problem is
// reported at once with the setting, the value and the fix, before any resource exists.
// Secrets leave here only as Pulumi secret Outputs; their plaintext is used for the checks
// alone (length, scheme, not pasted into a build arg) and never enters Settings or a message.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { PLAIN_KEYS, PlainKey, RawConfig, SECRET_KEYS, SecretKey, ValidationContext } from "./configKeys";
import { plaintextSecretKeys } from "./plaintextSecrets";
import { Settings } from "./settings";

/** Judges the raw values, every stage's rules at once (components/todoAppSettings.ts), or throws one ConfigError. */
export type ValidateSettings = (raw: RawConfig, ctx: ValidationContext) => Settings;

export type StackSecrets = { readonly [K in SecretKey]?: pulumi.Output<string> };

export interface TodoConfig {
    readonly settings: Settings;
    readonly secrets: StackSecrets;
    /** Plaintext of the secrets the plan must try before any resource (the registry login); never stored or printed. */
    readonly forChecks: { readonly registryPassword?: string };
}

/**
 * Reads and validates the stack's config. Throws one ConfigError listing every problem
 * before any resource is registered. `projectRoot` is the directory holding Pulumi.yaml.
 */
export function loadConfig(validate: ValidateSettings, projectRoot: string = process.cwd()): TodoConfig {
    const config = new pulumi.Config();
    const project = pulumi.getProject();
    // Raw text, not getNumber/getBoolean/getObject: those throw on the first bad value with
    // a bare message ("'3 pods'" even passes getNumber as 3); validation parses strictly.
    const raw = Object.fromEntries((Object.keys(PLAIN_KEYS) as PlainKey[]).map((key) => [key, config.get(key)])) as RawConfig;
    const secretValues: { [K in SecretKey]?: string } = {};
    const secrets: Partial<Record<SecretKey, pulumi.Output<string>>> = {};
    for (const key of SECRET_KEYS) {
        const value = config.get(key);
        if (value !== undefined) {
            secretValues[key] = value;
            secrets[key] = config.requireSecret(key);
        }
    }
    const prefix = `${project}:`;
    const configuredKeys = Object.keys(pulumi.runtime.allConfig())
        .filter((k) => k.startsWith(prefix))
        .map((k) => k.slice(prefix.length));

    const stack = pulumi.getStack();
    const stackFile = path.join(projectRoot, `Pulumi.${stack}.yaml`);
    const settings = validate(raw, {
        project,
        stack,
        projectRoot,
        secrets: secretValues,
        configuredKeys,
        plaintextSecrets: fs.existsSync(stackFile) ? plaintextSecretKeys(fs.readFileSync(stackFile, "utf8"), project) : [],
        exists: fs.existsSync,
    });
    return { settings, secrets, forChecks: { registryPassword: secretValues.registryPassword } };
}
