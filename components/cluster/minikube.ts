// Reading a Minikube profile: which profile, its driver and runtime, its node address, and
// the docker-env that points a Docker client at the daemon inside it. Pure parsers over the
// commands' output, so tests use captured output.

export interface MinikubeProfile {
    readonly name: string;
    readonly status: string;
    readonly driver: string;
    readonly containerRuntime: string;
    readonly cpus: number;
    readonly memoryMb: number;
    readonly nodeIp: string;
}

interface ProfileListJson {
    valid?: Array<{
        Name: string;
        Status?: string;
        Config?: {
            Driver?: string;
            CPUs?: number;
            Memory?: number;
            KubernetesConfig?: { ContainerRuntime?: string };
            Nodes?: Array<{ IP?: string }>;
        };
    }>;
    invalid?: Array<{ Name: string }>;
}

/**
 * How images reach a Minikube profile's kubelet when imageLoad is unset: built straight into
 * its Docker daemon for the docker runtime; built on the host and `minikube image load`ed for
 * containerd (Minikube's default since 1.39) and cri-o. The one rule, shared by the program
 * and the prerequisite check.
 */
export function loadModeForRuntime(containerRuntime: string): "docker-env" | "minikube-image-load" {
    return containerRuntime === "docker" ? "docker-env" : "minikube-image-load";
}

/** Finds `profile` in `minikube profile list -o json` output. */
export function parseProfile(profileListJson: string, profile: string): MinikubeProfile | undefined {
    const list = JSON.parse(profileListJson) as ProfileListJson;
    const found = (list.valid ?? []).find((p) => p.Name === profile);
    if (!found) {
        return undefined;
    }
    return {
        name: found.Name,
        status: found.Status ?? "Unknown",
        driver: found.Config?.Driver ?? "unknown",
        containerRuntime: found.Config?.KubernetesConfig?.ContainerRuntime || "docker",
        cpus: found.Config?.CPUs ?? 0,
        memoryMb: found.Config?.Memory ?? 0,
        nodeIp: found.Config?.Nodes?.[0]?.IP ?? "",
    };
}

export function profileNames(profileListJson: string): string[] {
    const list = JSON.parse(profileListJson) as ProfileListJson;
    return [...(list.valid ?? []), ...(list.invalid ?? [])].map((p) => p.Name);
}

export interface DockerEnv {
    readonly host: string;
    readonly tlsVerify: boolean;
    readonly certPath?: string;
}

/** Parses `minikube -p <profile> docker-env --shell none` (KEY=VALUE lines). */
export function parseDockerEnv(output: string): DockerEnv {
    const vars = new Map<string, string>();
    for (const line of output.split(/\r?\n/)) {
        const m = /^\s*(?:export\s+)?([A-Z_]+)=["']?(.*?)["']?\s*$/.exec(line);
        if (m) {
            vars.set(m[1], m[2]);
        }
    }
    const host = vars.get("DOCKER_HOST") ?? "";
    if (!host) {
        throw new Error(`minikube docker-env printed no DOCKER_HOST:\n${output.trim()}`);
    }
    return { host, tlsVerify: vars.get("DOCKER_TLS_VERIFY") === "1", certPath: vars.get("DOCKER_CERT_PATH") || undefined };
}

/** The docker Provider arguments for Minikube's daemon: explicit host and TLS, never the ambient DOCKER_HOST. */
export interface DockerProviderArgs {
    readonly host: string;
    readonly certPath?: string;
}

/**
 * Minikube's dockerd listens on tcp://<ip>:2376 with TLS. A tcp host without TLS material
 * would make the provider talk plain HTTP to a TLS port, or to some other daemon, so the
 * images would not land in Minikube: refuse it.
 */
export function dockerProviderArgs(env: DockerEnv, profile: string): DockerProviderArgs {
    if (env.host.startsWith("tcp://")) {
        if (!env.tlsVerify || !env.certPath) {
            throw new Error(
                `minikube -p ${profile} docker-env gives DOCKER_HOST=${env.host} without TLS ` +
                    `(DOCKER_TLS_VERIFY=${env.tlsVerify ? 1 : 0}, DOCKER_CERT_PATH=${env.certPath ?? "unset"}); ` +
                    `Minikube's Docker daemon requires TLS. Recreate the profile (minikube delete -p ${profile} && minikube start -p ${profile}) ` +
                    `or use imageLoad 'minikube-image-load'.`,
            );
        }
        return { host: env.host, certPath: env.certPath };
    }
    if (env.host.startsWith("ssh://") || env.host.startsWith("unix://")) {
        return { host: env.host };
    }
    throw new Error(`minikube -p ${profile} docker-env gives an unsupported DOCKER_HOST '${env.host}' (expected tcp://, ssh:// or unix://)`);
}

/**
 * Whether http://<node ip>:<nodePort> answers from this machine. With the docker driver on
 * macOS, Windows or WSL the node lives inside a VM's network the host cannot route to.
 */
export function nodePortsReachable(driver: string, platform: NodeJS.Platform, isWsl: boolean): boolean {
    const containerDriver = driver === "docker" || driver === "podman";
    return !(containerDriver && (platform === "darwin" || platform === "win32" || isWsl));
}
