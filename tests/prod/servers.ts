// The prod stage's servers: the registry (on this machine) and the Ingress controller's image,
// both built by servers/build.sh (cached), started by servers/registry.sh.
import * as path from "path";
import { loadCommandFor } from "../../components/images/imageLoad";
import { E2eCluster, sh } from "../../scripts/lib/cluster";
import { PROJECT_ROOT } from "../program/harness";

const SERVERS = path.join(PROJECT_ROOT, "tests", "prod", "servers");

export interface ProdServers {
    /** host:port */
    readonly registry: string;
    readonly user: string;
    /** Made by registry.sh for this run (test-only). */
    readonly password: string;
    /** PEM file of the CA that signed the registry's and the Ingress's certificates. */
    readonly ca: string;
    readonly tlsCert: string;
    readonly tlsKey: string;
    readonly traefikImage: string;
}

export function startServers(cluster: E2eCluster): ProdServers {
    const [registryBinary, traefikImage] = sh("bash", [path.join(SERVERS, "build.sh")]).stdout.trim().split("\n");
    sh("sh", ["-c", loadCommandFor({ mode: "command", command: cluster.imageLoad, minikubeProfile: "", kindCluster: "" }, traefikImage)!]);
    const exports = sh("bash", [path.join(SERVERS, "registry.sh"), "start", registryBinary]).stdout;
    const env = Object.fromEntries([...exports.matchAll(/(PROD_\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
    return {
        registry: env.PROD_REGISTRY,
        user: env.PROD_REGISTRY_USER,
        password: env.PROD_REGISTRY_PASSWORD,
        ca: env.PROD_CA,
        tlsCert: env.PROD_TLS_CERT,
        tlsKey: env.PROD_TLS_KEY,
        traefikImage,
    };
}

export function stopServers(): void {
    sh("bash", [path.join(SERVERS, "registry.sh"), "stop"]);
}
