// URLs a person can use: `http://<node>:<nodePort>` where that answers from this machine;
// otherwise no URL, and the exact command that prints a working one, for a log line.
import { ClusterDescription } from "./clusterTarget";

/** A URL output's value ("" when there is none) and, without one, how to reach the service. */
export interface Reach {
    readonly url: string;
    readonly advice?: string;
}

export function publicUrl(cluster: ClusterDescription, service: string, namespace: string, nodePort: number, servicePort: number): Reach {
    if (cluster.nodePortsReachable && cluster.nodeAddress) {
        return { url: `http://${cluster.nodeAddress}:${nodePort}` };
    }
    const why = cluster.nodeAddress
        ? `NodePorts of ${cluster.nodeAddress} are not reachable from this machine (container driver on macOS, Windows or WSL)`
        : "the node address is unknown (set nodeAddress)";
    return { url: "", advice: `${why}; run: ${cluster.reachCommand(service, namespace, nodePort, servicePort)}` };
}

/** The URL baked into build args; only a real address works there. */
export function urlForBuildArgs(cluster: ClusterDescription, nodePort: number | undefined): string | undefined {
    return cluster.nodeAddress && nodePort !== undefined ? `http://${cluster.nodeAddress}:${nodePort}` : undefined;
}
