// Pure validation of a stack's raw configuration: every problem is collected and reported in
// one error, naming the key, the bad value, what is allowed and the command that fixes it.
// No Pulumi engine is involved, so the tests call it directly.
import * as path from "path";
import { parseQuantity } from "./quantity";
import { findSecretLookingEntries, secretLookingValue } from "./secretPatterns";
import {
    BuildSettings,
    ENVIRONMENTS,
    Environment,
    IMAGE_LOAD_MODES,
    ImageLoadMode,
    LOG_LEVELS,
    LogLevel,
    ResourceSpec,
    SecretPresence,
    SERVICE_DIRS,
    SERVICES,
    ServiceName,
    ServiceSettings,
    Settings,
    TARGETS,
    TargetKind,
} from "./settings";

/** Stack config as read, before validation: every key optional, types as declared in Pulumi.yaml. */
export interface RawConfig {
    readonly environment?: string;
    readonly target?: string;
    readonly minikubeProfile?: string;
    readonly kindCluster?: string;
    readonly kubeContext?: string;
    readonly imageLoad?: string;
    readonly imageLoadCommand?: string;
    readonly registry?: string;
    readonly registryUsername?: string;
    readonly nodeAddress?: string;
    readonly sourceRoot?: string;
    readonly chartPath?: string;
    readonly releaseName?: string;
    readonly namespace?: string;
    readonly releaseTimeoutSeconds?: number;
    readonly releaseHistory?: number;
    readonly buildOnPreview?: boolean;
    readonly logLevel?: string;
    readonly allowedOrigins?: string;
    readonly backendReplicas?: number;
    readonly frontendWebReplicas?: number;
    readonly frontendChatbotReplicas?: number;
    readonly backendNodePort?: number;
    readonly frontendWebNodePort?: number;
    readonly frontendChatbotNodePort?: number;
    /** Per-service resource overrides: `{backend: {requests: {cpu, memory}, limits: {...}}}`. */
    readonly resources?: unknown;
    /** Per-service build overrides: `{backend: {context, dockerfile, target, args}}`, paths relative to sourceRoot. */
    readonly builds?: unknown;
    readonly extraValues?: unknown;
}

export interface ValidationContext {
    readonly project: string;
    readonly stack: string;
    readonly projectRoot: string;
    readonly secretsSet: SecretPresence;
    /** Problems already found while reading (e.g. a number that is not a number). */
    readonly readProblems?: readonly string[];
    readonly exists: (absolutePath: string) => boolean;
}

export class ConfigError extends Error {
    constructor(readonly problems: readonly string[], stack: string) {
        super(
            `Invalid configuration for stack '${stack}' (${problems.length} problem${problems.length === 1 ? "" : "s"}); ` +
                `nothing was created or changed:\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

const DEFAULT_RESOURCES: Readonly<Record<ServiceName, ResourceSpec>> = {
    backend: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
    frontendWeb: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
    frontendChatbot: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
};
const DEFAULT_NODE_PORTS: Readonly<Record<ServiceName, number | undefined>> = {
    backend: undefined,
    frontendWeb: 30000,
    frontendChatbot: 30001,
};
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;
const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const HOST_OR_IP = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$|^\[?[0-9a-fA-F:]+\]?$/;
export const BUILD_ARG_PLACEHOLDERS = [
    "nodeAddress",
    "backendNodePort",
    "frontendWebNodePort",
    "frontendChatbotNodePort",
    "backendPublicUrl",
    "frontendWebUrl",
    "frontendChatbotUrl",
] as const;

/** Validates raw stack config and returns typed, frozen settings, or throws one ConfigError listing every problem. */
export function validateConfig(raw: RawConfig, ctx: ValidationContext): Settings {
    const problems: string[] = [...(ctx.readProblems ?? [])];
    const problem = (key: string, value: unknown, rule: string, fix: string): void => {
        problems.push(`${ctx.project}:${key} = ${JSON.stringify(value)}: ${rule}. Fix: ${fix}`);
    };
    const set = (key: string, example: string | number, secret = false): string =>
        `pulumi config set ${secret ? "--secret " : ""}${key} ${example}`;

    const environment = oneOf(raw.environment ?? "dev", ENVIRONMENTS, "environment", problem, set);
    const targetKind = oneOf(raw.target ?? "minikube", TARGETS, "target", problem, set);
    const logLevel: LogLevel = oneOf(raw.logLevel ?? "info", LOG_LEVELS, "logLevel", problem, set);
    const minikubeProfile = raw.minikubeProfile || "minikube";
    const kindCluster = raw.kindCluster || "kind";
    const isProd = environment === "prod";

    // --- cluster target: always an explicit context, never the ambient current one -------
    const kubeContext =
        targetKind === "minikube" ? minikubeProfile : targetKind === "kind" ? `kind-${kindCluster}` : raw.kubeContext ?? "";
    if (targetKind === "context" && !kubeContext) {
        problem("kubeContext", raw.kubeContext ?? "", "target 'context' needs the kubeconfig context to deploy to (the current context is never used)", set("kubeContext", "my-cluster"));
    }
    if (targetKind !== "context" && raw.kubeContext && raw.kubeContext !== kubeContext) {
        problem("kubeContext", raw.kubeContext, `target '${targetKind}' pins its own context '${kubeContext}'`, `pulumi config rm kubeContext, or set target to 'context'`);
    }
    if (isProd && targetKind !== "context") {
        problem("target", targetKind, "a prod stack deploys to a named kubeconfig context, not a local cluster", `${set("target", "context")} && ${set("kubeContext", "prod-cluster")}`);
    }
    if (raw.nodeAddress && !HOST_OR_IP.test(raw.nodeAddress)) {
        problem("nodeAddress", raw.nodeAddress, "must be a host name or IP address without scheme or port", set("nodeAddress", "192.168.49.2"));
    }

    // --- images ---------------------------------------------------------------------------
    const registry = raw.registry ?? "";
    const defaultLoad: ImageLoadMode = registry || isProd ? "registry" : targetKind === "kind" ? "kind-load" : targetKind === "context" ? "command" : "docker-env";
    const loadMode = oneOf(raw.imageLoad || defaultLoad, IMAGE_LOAD_MODES, "imageLoad", problem, set);
    const loadTargets: Readonly<Record<ImageLoadMode, readonly TargetKind[]>> = {
        "docker-env": ["minikube"],
        "minikube-image-load": ["minikube"],
        "kind-load": ["kind"],
        command: ["minikube", "kind", "context"],
        registry: ["minikube", "kind", "context"],
    };
    if (IMAGE_LOAD_MODES.includes(loadMode) && !loadTargets[loadMode].includes(targetKind)) {
        problem("imageLoad", loadMode, `only works with target ${loadTargets[loadMode].join(" or ")}, not '${targetKind}'`, `pulumi config rm imageLoad (the default follows the target)`);
    }
    if (loadMode === "command" && !(raw.imageLoadCommand ?? "").includes("{image}")) {
        problem("imageLoadCommand", raw.imageLoadCommand ?? "", "imageLoad 'command' needs a command template containing {image}", set("imageLoadCommand", "'k3d image import -c dev {image}'"));
    }
    if (loadMode === "registry" && !registry) {
        problem("registry", registry, "imageLoad 'registry' needs a registry to push to", set("registry", "ghcr.io/acme"));
    }
    if (registry && (/^[a-z]+:\/\//i.test(registry) || /:[^/]*$/.test(registry.replace(/^[^/]*/, "")) || registry.endsWith("/"))) {
        problem("registry", registry, "must be a registry host with optional path, without scheme, tag or trailing slash", set("registry", "ghcr.io/acme"));
    }
    if (isProd && loadMode !== "registry") {
        problem("imageLoad", loadMode, "a prod stack pushes its images to a registry", set("registry", "ghcr.io/acme"));
    }
    if (raw.registryUsername && !ctx.secretsSet.registryPassword) {
        problem("registryPassword", "", "registryUsername is set but its password is not", set("registryPassword", "<token>", true));
    }

    // --- required secrets ------------------------------------------------------------------
    if (isProd) {
        if (!ctx.secretsSet.databaseUrl) {
            problem("databaseUrl", "", "a prod stack needs the external database (there is no in-cluster PostgreSQL in prod)", set("databaseUrl", "'postgresql://user:pass@host/db'", true));
        }
        if (!ctx.secretsSet.betterAuthSecret) {
            problem("betterAuthSecret", "", "a prod stack needs a stable auth secret (a generated one would change sessions on every new stack)", set("betterAuthSecret", "\"$(openssl rand -base64 32)\"", true));
        }
    }
    const allowedOrigins = (raw.allowedOrigins ?? "").split(",").map((o) => o.trim()).filter((o) => o !== "");
    if (isProd && (allowedOrigins.length === 0 || allowedOrigins.includes("*"))) {
        problem("allowedOrigins", raw.allowedOrigins ?? "", "a prod stack lists its CORS origins explicitly (no '*')", set("allowedOrigins", "https://todo.example.com"));
    }

    // --- paths -------------------------------------------------------------------------------
    const abs = (p: string): string => path.resolve(ctx.projectRoot, p);
    const sourceRoot = abs(raw.sourceRoot ?? "apps");
    const missingDirs = Object.values(SERVICE_DIRS).filter((d) => !ctx.exists(path.join(sourceRoot, d)));
    if (missingDirs.length > 0) {
        problem("sourceRoot", raw.sourceRoot ?? "apps", `must hold ${Object.values(SERVICE_DIRS).map((d) => d + "/").join(", ")}; missing in ${sourceRoot}: ${missingDirs.join(", ")}`, set("sourceRoot", "../todo-monorepo"));
    }
    const chartPath = path.relative(ctx.projectRoot, abs(raw.chartPath ?? "charts/todo-app")) || ".";
    if (!ctx.exists(path.join(abs(chartPath), "Chart.yaml"))) {
        problem("chartPath", raw.chartPath ?? "charts/todo-app", `must be a chart directory holding Chart.yaml (looked in ${abs(chartPath)})`, set("chartPath", "../todo-monorepo/helm-charts/todo-app"));
    }

    // --- release -----------------------------------------------------------------------------
    const releaseName = raw.releaseName ?? "todo-app";
    if (!DNS_LABEL.test(releaseName) || releaseName.length > 53) {
        problem("releaseName", releaseName, "must be a DNS label (lower-case letters, digits, '-') of at most 53 characters", set("releaseName", "todo-app"));
    }
    const namespace = raw.namespace || `todo-${ctx.stack}`;
    if (!DNS_LABEL.test(namespace) || namespace.length > 63) {
        problem("namespace", namespace, "must be a DNS label of at most 63 characters", set("namespace", "todo-dev"));
    }
    const timeoutSeconds = raw.releaseTimeoutSeconds ?? 600;
    if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 60 || timeoutSeconds > 3600) {
        problem("releaseTimeoutSeconds", timeoutSeconds, "must be an integer from 60 to 3600", set("releaseTimeoutSeconds", 600));
    }
    const maxHistory = raw.releaseHistory ?? 10;
    if (!Number.isInteger(maxHistory) || maxHistory < 3 || maxHistory > 100) {
        problem("releaseHistory", maxHistory, "must be an integer from 3 to 100 (rollback needs history)", set("releaseHistory", 10));
    }

    // --- services ------------------------------------------------------------------------------
    const resourceOverrides = objectOf(raw.resources, "resources", problem);
    const buildOverrides = objectOf(raw.builds, "builds", problem);
    const nodePorts: Array<[string, number]> = [];
    const services = {} as Record<ServiceName, ServiceSettings>;
    for (const service of SERVICES) {
        const replicasKey = `${service}Replicas`;
        const replicas = raw[replicasKey as keyof RawConfig] ?? 2;
        if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 1 || replicas > 20) {
            problem(replicasKey, replicas, "must be a positive integer (1 to 20)", set(replicasKey, 2));
        }
        if (isProd && typeof replicas === "number" && replicas < 2) {
            problem(replicasKey, replicas, "a prod stack runs at least 2 replicas so a rollout or node drain keeps it up", set(replicasKey, 2));
        }
        const portKey = `${service}NodePort`;
        // 0 (the backend's default in Pulumi.yaml) means "no NodePort": the Service stays ClusterIP.
        const configuredPort = raw[portKey as keyof RawConfig] as number | undefined;
        const nodePort = configuredPort === 0 ? undefined : configuredPort ?? DEFAULT_NODE_PORTS[service];
        if (nodePort !== undefined) {
            if (!Number.isInteger(nodePort) || nodePort < NODE_PORT_MIN || nodePort > NODE_PORT_MAX) {
                problem(portKey, nodePort, `must be an integer in ${NODE_PORT_MIN}–${NODE_PORT_MAX} (the Kubernetes NodePort range)`, set(portKey, 30000 + SERVICES.indexOf(service)));
            }
            nodePorts.push([portKey, nodePort]);
        }
        services[service] = {
            replicas: replicas as number,
            nodePort,
            resources: validateResources(service, resourceOverrides[service], problem),
            build: validateBuild(service, buildOverrides[service], { sourceRoot, projectRoot: ctx.projectRoot, exists: ctx.exists }, problem),
        };
    }
    for (const [key, port] of nodePorts) {
        const clash = nodePorts.find(([other, p]) => p === port && other !== key);
        if (clash && nodePorts.findIndex(([k]) => k === key) < nodePorts.findIndex(([k]) => k === clash[0])) {
            problem(key, port, `is also used by ${ctx.project}:${clash[0]}; NodePorts must be distinct`, set(clash[0], port + 1));
        }
    }
    for (const key of Object.keys(buildOverrides)) {
        if (!(SERVICES as readonly string[]).includes(key)) {
            problem(`builds.${key}`, buildOverrides[key], `unknown service; allowed: ${SERVICES.join(", ")}`, `rename the key`);
        }
    }

    const extraValues = objectOf(raw.extraValues, "extraValues", problem);
    for (const [keyPath, value] of findSecretLookingEntries(extraValues)) {
        problem(`extraValues.${keyPath}`, value === undefined ? "" : "<redacted>", "looks like a secret; plain Helm values are stored and shown in plaintext", "put it in a --secret config key the program maps into the Kubernetes Secret");
    }

    if (problems.length > 0) {
        throw new ConfigError(problems, ctx.stack);
    }
    return deepFreeze({
        project: ctx.project,
        stack: ctx.stack,
        projectRoot: ctx.projectRoot,
        environment,
        cluster: { kind: targetKind, minikubeProfile, kindCluster, kubeContext, nodeAddress: raw.nodeAddress || undefined },
        images: {
            loadMode,
            loadCommand: raw.imageLoadCommand || undefined,
            registry: registry || undefined,
            registryUsername: raw.registryUsername || undefined,
            buildOnPreview: raw.buildOnPreview ?? false,
        },
        release: { name: releaseName, namespace, chartPath, timeoutSeconds, maxHistory },
        sourceRoot,
        services,
        logLevel,
        allowedOrigins,
        extraValues,
        secretsSet: ctx.secretsSet,
    });
}

type Problem = (key: string, value: unknown, rule: string, fix: string) => void;

function oneOf<T extends string>(
    value: string,
    allowed: readonly T[],
    key: string,
    problem: Problem,
    set: (key: string, example: string) => string,
): T {
    if (!(allowed as readonly string[]).includes(value)) {
        problem(key, value, `must be one of ${allowed.join(", ")}`, set(key, allowed[0]));
    }
    return value as T;
}

function objectOf(value: unknown, key: string, problem: Problem): Record<string, unknown> {
    if (value === undefined) {
        return {};
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        problem(key, value, "must be an object", `set it in Pulumi.<stack>.yaml as a YAML map, or pulumi config set --path '${key}.<name>' <value>`);
        return {};
    }
    return value as Record<string, unknown>;
}

function validateResources(service: ServiceName, override: unknown, problem: Problem): ResourceSpec {
    const defaults = DEFAULT_RESOURCES[service];
    const o = (override ?? {}) as { requests?: Partial<Record<string, unknown>>; limits?: Partial<Record<string, unknown>> };
    const spec = {
        requests: { cpu: String(o.requests?.cpu ?? defaults.requests.cpu), memory: String(o.requests?.memory ?? defaults.requests.memory) },
        limits: { cpu: String(o.limits?.cpu ?? defaults.limits.cpu), memory: String(o.limits?.memory ?? defaults.limits.memory) },
    };
    for (const kind of ["cpu", "memory"] as const) {
        const example = kind === "cpu" ? "250m" : "256Mi";
        const request = parseQuantity(spec.requests[kind]);
        const limit = parseQuantity(spec.limits[kind]);
        const reqKey = `resources.${service}.requests.${kind}`;
        const limKey = `resources.${service}.limits.${kind}`;
        if (request === undefined) {
            problem(reqKey, spec.requests[kind], "is not a Kubernetes quantity", `pulumi config set --path '${reqKey}' ${example}`);
        }
        if (limit === undefined) {
            problem(limKey, spec.limits[kind], "is not a Kubernetes quantity", `pulumi config set --path '${limKey}' ${example}`);
        }
        if (request !== undefined && limit !== undefined && request > limit) {
            problem(reqKey, spec.requests[kind], `is more than its limit ${spec.limits[kind]}; requests must not exceed limits`, `lower ${reqKey} or raise ${limKey}`);
        }
    }
    return spec;
}

interface BuildPaths {
    readonly sourceRoot: string;
    readonly projectRoot: string;
    readonly exists: (p: string) => boolean;
}

function validateBuild(service: ServiceName, override: unknown, paths: BuildPaths, problem: Problem): BuildSettings {
    const dir = SERVICE_DIRS[service];
    const o = (override ?? {}) as { context?: unknown; dockerfile?: unknown; target?: unknown; args?: unknown };
    const key = `builds.${service}`;
    // Our own layout: contexts under sourceRoot, Dockerfiles in the project's docker/ folder.
    // Overrides (an existing repository's layout) are relative to sourceRoot.
    const context = o.context !== undefined ? path.resolve(paths.sourceRoot, String(o.context)) : path.join(paths.sourceRoot, dir);
    const dockerfile = o.dockerfile !== undefined ? path.resolve(paths.sourceRoot, String(o.dockerfile)) : path.join(paths.projectRoot, "docker", `${dir}.Dockerfile`);
    if (o.context !== undefined && !paths.exists(context)) {
        problem(`${key}.context`, o.context, `build context ${context} does not exist (paths are relative to sourceRoot)`, `pulumi config set --path '${key}.context' .`);
    }
    if (!paths.exists(dockerfile)) {
        const where = o.dockerfile !== undefined ? "paths in builds are relative to sourceRoot" : "by default Dockerfiles live in the project's docker/ folder";
        problem(`${key}.dockerfile`, o.dockerfile ?? path.relative(paths.projectRoot, dockerfile), `Dockerfile ${dockerfile} does not exist (${where})`, `pulumi config set --path '${key}.dockerfile' docker/${dir}.Dockerfile`);
    }
    const args: Record<string, string> = {};
    if (o.args !== undefined && (typeof o.args !== "object" || o.args === null || Array.isArray(o.args))) {
        problem(`${key}.args`, o.args, "must be a map of build-arg name to value", `pulumi config set --path '${key}.args.NAME' value`);
    } else {
        for (const [name, value] of Object.entries((o.args ?? {}) as Record<string, unknown>)) {
            const text = String(value);
            const argKey = `${key}.args.${name}`;
            if (secretLookingValue(name, text)) {
                problem(argKey, "<redacted>", "looks like a secret, and build args are stored in the image's history (and NEXT_PUBLIC_* ones in the browser bundle)", "pass secrets at run time: set them with pulumi config set --secret and read them from the environment in the container");
                continue;
            }
            const unknownPlaceholders = [...text.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]).filter((p) => !(BUILD_ARG_PLACEHOLDERS as readonly string[]).includes(p));
            if (unknownPlaceholders.length > 0) {
                problem(argKey, text, `uses unknown placeholder(s) ${unknownPlaceholders.map((p) => `{${p}}`).join(", ")}; allowed: ${BUILD_ARG_PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}`, `pulumi config set --path '${argKey}' 'http://{nodeAddress}:{backendNodePort}'`);
            }
            args[name] = text;
        }
    }
    return { context, dockerfile, target: o.target !== undefined ? String(o.target) : undefined, args };
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

export type { Environment };
