// Per-service settings: replicas, NodePorts, resources and build overrides. Map-valued
// settings are checked key by key, so a typo (`request`, `memroy`, `dockerFile`, `fronendWeb`)
// is refused with the nearest valid name instead of silently falling back to a default.
import * as fs from "fs";
import * as path from "path";
import { BUILD_ARG_PLACEHOLDERS } from "./buildArgPlaceholders";
import { RawConfig } from "../config/configKeys";
import { isRecord, Problems, REDACTED, set } from "../config/problems";
import { declaredBuildArgs, isPredefinedArg } from "./dockerfileArgs";
import { parseQuantity } from "../config/quantity";
import { secretLookingValue } from "../../policy/rules/secretPatterns";
import { BuildSettings, ResourceSpec, SERVICE_DIRS, SERVICES, ServiceName, ServiceSettings } from "../config/settings";

const DEFAULT_RESOURCES: Readonly<Record<ServiceName, ResourceSpec>> = {
    backend: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
    frontendWeb: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
    frontendChatbot: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
};
const DEFAULT_NODE_PORTS: Readonly<Record<ServiceName, number>> = { backend: 0, frontendWeb: 30000, frontendChatbot: 30001 };
/** The NodePort a fix suggests for each service. */
const EXAMPLE_NODE_PORTS: Readonly<Record<ServiceName, number>> = { backend: 30002, frontendWeb: 30000, frontendChatbot: 30001 };
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;
const BUILD_KEYS = ["context", "dockerfile", "target", "args"] as const;

/** `abs` relative to the project root, with forward slashes: the same input on every machine. */
export function projectRelative(projectRoot: string, abs: string): string {
    return path.relative(projectRoot, abs).split(path.sep).join("/") || ".";
}

export interface ServicesContext {
    readonly isProd: boolean;
    readonly projectRoot: string;
    /** Absolute. */
    readonly sourceRoot: string;
    readonly exists: (absolutePath: string) => boolean;
    /** Reads a Dockerfile, to check targets and build args against it; defaults to fs. */
    readonly readFile?: (absolutePath: string) => string;
    /** Decrypted secrets: a build arg containing one is refused (without printing it). */
    readonly secretValues: readonly string[];
}

export function validateServices(raw: RawConfig, ctx: ServicesContext, p: Problems): Record<ServiceName, ServiceSettings> {
    const resources = p.object("resources", raw.resources);
    const builds = p.object("builds", raw.builds);
    p.knownKeys("resources", resources, SERVICES);
    p.knownKeys("builds", builds, SERVICES);

    const services = {} as Record<ServiceName, ServiceSettings>;
    const nodePorts: Array<[string, number]> = [];
    for (const service of SERVICES) {
        const replicasKey = `${service}Replicas` as const;
        const min = ctx.isProd ? 2 : 1;
        const replicas = p.integer(replicasKey, raw[replicasKey], min, 20, 2, ctx.isProd ? " (a prod stack runs at least 2, so a rollout or node drain keeps it up)" : "") ?? 2;

        // 0 means no NodePort: the Service stays ClusterIP (the backend's default; allowed for
        // the frontends too, reached through the Ingress or the port-forward command in the outputs).
        const portKey = `${service}NodePort` as const;
        const port = p.integer(portKey, raw[portKey], 0, NODE_PORT_MAX, EXAMPLE_NODE_PORTS[service], ` (${NODE_PORT_MIN}-${NODE_PORT_MAX}, the Kubernetes NodePort range, or 0 for none)`) ?? DEFAULT_NODE_PORTS[service];
        if (port !== 0 && port < NODE_PORT_MIN) {
            p.add(portKey, port, `must be in ${NODE_PORT_MIN}-${NODE_PORT_MAX} (the Kubernetes NodePort range), or 0 for none`, set(portKey, EXAMPLE_NODE_PORTS[service]));
        } else if (port !== 0) {
            nodePorts.push([portKey, port]);
        }
        services[service] = {
            replicas,
            nodePort: port === 0 ? undefined : port,
            resources: validateResources(service, resources[service], p),
            build: validateBuild(service, builds[service], ctx, p),
        };
    }
    nodePorts.forEach(([key, port], i) => {
        const clash = nodePorts.findIndex(([, other], j) => j > i && other === port);
        if (clash !== -1) {
            p.add(key, port, `is also used by ${p.project}:${nodePorts[clash][0]}; NodePorts must be distinct`, set(nodePorts[clash][0], port + 1));
        }
    });
    return services;
}

function validateResources(service: ServiceName, override: unknown, p: Problems): ResourceSpec {
    const key = `resources.${service}`;
    const defaults = DEFAULT_RESOURCES[service];
    if (override === undefined) {
        return defaults;
    }
    if (!isRecord(override)) {
        p.add(key, override, "must be a map with requests and limits", `pulumi config set --path '${key}.requests.cpu' 250m`);
        return defaults;
    }
    p.knownKeys(key, override, ["requests", "limits"]);
    const part = (which: "requests" | "limits"): Record<string, unknown> => {
        const value = override[which];
        if (value === undefined) {
            return {};
        }
        if (!isRecord(value)) {
            p.add(`${key}.${which}`, value, "must be a map with cpu and memory", `pulumi config set --path '${key}.${which}.cpu' 250m`);
            return {};
        }
        p.knownKeys(`${key}.${which}`, value, ["cpu", "memory"]);
        return value;
    };
    const requests = part("requests");
    const limits = part("limits");
    const spec = {
        requests: { cpu: String(requests.cpu ?? defaults.requests.cpu), memory: String(requests.memory ?? defaults.requests.memory) },
        limits: { cpu: String(limits.cpu ?? defaults.limits.cpu), memory: String(limits.memory ?? defaults.limits.memory) },
    };
    for (const kind of ["cpu", "memory"] as const) {
        const example = kind === "cpu" ? "250m" : "256Mi";
        const request = parseQuantity(spec.requests[kind]);
        const limit = parseQuantity(spec.limits[kind]);
        const reqKey = `${key}.requests.${kind}`;
        const limKey = `${key}.limits.${kind}`;
        if (request === undefined) {
            p.add(reqKey, spec.requests[kind], "is not a Kubernetes quantity", `pulumi config set --path '${reqKey}' ${example}`);
        }
        if (limit === undefined) {
            p.add(limKey, spec.limits[kind], "is not a Kubernetes quantity", `pulumi config set --path '${limKey}' ${example}`);
        }
        if (request !== undefined && limit !== undefined && request > limit) {
            p.add(reqKey, spec.requests[kind], `is more than its limit ${spec.limits[kind]}; requests must not exceed limits`, `lower ${reqKey} or raise ${limKey}`);
        }
    }
    return spec;
}

function validateBuild(service: ServiceName, override: unknown, ctx: ServicesContext, p: Problems): BuildSettings {
    const dir = SERVICE_DIRS[service];
    const key = `builds.${service}`;
    const o = isRecord(override) ? override : {};
    if (override !== undefined && !isRecord(override)) {
        p.add(key, override, "must be a map with context, dockerfile, target and args", `pulumi config set --path '${key}.context' ${dir}`);
    }
    p.knownKeys(key, o, BUILD_KEYS);
    const relativeToProject = (abs: string): string => projectRelative(ctx.projectRoot, abs);

    // Our layout: contexts under sourceRoot, Dockerfiles in the project's docker/ folder.
    // Overrides (an existing repository's layout) are relative to sourceRoot and stay inside it.
    const inSourceRoot = (field: "context" | "dockerfile", example: string): string | undefined => {
        const value = o[field];
        if (value === undefined) {
            return undefined;
        }
        if (typeof value !== "string" || value.trim() === "") {
            p.add(`${key}.${field}`, value, "must be a path relative to sourceRoot", `pulumi config set --path '${key}.${field}' ${example}`);
            return undefined;
        }
        const resolved = path.resolve(ctx.sourceRoot, value);
        const rel = path.relative(ctx.sourceRoot, resolved);
        if (rel.startsWith("..") || path.isAbsolute(rel)) {
            p.add(`${key}.${field}`, value, `resolves to ${resolved}, outside sourceRoot ${ctx.sourceRoot}: a build may only read the repository it deploys`, `pulumi config set --path '${key}.${field}' ${example}`);
            return undefined;
        }
        if (!ctx.exists(resolved)) {
            p.add(`${key}.${field}`, value, `${resolved} does not exist (paths in builds are relative to sourceRoot)`, `pulumi config set --path '${key}.${field}' ${example}`);
        }
        return resolved;
    };
    const context = inSourceRoot("context", dir) ?? path.join(ctx.sourceRoot, dir);
    const dockerfile = inSourceRoot("dockerfile", `docker/${dir}.Dockerfile`) ?? path.join(ctx.projectRoot, "docker", `${dir}.Dockerfile`);
    if (o.dockerfile === undefined && !ctx.exists(dockerfile)) {
        p.add(`${key}.dockerfile`, relativeToProject(dockerfile), `Dockerfile ${dockerfile} does not exist (by default Dockerfiles live in the project's docker/ folder)`, `pulumi config set --path '${key}.dockerfile' docker/${dir}.Dockerfile`);
    }
    let target: string | undefined;
    if (o.target !== undefined) {
        if (typeof o.target !== "string" || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(o.target)) {
            p.add(`${key}.target`, o.target, "must be a stage name from the Dockerfile", `pulumi config set --path '${key}.target' runtime`);
        } else {
            target = o.target;
        }
    }
    const args = validateArgs(key, o.args, ctx, p);
    if (ctx.exists(dockerfile)) {
        checkAgainstDockerfile(key, relativeToProject(dockerfile), (ctx.readFile ?? ((f) => fs.readFileSync(f, "utf8")))(dockerfile), target, args, p);
    }
    return { context: relativeToProject(context), dockerfile: relativeToProject(dockerfile), target, args };
}

/** The target must be a stage, and every arg must be one the built stages declare (else BuildKit drops it silently). */
function checkAgainstDockerfile(key: string, dockerfile: string, text: string, target: string | undefined, args: Readonly<Record<string, string>>, p: Problems): void {
    const declared = declaredBuildArgs(text, target);
    if (!declared.ok) {
        p.add(`${key}.target`, target, `is not a stage of ${dockerfile} (stages: ${declared.stages.join(", ") || "none named"})`, `pulumi config set --path '${key}.target' ${declared.stages[declared.stages.length - 1] ?? "runtime"}`);
        return;
    }
    const built = `line ${declared.stage.line}: ${declared.stage.text}`;
    const stage = target ? `stage ${target} (${built}) and the stages it builds on` : `the stages it builds (the last is ${built})`;
    for (const name of Object.keys(args).filter((a) => !declared.args.includes(a) && !isPredefinedArg(a))) {
        const others = declared.args.filter((a) => !(a in args));
        p.add(
            `${key}.args.${name}`,
            args[name],
            `${dockerfile} declares no ARG ${name} in ${stage}, so the build would drop it and bake in the Dockerfile's default; it declares ${declared.args.length > 0 ? declared.args.join(", ") : "no ARG"}`,
            others.length > 0 ? `pulumi config rm --path '${key}.args.${name}' and pulumi config set --path '${key}.args.${others[0]}' '${args[name]}'` : `add ARG ${name} to the Dockerfile, or pulumi config rm --path '${key}.args.${name}'`,
        );
    }
}

function validateArgs(key: string, value: unknown, ctx: ServicesContext, p: Problems): Record<string, string> {
    const args: Record<string, string> = {};
    if (value === undefined) {
        return args;
    }
    if (!isRecord(value)) {
        p.add(`${key}.args`, Array.isArray(value) ? REDACTED : value, "must be a map of build-arg name to value", `pulumi config set --path '${key}.args.NAME' value`);
        return args;
    }
    for (const [name, raw] of Object.entries(value)) {
        const argKey = `${key}.args.${name}`;
        if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") {
            p.add(argKey, REDACTED, "must be a string", `pulumi config set --path '${argKey}' value`);
            continue;
        }
        const text = String(raw);
        const carriesSecret = ctx.secretValues.some((s) => s.length >= 4 && text.includes(s));
        if (carriesSecret || secretLookingValue(name, text)) {
            p.add(argKey, REDACTED, `${carriesSecret ? "contains a configured secret" : "looks like a secret"}, and build args are stored in the image's history (and NEXT_PUBLIC_* ones in the browser bundle)`, "pass secrets at run time: set them with pulumi config set --secret and read them from the environment in the container");
            continue;
        }
        const unknown = [...text.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]).filter((ph) => !(BUILD_ARG_PLACEHOLDERS as readonly string[]).includes(ph));
        if (unknown.length > 0) {
            p.add(argKey, text, `uses unknown placeholder(s) ${unknown.map((ph) => `{${ph}}`).join(", ")}; allowed: ${BUILD_ARG_PLACEHOLDERS.map((ph) => `{${ph}}`).join(", ")}`, `pulumi config set --path '${argKey}' 'http://{nodeAddress}:{backendNodePort}'`);
        }
        args[name] = text;
    }
    return args;
}
