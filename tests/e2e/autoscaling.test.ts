// The chart's optional HorizontalPodAutoscaler on a real API server: a release with
// autoscaling on installs, its HPA objects exist, and an upgrade that changes replicaCount
// keeps the count the autoscaler set (set here by hand: this cluster has no metrics-server),
// while a service without autoscaling is reset to its replicaCount, as the contrast.
// Pods never need to start: the images are placeholders that are never pulled.
import * as assert from "assert";
import * as path from "path";
import { e2eCluster, Kube, sh } from "../../scripts/lib/cluster";
import { PROJECT_ROOT } from "../program/harness";

const NAMESPACE = "todo-e2e-hpa";
const CHART = path.join(PROJECT_ROOT, "charts", "todo-app");
const AUTOSCALED = { enabled: true, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 70 };

function values(replicaCount: number): string {
    const service = (autoscaling: object | undefined) => ({
        replicaCount,
        image: { repository: "todo-placeholder", tag: "never-pulled", pullPolicy: "Never" },
        service: { type: "ClusterIP", nodePort: null },
        resources: { requests: { cpu: "1m", memory: "8Mi" }, limits: { cpu: "10m", memory: "16Mi" } },
        ...(autoscaling ? { autoscaling } : {}),
    });
    return JSON.stringify({ postgresql: { enabled: false }, backend: service(AUTOSCALED), frontendWeb: service(undefined), frontendChatbot: service(AUTOSCALED) });
}

describe("chart autoscaling on a real API server", function () {
    let kube: Kube;
    const replicas = (name: string): number => kube.json<{ spec: { replicas: number } }>(["get", "deployment", name]).spec.replicas;
    const install = (replicaCount: number): void => {
        kube.helm(["upgrade", "--install", "todo-app", CHART, "--values", "-"], { input: values(replicaCount) });
    };

    before(function () {
        this.timeout(5 * 60_000);
        kube = new Kube(e2eCluster().kubeContext, NAMESPACE);
        sh("kubectl", ["--context", kube.context, "delete", "namespace", NAMESPACE, "--ignore-not-found", "--wait=true", "--timeout=120s"]);
        sh("kubectl", ["--context", kube.context, "create", "namespace", NAMESPACE]);
    });

    after(function () {
        this.timeout(3 * 60_000);
        sh("kubectl", ["--context", kube.context, "delete", "namespace", NAMESPACE, "--ignore-not-found", "--wait=true", "--timeout=120s"], { allowFailure: true });
    });

    it("installs with an HPA per autoscaled service, and an upgrade keeps the count the autoscaler chose", async function () {
        this.timeout(5 * 60_000);
        install(2);
        const hpas = kube.json<{ items: Array<{ spec: { scaleTargetRef: { name: string }; minReplicas: number; maxReplicas: number } }> }>(["get", "hpa"]).items;
        assert.deepStrictEqual(hpas.map((h) => [h.spec.scaleTargetRef.name, h.spec.minReplicas, h.spec.maxReplicas]).sort(), [["todo-app-backend", 2, 5], ["todo-app-frontend-chatbot", 2, 5]]);
        // The autoscaler's decision, by hand; and the same for the service it does not own.
        for (const d of ["todo-app-backend", "todo-app-frontend-web"]) {
            kube.kubectl(["scale", "deployment", d, "--replicas=4"]);
        }
        install(3); // a user raises replicaCount: only the service without autoscaling follows it
        assert.strictEqual(replicas("todo-app-backend"), 4, "the upgrade left the autoscaled count alone");
        assert.strictEqual(replicas("todo-app-frontend-web"), 3, "contrast: without autoscaling, replicaCount wins");
        const revision = JSON.parse(kube.helm(["history", "todo-app", "-o", "json"]).stdout) as unknown[];
        assert.strictEqual(revision.length, 2, "one install, one upgrade");
        console.log(`      ${hpas.length} HPAs accepted; after ${revision.length} revisions backend keeps 4 replicas (autoscaled), frontend-web is reset to 3`);
    });
});
