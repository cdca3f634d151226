// Pure validation of a stack's raw configuration: every problem is collected and reported in
// one ConfigError, naming the key, the bad value, what is allowed and the command that fixes
// it. No Pulumi engine is involved, so the tests call it directly. Services, secrets and
// extraValues have files of their own; this one orders the checks and builds Settings.
import { parseMinikubeAddonImages, parseMinikubeAddons } from "./validateAddons";
import * as fs from "fs";
import * as path from "path";
import { devServices, validateDevMode } from "./devMode";
import { ALL_KEYS, RawConfig, SecretKey, SecretValues } from "./configKeys";
import { reportPlaintextSecrets } from "./plaintextSecrets";
import { ConfigError, nearest, Problems, set } from "./problems";
import { validateExtraValues } from "./validateExtraValues";
import { ORIGIN, validatePublic } from "./validatePublic";
import { validateSecrets } from "./validateSecrets";
import { projectRelative, validateServices } from "./validateServices";
import {
    ENVIRONMENTS, IMAGE_LOAD_MODES, ImageLoadMode, LOG_LEVELS, OWN_CHART, POD_SECURITY_LEVELS,
    Settings, SERVICE_DIRS, SMOKE_DEPTHS, TARGETS, TargetKind,
} from "./settings";

export { ConfigError };
export type { RawConfig };

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

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const HOST_OR_IP = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$|^\[?[0-9a-fA-F:]+\]?$/;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/v[0-9]+)?$/;

/** Validates raw stack config and returns typed, frozen settings, or throws one ConfigError listing every problem. */
export function validateConfig(raw: RawConfig, ctx: ValidationContext): Settings {
    const p = new Problems(ctx.project);

    for (const key of ctx.configuredKeys ?? []) {
        if (!ALL_KEYS.includes(key)) {
            const near = nearest(key, ALL_KEYS);
            // The value is not shown: a misspelt secret key would print its secret.
            p.list.push(`${ctx.project}:${key}: is not a setting of this program. Fix: ${near ? `pulumi config rm ${key} and set ${near} instead` : `pulumi config rm ${key}`} (settings: Pulumi.yaml)`);
        }
    }

    // --- environment, cluster target: always an explicit context, never the current one ---
    const environment = p.oneOf("environment", p.string("environment", raw.environment, "dev") || "dev", ENVIRONMENTS);
    const targetKind = p.oneOf("target", p.string("target", raw.target, "minikube") || "minikube", TARGETS);
    const logLevel = p.oneOf("logLevel", p.string("logLevel", raw.logLevel, "info") || "info", LOG_LEVELS);
    const isProd = environment === "prod";
    const minikubeProfile = p.string("minikubeProfile", raw.minikubeProfile, "minikube") || "minikube";
    const kindCluster = p.string("kindCluster", raw.kindCluster, "kind") || "kind";
    const minikubeAddons = parseMinikubeAddons(p, raw.minikubeAddons);
    const minikubeAddonImages = parseMinikubeAddonImages(p, raw.minikubeAddonImages, minikubeAddons);
    const configuredContext = p.string("kubeContext", raw.kubeContext, "my-cluster") ?? "";
    const kubeContext = targetKind === "minikube" ? minikubeProfile : targetKind === "kind" ? `kind-${kindCluster}` : configuredContext;
    if (targetKind === "context" && !kubeContext) {
        p.add("kubeContext", configuredContext, "target 'context' needs the kubeconfig context to deploy to (the current context is never used)", set("kubeContext", "my-cluster"));
    }
    if (targetKind !== "context" && configuredContext && configuredContext !== kubeContext) {
        p.add("kubeContext", configuredContext, `target '${targetKind}' pins its own context '${kubeContext}'`, `pulumi config rm kubeContext, or set target to 'context'`);
    }
    if (isProd && targetKind !== "context") {
        p.add("target", targetKind, "a prod stack deploys to a named kubeconfig context, not a local cluster", `${set("target", "context")} && ${set("kubeContext", "prod-cluster")}`);
    }
    const nodeAddress = p.string("nodeAddress", raw.nodeAddress, "192.168.49.2") || undefined;
    if (nodeAddress && !HOST_OR_IP.test(nodeAddress)) {
        p.add("nodeAddress", nodeAddress, "must be a host name or IP address without scheme or port", set("nodeAddress", "192.168.49.2"));
    }

    // --- images ------------------------------------------------------------------------------
    const registry = p.string("registry", raw.registry, "ghcr.io/acme") ?? "";
    const imageLoad = p.string("imageLoad", raw.imageLoad, "minikube-image-load") ?? "";
    const loadMode = imageLoad
        ? p.oneOf("imageLoad", imageLoad, IMAGE_LOAD_MODES)
        : defaultLoadMode(targetKind, registry !== "" || isProd);
    const loadTargets: Readonly<Record<ImageLoadMode, readonly TargetKind[]>> = {
        "docker-env": ["minikube"],
        "minikube-image-load": ["minikube"],
        "kind-load": ["kind"],
        command: ["minikube", "kind", "context"],
        registry: ["minikube", "kind", "context"],
    };
    if (loadMode && IMAGE_LOAD_MODES.includes(loadMode) && !loadTargets[loadMode].includes(targetKind)) {
        p.add("imageLoad", loadMode, `only works with target ${loadTargets[loadMode].join(" or ")}, not '${targetKind}'`, `pulumi config rm imageLoad (the default follows the target)`);
    }
    const loadCommand = p.string("imageLoadCommand", raw.imageLoadCommand, "'k3d image import -c dev {image}'") ?? "";
    if (loadMode === "command" && !loadCommand.includes("{image}")) {
        p.add("imageLoadCommand", loadCommand, "imageLoad 'command' needs a command template containing {image}", set("imageLoadCommand", "'k3d image import -c dev {image}'"));
    }
    if (loadMode === "registry" && !registry) {
        p.add("registry", registry, "imageLoad 'registry' needs a registry to push to", set("registry", "ghcr.io/acme"));
    }
    if (registry && (/^[a-z]+:\/\//i.test(registry) || /:[^/]*$/.test(registry.replace(/^[^/]*/, "")) || registry.endsWith("/") || /\s/.test(registry))) {
        p.add("registry", registry, "must be a registry host with optional path, without scheme, tag or trailing slash", set("registry", "ghcr.io/acme"));
    }
    if (isProd && loadMode !== "registry") {
        p.add("imageLoad", loadMode, "a prod stack pushes its images to a registry", set("registry", "ghcr.io/acme"));
    }
    const registryUsername = p.string("registryUsername", raw.registryUsername, "ci-bot") || undefined;
    const platform = (p.string("imagePlatform", raw.imagePlatform, "linux/amd64") || (isProd ? "linux/amd64" : "")) || undefined;
    if (platform && !PLATFORM.test(platform)) {
        p.add("imagePlatform", platform, "must be one os/arch platform such as linux/amd64 or linux/arm64", set("imagePlatform", "linux/amd64"));
    }
    const buildOnPreview = p.boolean("buildOnPreview", raw.buildOnPreview) ?? false;

    // --- where people reach the app ------------------------------------------------------------
    const publicSettings = validatePublic(raw, p, isProd, ctx.secrets.ingressTlsKey);
    const originsText = p.string("allowedOrigins", raw.allowedOrigins, "https://todo.example.com") ?? "";
    const configuredOrigins = originsText.split(",").map((o) => o.trim()).filter((o) => o !== "");
    for (const origin of configuredOrigins) {
        if (origin !== "*" && !ORIGIN.test(origin.replace(/\/$/, ""))) {
            p.add("allowedOrigins", originsText, `'${origin}' is not an origin (scheme://host[:port], no path)`, set("allowedOrigins", "https://todo.example.com,https://chat.todo.example.com"));
        }
    }
    const allowedOrigins = configuredOrigins.length > 0
        ? configuredOrigins.map((o) => o.replace(/\/$/, ""))
        : [publicSettings.frontendWebUrl, publicSettings.frontendChatbotUrl].filter((u): u is string => u !== undefined);
    if (isProd && (allowedOrigins.length === 0 || allowedOrigins.includes("*"))) {
        p.add("allowedOrigins", originsText, "a prod stack lists its CORS origins explicitly (no '*'), or sets publicUrl", set("allowedOrigins", "https://todo.example.com"));
    }

    // --- secrets ----------------------------------------------------------------------------------
    validateSecrets(ctx.secrets, { isProd, registryUsername, loadMode }, p);
    reportPlaintextSecrets(ctx.plaintextSecrets ?? [], `Pulumi.${ctx.stack}.yaml`, p);

    // --- paths -------------------------------------------------------------------------------
    const abs = (rel: string): string => path.resolve(ctx.projectRoot, rel);
    const sourceRootSetting = p.string("sourceRoot", raw.sourceRoot, "../todo-monorepo") || "apps";
    const sourceRoot = abs(sourceRootSetting);
    const missingDirs = Object.values(SERVICE_DIRS).filter((d) => !ctx.exists(path.join(sourceRoot, d)));
    if (missingDirs.length > 0) {
        p.add("sourceRoot", sourceRootSetting, `must hold ${Object.values(SERVICE_DIRS).map((d) => d + "/").join(", ")}; missing in ${sourceRoot}: ${missingDirs.join(", ")}`, set("sourceRoot", "../todo-monorepo"));
    }
    const chartSetting = p.string("chartPath", raw.chartPath, OWN_CHART) || OWN_CHART;
    const chartPath = projectRelative(ctx.projectRoot, abs(chartSetting));
    if (!ctx.exists(path.join(abs(chartPath), "Chart.yaml"))) {
        p.add("chartPath", chartSetting, `must be a chart directory holding Chart.yaml (looked in ${abs(chartPath)})`, set("chartPath", "../todo-monorepo/helm-charts/todo-app"));
    }

    // --- release -----------------------------------------------------------------------------
    const releaseName = p.string("releaseName", raw.releaseName, "todo-app") || "todo-app";
    if (!DNS_LABEL.test(releaseName) || releaseName.length > 53) {
        p.add("releaseName", releaseName, "must be a DNS label (lower-case letters, digits, '-') of at most 53 characters", set("releaseName", "todo-app"));
    }
    const namespace = p.string("namespace", raw.namespace, "todo-dev") || `todo-${ctx.stack}`;
    if (!DNS_LABEL.test(namespace) || namespace.length > 63) {
        p.add("namespace", namespace, "must be a DNS label of at most 63 characters", set("namespace", "todo-dev"));
    }
    const timeoutSeconds = p.integer("releaseTimeoutSeconds", raw.releaseTimeoutSeconds, 60, 3600, 600, " (seconds Helm waits for Ready pods)") ?? 600;
    const maxHistory = p.integer("releaseHistory", raw.releaseHistory, 3, 100, 10, " (rollback needs history)") ?? 10;
    const smokeDepth = p.oneOf("smokeDepth", p.string("smokeDepth", raw.smokeDepth, "probes") || (chartPath === OWN_CHART ? "full" : "probes"), SMOKE_DEPTHS);
    const podSecurityLevel = p.oneOf("podSecurityLevel", p.string("podSecurityLevel", raw.podSecurityLevel, "baseline") || "restricted", POD_SECURITY_LEVELS);

    // --- services, extra values ------------------------------------------------------------------
    const services = validateServices(raw, {
        isProd,
        projectRoot: ctx.projectRoot,
        sourceRoot,
        exists: ctx.exists,
        readFile: ctx.readFile,
        secretValues: Object.values(ctx.secrets).filter((s): s is string => typeof s === "string"),
    }, p);
    const devMode = p.boolean("devMode", raw.devMode) ?? false;
    validateDevMode(devMode, { isProd, chartPath, projectRoot: ctx.projectRoot, services, readFile: ctx.readFile ?? ((f) => fs.readFileSync(f, "utf8")) }, p);
    const extraValues = validateExtraValues(raw.extraValues, { chartDir: abs(chartPath), exists: ctx.exists, readFile: ctx.readFile }, p);

    if (p.list.length > 0) {
        throw new ConfigError(p.list, ctx.stack);
    }
    return deepFreeze({
        project: ctx.project,
        stack: ctx.stack,
        projectRoot: ctx.projectRoot,
        environment,
        cluster: { kind: targetKind, minikubeProfile, minikubeAddons, minikubeAddonImages, kindCluster, kubeContext, nodeAddress },
        images: { loadMode, platform, loadCommand: loadCommand || undefined, registry: registry || undefined, registryUsername, buildOnPreview },
        release: { name: releaseName, namespace, chartPath, timeoutSeconds, maxHistory, podSecurityLevel },
        sourceRoot,
        services: devMode ? devServices(services) : services,
        public: publicSettings,
        logLevel,
        allowedOrigins,
        extraValues,
        smokeDepth,
        devMode,
    });
}

/** imageLoad unset: registry when pushing, kind-load for kind, a command for any context; for Minikube it follows the profile's runtime. */
function defaultLoadMode(target: TargetKind, pushing: boolean): ImageLoadMode | undefined {
    if (pushing) {
        return "registry";
    }
    return target === "kind" ? "kind-load" : target === "context" ? "command" : undefined;
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
