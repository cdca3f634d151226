// The prod stage's Ingress controller: Traefik v3 (built here by servers/build.sh), its
// Kubernetes Ingress provider serving every Ingress of class `traefik`, over TLS on 8443,
// exposed as NodePort 30443 (127.0.0.1 here). It runs as nobody under the restricted Pod
// Security level like the app, with a readiness probe on its ping entry point.
import { Kube } from "../../scripts/lib/cluster";

export const TRAEFIK_NAMESPACE = "todo-prod-ingress";
export const INGRESS_CLASS = "traefik";
export const HTTPS_NODE_PORT = 30443;

type Manifest = Record<string, unknown>;

function manifests(image: string): Manifest[] {
    const labels = { app: "traefik" };
    const ns = { namespace: TRAEFIK_NAMESPACE };
    return [
        { apiVersion: "v1", kind: "Namespace", metadata: { name: TRAEFIK_NAMESPACE, labels: { "pod-security.kubernetes.io/enforce": "restricted" } } },
        { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "traefik", ...ns } },
        {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRole",
            metadata: { name: "todo-prod-traefik" },
            rules: [
                { apiGroups: [""], resources: ["services", "secrets", "nodes", "endpoints"], verbs: ["get", "list", "watch"] },
                { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["get", "list", "watch"] },
                { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "ingressclasses"], verbs: ["get", "list", "watch"] },
                { apiGroups: ["networking.k8s.io"], resources: ["ingresses/status"], verbs: ["update"] },
            ],
        },
        {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRoleBinding",
            metadata: { name: "todo-prod-traefik" },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "todo-prod-traefik" },
            subjects: [{ kind: "ServiceAccount", name: "traefik", ...ns }],
        },
        { apiVersion: "networking.k8s.io/v1", kind: "IngressClass", metadata: { name: INGRESS_CLASS }, spec: { controller: "traefik.io/ingress-controller" } },
        {
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "traefik", ...ns },
            spec: { type: "NodePort", selector: labels, ports: [{ name: "websecure", port: 443, targetPort: 8443, nodePort: HTTPS_NODE_PORT }] },
        },
        {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "traefik", ...ns },
            spec: {
                replicas: 1,
                selector: { matchLabels: labels },
                template: {
                    metadata: { labels },
                    spec: {
                        serviceAccountName: "traefik",
                        securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } },
                        containers: [
                            {
                                name: "traefik",
                                image,
                                imagePullPolicy: "IfNotPresent",
                                args: [
                                    "--entryPoints.websecure.address=:8443",
                                    "--entryPoints.websecure.http.tls=true",
                                    "--entryPoints.ping.address=:8082",
                                    "--ping.entryPoint=ping",
                                    "--providers.kubernetesIngress=true",
                                    "--log.level=INFO",
                                ],
                                ports: [{ containerPort: 8443 }, { containerPort: 8082 }],
                                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                                resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
                                readinessProbe: { httpGet: { path: "/ping", port: 8082 }, periodSeconds: 2 },
                                livenessProbe: { httpGet: { path: "/ping", port: 8082 }, periodSeconds: 10 },
                            },
                        ],
                    },
                },
            },
        },
    ];
}

/** Applies the controller (idempotent) and waits until it is Ready. */
export function startTraefik(context: string, image: string): void {
    const kube = new Kube(context, TRAEFIK_NAMESPACE);
    kube.kubectl(["apply", "-f", "-"], { input: JSON.stringify({ apiVersion: "v1", kind: "List", items: manifests(image) }) });
    kube.kubectl(["rollout", "status", "deployment/traefik", "--timeout=180s"]);
}

/** Removes the controller and its cluster-wide objects. */
export function stopTraefik(context: string): void {
    const kube = new Kube(context, TRAEFIK_NAMESPACE);
    kube.kubectl(["delete", "namespace", TRAEFIK_NAMESPACE, "--ignore-not-found", "--wait=true", "--timeout=120s"]);
    kube.kubectl(["delete", "clusterrole,clusterrolebinding", "todo-prod-traefik", "--ignore-not-found"]);
    kube.kubectl(["delete", "ingressclass", INGRESS_CLASS, "--ignore-not-found"]);
}
