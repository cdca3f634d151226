// The cluster stage's settings: which cluster (always an explicit kubeconfig context, never the
// current one), the Minikube profile and its addons, the kind cluster, and the address the
// NodePorts answer on. Judged with every other stage's (../todoAppSettings.ts).
import { Problems, set } from "../config/problems";
import { RawConfig } from "../config/configKeys";
import { ClusterSettings, TargetKind } from "../config/settings";
import { parseMinikubeAddonImages, parseMinikubeAddons } from "./validateAddons";

const HOST_OR_IP = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$|^\[?[0-9a-fA-F:]+\]?$/;

export function clusterSettings(raw: RawConfig, targetKind: TargetKind, isProd: boolean, p: Problems): ClusterSettings {
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
    return { kind: targetKind, minikubeProfile, minikubeAddons, minikubeAddonImages, kindCluster, kubeContext, nodeAddress };
}
