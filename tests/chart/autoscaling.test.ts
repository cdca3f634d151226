// The optional HorizontalPodAutoscaler per service: rendered exactly when
// <service>.autoscaling.enabled, and then the Deployment leaves `replicas` out, so that an
// upgrade never resets the count the autoscaler chose.
import * as assert from "assert";
import { Manifest, ofKind, prodValues, render, Workload } from "./helm";

interface Hpa extends Manifest {
  spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number; maxReplicas: number; metrics: Array<{ resource: { name: string; target: { averageUtilization: number } } }> };
}
interface Pdb extends Manifest {
  spec: { minAvailable: number };
}

const DEPLOYMENTS = ["todo-app-backend", "todo-app-frontend-chatbot", "todo-app-frontend-web"];

describe("chart: autoscaling", () => {
  it("is off by default: replicas set, no HorizontalPodAutoscaler", () => {
    const manifests = render();
    assert.deepStrictEqual(ofKind(manifests, "HorizontalPodAutoscaler"), []);
    assert.ok(ofKind<Workload>(manifests, "Deployment").every((d) => d.spec.replicas === 2));
  });

  it("on for one service: its HPA targets its Deployment, which leaves replicas out; the others keep theirs", () => {
    const manifests = render({ values: { backend: { autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 4, targetCPUUtilizationPercentage: 60 } } } });
    const [hpa, ...more] = ofKind<Hpa>(manifests, "HorizontalPodAutoscaler");
    assert.strictEqual(more.length, 0);
    assert.deepStrictEqual(hpa.spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: "todo-app-backend" });
    assert.deepStrictEqual([hpa.spec.minReplicas, hpa.spec.maxReplicas, hpa.spec.metrics[0].resource.target.averageUtilization], [2, 4, 60]);
    const replicas = Object.fromEntries(ofKind<Workload>(manifests, "Deployment").map((d) => [d.metadata.name, d.spec.replicas]));
    assert.deepStrictEqual(replicas, { "todo-app-backend": undefined, "todo-app-frontend-web": 2, "todo-app-frontend-chatbot": 2 });
  });

  it("prod's values turn it on for every service, above the PodDisruptionBudgets' minAvailable", () => {
    const manifests = render({ valuesFiles: [prodValues] });
    const hpas = ofKind<Hpa>(manifests, "HorizontalPodAutoscaler");
    assert.deepStrictEqual(hpas.map((h) => h.spec.scaleTargetRef.name).sort(), DEPLOYMENTS);
    assert.ok(ofKind<Workload>(manifests, "Deployment").every((d) => d.spec.replicas === undefined));
    const pdbs = ofKind<Pdb>(manifests, "PodDisruptionBudget");
    assert.strictEqual(pdbs.length, 3);
    for (const h of hpas) {
      const pdb = pdbs.find((p) => p.metadata.name === h.spec.scaleTargetRef.name)!;
      assert.ok(pdb.spec.minAvailable < h.spec.minReplicas, `${h.metadata.name}: minAvailable ${pdb.spec.minAvailable} < minReplicas ${h.spec.minReplicas}`);
    }
  });

  it("refuses minReplicas above maxReplicas, naming the fix", () => {
    assert.throws(
      () => render({ values: { frontendWeb: { autoscaling: { enabled: true, minReplicas: 6, maxReplicas: 3, targetCPUUtilizationPercentage: 70 } } } }),
      /frontendWeb.autoscaling.minReplicas: 6 is above maxReplicas \(3\); lower it or raise maxReplicas/,
    );
  });

  it("with autoscaling on and minReplicas 1 there is no PodDisruptionBudget (it would block every drain)", () => {
    const manifests = render({ values: { backend: { autoscaling: { enabled: true, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 70 } } } });
    assert.ok(!ofKind(manifests, "PodDisruptionBudget").some((p) => p.metadata.name === "todo-app-backend"));
  });
});
