// Step 2 of a deployment: pin the cluster. Every Kubernetes object goes through an explicit
// provider bound to a named kubeconfig context (never the ambient current context), and the
// node address for URLs and build args comes from the cluster itself unless overridden.
import * as docker from "@pulumi/docker";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Host } from "../shared/host";
import { DockerProviderArgs, dockerProviderArgs, loadModeForRuntime, nodePortsReachable, parseDockerEnv, parseProfile, profileNames } from "./minikube";
import { ClusterSettings, ImageLoadMode } from "../config/settings";
import { portForwardCommand } from "./portForward";

/** What the program learned about the cluster before registering anything. */
export interface ClusterDescription {
    readonly kubeContext: string;
    /** How images reach the cluster: as configured, or for Minikube by the profile's runtime. */
    readonly loadMode: ImageLoadMode;
    /** Address in URL outputs; undefined when it can't be known (set nodeAddress). */
    readonly nodeAddress?: string;
    readonly nodePortsReachable: boolean;
    /** Docker daemon to build in (docker-env); undefined builds on the host's daemon. */
    readonly dockerDaemon?: DockerProviderArgs;
    /** The command that gives a working URL for a Service when NodePorts are not reachable. */
    readonly reachCommand: (service: string, namespace: string, nodePort: number, servicePort: number) => string;
}

/**
 * Asks the cluster tooling (minikube, docker) what the settings alone can't say. Throws with
 * the fix. `loadMode` undefined (Minikube, imageLoad unset) is decided by the profile's runtime.
 */
export function describeCluster(cluster: ClusterSettings, loadMode: ImageLoadMode | undefined, host: Host): ClusterDescription {
    const portForward = (service: string, namespace: string, nodePort: number, servicePort: number): string =>
        portForwardCommand(cluster.kubeContext, namespace, service, nodePort, servicePort);
    switch (cluster.kind) {
        case "minikube":
            return describeMinikube(cluster, loadMode, host);
        case "kind": {
            const clusters = host.run("kind", ["get", "clusters"]).split(/\s+/).filter(Boolean);
            if (!clusters.includes(cluster.kindCluster)) {
                throw new Error(`kind cluster '${cluster.kindCluster}' does not exist (have: ${clusters.join(", ") || "none"}). Fix: kind create cluster --name ${cluster.kindCluster}, or pulumi config set kindCluster <name>`);
            }
            const nodeIp =
                cluster.nodeAddress ??
                host.run("docker", ["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", `${cluster.kindCluster}-control-plane`]).trim();
            return {
                kubeContext: cluster.kubeContext,
                loadMode: loadMode ?? "kind-load",
                nodeAddress: nodeIp || undefined,
                nodePortsReachable: cluster.nodeAddress !== undefined || nodePortsReachable("docker", host.platform, host.isWsl),
                reachCommand: portForward,
            };
        }
        case "context":
            return {
                kubeContext: cluster.kubeContext,
                loadMode: loadMode ?? "command",
                nodeAddress: cluster.nodeAddress,
                nodePortsReachable: cluster.nodeAddress !== undefined,
                reachCommand: portForward,
            };
    }
}

function describeMinikube(cluster: ClusterSettings, configuredLoadMode: ImageLoadMode | undefined, host: Host): ClusterDescription {
    const name = cluster.minikubeProfile;
    const listJson = host.run("minikube", ["profile", "list", "-o", "json"]);
    const profile = parseProfile(listJson, name);
    if (!profile) {
        throw new Error(
            `The dev stack deploys to the Minikube profile '${name}', which does not exist (profiles: ${profileNames(listJson).join(", ") || "none"}). ` +
                `Fix: minikube start -p ${name} --cpus 4 --memory 8g, or pulumi config set minikubeProfile <profile>. ` +
                `To deploy to another cluster, set target to 'kind' or 'context'.`,
        );
    }
    if (profile.status !== "Running" && profile.status !== "OK") {
        throw new Error(`Minikube profile '${name}' is ${profile.status}, not Running. Fix: minikube start -p ${name}`);
    }
    const loadMode = configuredLoadMode ?? loadModeForRuntime(profile.containerRuntime);
    if (loadMode === "docker-env" && profile.containerRuntime !== "docker") {
        throw new Error(
            `Minikube profile '${name}' runs ${profile.containerRuntime}, so images built in its Docker daemon would not be seen by the kubelet. ` +
                `Fix: pulumi config rm imageLoad (the default follows the runtime)`,
        );
    }
    const dockerDaemon = loadMode === "docker-env" ? dockerProviderArgs(parseDockerEnv(host.run("minikube", ["-p", name, "docker-env", "--shell", "none"])), name) : undefined;
    const reachable = cluster.nodeAddress !== undefined || nodePortsReachable(profile.driver, host.platform, host.isWsl);
    return {
        kubeContext: cluster.kubeContext,
        loadMode,
        nodeAddress: cluster.nodeAddress ?? (profile.nodeIp || host.run("minikube", ["-p", name, "ip"]).trim()),
        nodePortsReachable: reachable,
        dockerDaemon,
        reachCommand: (service, namespace) => `minikube -p ${name} service ${service} -n ${namespace} --url`,
    };
}

export interface ClusterTargetArgs {
    /** What describeCluster found. */
    readonly description: ClusterDescription;
}

/** The explicit Kubernetes provider (and, for docker-env, the docker provider) every other resource uses. */
export class ClusterTarget extends pulumi.ComponentResource {
    readonly kubernetes: k8s.Provider;
    /** Minikube's Docker daemon for docker-env builds; undefined means the host's daemon. */
    readonly docker?: docker.Provider;
    readonly description: ClusterDescription;

    constructor(name: string, args: ClusterTargetArgs, opts?: pulumi.ComponentResourceOptions) {
        super("todo:cluster:ClusterTarget", name, {}, opts);
        this.description = args.description;
        this.kubernetes = new k8s.Provider(`${name}-kubernetes`, { context: args.description.kubeContext }, { parent: this });
        const daemon = args.description.dockerDaemon;
        if (daemon) {
            this.docker = new docker.Provider(`${name}-docker`, { host: daemon.host, certPath: daemon.certPath }, { parent: this });
        }
        this.registerOutputs({
            kubeContext: args.description.kubeContext,
            nodeAddress: args.description.nodeAddress,
            nodePortsReachable: args.description.nodePortsReachable,
        });
    }
}
