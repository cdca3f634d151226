// The dev variant that `npm run dev` deploys (setting devMode): each image is built from its
// Dockerfile's `dev` stage, which runs a reloading server (uvicorn --reload, `next dev`) as the
// same non-root user, and the chart mounts an emptyDir over each synced source folder so the
// loop can write a saved file there while the root filesystem stays read-only. One replica per
// service: a save is copied into one pod. Same probes, same Pod Security level. A prod stack
// refuses it (devModeSetting), so a reloading server can never reach prod.
import * as path from "path";
import { Problems, set } from "../config/problems";
import { parseQuantity } from "../config/quantity";
import { dockerfileFacts, findTarget } from "../shared/dockerfileFacts";
import { CpuMemory, OWN_CHART, SERVICES, ServiceName, ServiceSettings } from "../config/settings";

/** The Dockerfile stage each service's dev image is built from. */
export const DEV_TARGET = "dev";

/** Where each dev image keeps its source (its WORKDIR). */
export const DEV_WORKDIR = "/app";

/**
 * The folders of each build context the loop copies a saved file into: the ones the dev
 * stage seeds (`COPY <dir> ./seed/<dir>`). Any other file (a dependency manifest, a config
 * file, a Dockerfile) takes the full path: build, load, `pulumi up`.
 */
export const DEV_SYNC_DIRS: Readonly<Record<ServiceName, readonly string[]>> = {
    backend: ["app"],
    frontendWeb: ["app", "lib", "public"],
    frontendChatbot: ["app", "lib", "public"],
};

/** Writable in the dev variant: the chart's own paths plus the synced folders and the dev server's output. */
const DEV_SERVER_WRITABLE: Readonly<Record<ServiceName, readonly string[]>> = {
    backend: ["/tmp"],
    frontendWeb: ["/tmp", "/app/.next"],
    frontendChatbot: ["/tmp", "/app/.next"],
};

/** The dev servers need more than the production ones (`next dev` compiles in the pod): limits at least these. */
const DEV_MIN_LIMITS: Readonly<Record<ServiceName, CpuMemory>> = {
    backend: { cpu: "500m", memory: "512Mi" },
    frontendWeb: { cpu: "1", memory: "1Gi" },
    frontendChatbot: { cpu: "1", memory: "1Gi" },
};

/** The chart's writablePaths for a service in the dev variant. */
export function devWritablePaths(service: ServiceName): string[] {
    return [...DEV_SERVER_WRITABLE[service], ...DEV_SYNC_DIRS[service].map((d) => path.posix.join(DEV_WORKDIR, d))];
}

/** The services' settings in the dev variant. */
export function devServices(services: Readonly<Record<ServiceName, ServiceSettings>>): Record<ServiceName, ServiceSettings> {
    return Object.fromEntries(SERVICES.map((s) => [s, devServiceSettings(s, services[s])])) as Record<ServiceName, ServiceSettings>;
}

/** A service's settings in the dev variant: the dev stage, one replica, limits raised to what a dev server needs. */
function devServiceSettings(service: ServiceName, s: ServiceSettings): ServiceSettings {
    const atLeast = (configured: string, minimum: string): string =>
        (parseQuantity(configured) ?? 0) >= (parseQuantity(minimum) ?? 0) ? configured : minimum;
    const min = DEV_MIN_LIMITS[service];
    return {
        ...s,
        replicas: 1,
        resources: { ...s.resources, limits: { cpu: atLeast(s.resources.limits.cpu, min.cpu), memory: atLeast(s.resources.limits.memory, min.memory) } },
        build: { ...s.build, target: DEV_TARGET },
    };
}

export interface DevModeContext {
    readonly isProd: boolean;
    readonly chartPath: string;
    readonly projectRoot: string;
    readonly services: Readonly<Record<ServiceName, ServiceSettings>>;
    readonly readFile: (absolutePath: string) => string;
}

/** The devMode setting (default false). It needs a dev stack, this project's chart (its writablePaths) and a `dev` stage in every Dockerfile. */
export function devModeSetting(value: unknown, ctx: DevModeContext, p: Problems): boolean {
    const devMode = p.boolean("devMode", value) ?? false;
    if (!devMode) {
        return devMode;
    }
    if (ctx.isProd) {
        p.add("devMode", devMode, "a prod stack never runs the dev servers (reloading, writable source folders)", "pulumi config rm devMode");
    }
    if (ctx.chartPath !== OWN_CHART) {
        p.add("devMode", devMode, `the dev variant mounts its writable source folders through ${OWN_CHART}'s writablePaths; chartPath is ${ctx.chartPath}`, `pulumi config rm devMode (npm run dev then deploys each save through the full path)`);
    }
    for (const [service, s] of Object.entries(ctx.services)) {
        const dockerfile = path.resolve(ctx.projectRoot, s.build.dockerfile);
        let text: string;
        try {
            text = ctx.readFile(dockerfile);
        } catch {
            continue; // validateServices reports a missing Dockerfile
        }
        if (!findTarget(dockerfileFacts(text), DEV_TARGET)) {
            p.add("devMode", devMode, `${s.build.dockerfile} (${service}) has no '${DEV_TARGET}' stage to build the dev server from`, `add a stage 'FROM deps AS ${DEV_TARGET}' that runs a reloading server (see docker/backend.Dockerfile), or ${set("devMode", "false")}`);
        }
    }
    return devMode;
}
