// Every stage's settings judged together: each problem is collected and reported in one
// ConfigError, naming the key, the bad value, what is allowed and the command that fixes it,
// before any resource exists. No Pulumi engine is involved, so the tests call it directly.
// The rules live with their stage; this file only orders them (the orchestration, like
// todoApp.ts for the components) and builds Settings.
import * as fs from "fs";
import * as path from "path";
import { clusterSettings } from "./cluster/clusterSettings";
import { ALL_KEYS, RawConfig, ValidationContext } from "./config/configKeys";
import { reportPlaintextSecrets } from "./config/plaintextSecrets";
import { ConfigError, nearest, Problems } from "./config/problems";
import { ENVIRONMENTS, LOG_LEVELS, Settings, TARGETS } from "./config/settings";
import { devModeSetting, devServices } from "./images/devMode";
import { imageSettings } from "./images/imageSettings";
import { validateServices } from "./images/validateServices";
import { releaseSettings } from "./release/releaseSettings";
import { validateExtraValues } from "./release/validateExtraValues";
import { allowedOrigins, validatePublic } from "./release/validatePublic";
import { validateSecrets } from "./secrets/validateSecrets";

export { ConfigError };
export type { RawConfig, ValidationContext };

/**
 * Validates raw stack config and returns typed, frozen settings, or throws one ConfigError
 * listing every problem. Each stage judges its own settings (cluster/clusterSettings.ts,
 * images/imageSettings.ts, images/validateServices.ts, images/devMode.ts, secrets/validateSecrets.ts,
 * release/releaseSettings.ts, release/validatePublic.ts, release/validateExtraValues.ts); this
 * orders them, in the order the problems are listed, and hands each what an earlier one decided.
 */
export function validateConfig(raw: RawConfig, ctx: ValidationContext): Settings {
    const p = new Problems(ctx.project);

    for (const key of ctx.configuredKeys ?? []) {
        if (!ALL_KEYS.includes(key)) {
            const near = nearest(key, ALL_KEYS);
            // The value is not shown: a misspelt secret key would print its secret.
            p.list.push(`${ctx.project}:${key}: is not a setting of this program. Fix: ${near ? `pulumi config rm ${key} and set ${near} instead` : `pulumi config rm ${key}`} (settings: Pulumi.yaml)`);
        }
    }

    // What every stage reads: the environment and the kind of cluster.
    const environment = p.oneOf("environment", p.string("environment", raw.environment, "dev") || "dev", ENVIRONMENTS);
    const targetKind = p.oneOf("target", p.string("target", raw.target, "minikube") || "minikube", TARGETS);
    const logLevel = p.oneOf("logLevel", p.string("logLevel", raw.logLevel, "info") || "info", LOG_LEVELS);
    const isProd = environment === "prod";

    const cluster = clusterSettings(raw, targetKind, isProd, p);
    const images = imageSettings(raw, targetKind, isProd, p);
    const publicSettings = validatePublic(raw, p, isProd, ctx.secrets.ingressTlsKey);
    const origins = allowedOrigins(raw, publicSettings, isProd, p);
    validateSecrets(ctx.secrets, { isProd, registryUsername: images.registryUsername, loadMode: images.loadMode }, p);
    reportPlaintextSecrets(ctx.plaintextSecrets ?? [], `Pulumi.${ctx.stack}.yaml`, p);
    const { sourceRoot, release, smokeDepth } = releaseSettings(raw, ctx, p);
    const readFile = ctx.readFile ?? ((f: string) => fs.readFileSync(f, "utf8"));
    const services = validateServices(raw, {
        isProd,
        projectRoot: ctx.projectRoot,
        sourceRoot,
        exists: ctx.exists,
        readFile: ctx.readFile,
        secretValues: Object.values(ctx.secrets).filter((s): s is string => typeof s === "string"),
    }, p);
    const devMode = devModeSetting(raw.devMode, { isProd, chartPath: release.chartPath, projectRoot: ctx.projectRoot, services, readFile }, p);
    const extraValues = validateExtraValues(raw.extraValues, { chartDir: path.resolve(ctx.projectRoot, release.chartPath), exists: ctx.exists, readFile: ctx.readFile }, p);

    if (p.list.length > 0) {
        throw new ConfigError(p.list, ctx.stack);
    }
    return deepFreeze({
        project: ctx.project,
        stack: ctx.stack,
        projectRoot: ctx.projectRoot,
        environment,
        cluster,
        images,
        release,
        sourceRoot,
        services: devMode ? devServices(services) : services,
        public: publicSettings,
        logLevel,
        allowedOrigins: origins,
        extraValues,
        smokeDepth,
        devMode,
    });
}

function deepFreeze<T>(value: T): T {
    if (value && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const child of Object.values(value as Record<string, unknown>)) {
            deepFreeze(child);
        }
    }
    return value;
}
