// A values file written for the user's existing chart (same keys, none of ours) renders with
// our chart, and our additions (restricted securityContext, probes' timing) fill the gaps.
import * as assert from "assert";
import * as path from "path";
import { Manifest, named, ofKind, render, Service, Workload } from "./helm";

const userValues = path.join(__dirname, "user-chart-values.yaml");

describe("chart: values written for the user's existing chart", () => {
  let manifests: Manifest[];
  before(() => {
    manifests = render({ valuesFiles: [userValues] });
  });

  it("renders the three services with the user's images, replicas and ports", () => {
    const images = ofKind<Workload>(manifests, "Deployment").map((d) => [d.metadata.name, d.spec.replicas, d.spec.template.spec.containers[0].image]);
    assert.deepStrictEqual(images, [
      ["todo-app-backend", 1, "todo-backend:1.4.2"],
      ["todo-app-frontend-chatbot", 1, "todo-frontend-chatbot:1.4.2"],
      ["todo-app-frontend-web", 1, "todo-frontend-web:1.4.2"],
    ]);
    const nodePorts = ofKind<Service>(manifests, "Service").map((s) => [s.metadata.name, s.spec.type, s.spec.ports[0].nodePort]);
    assert.deepStrictEqual(nodePorts, [
      ["todo-app-backend", "NodePort", 30002],
      ["todo-app-frontend-chatbot", "NodePort", 30001],
      ["todo-app-frontend-web", "NodePort", 30000],
    ]);
  });

  it("renders env into the same ConfigMap names as the user's chart", () => {
    assert.deepStrictEqual(named(manifests, "ConfigMap", "todo-app-frontend-web-config").data, { API_URL: "http://todo-app-backend:8000" });
    assert.deepStrictEqual(named(manifests, "ConfigMap", "todo-app-frontend-chatbot-config").data, { VITE_API_URL: "http://todo-app-backend:8000" });
    assert.strictEqual(named(manifests, "ConfigMap", "todo-app-backend-config").data?.LOG_LEVEL, "info");
  });

  it("uses the user's probe paths and timing, with our defaults for the keys they lack", () => {
    const c = named<Workload>(manifests, "Deployment", "todo-app-backend").spec.template.spec.containers[0];
    assert.deepStrictEqual(c.livenessProbe, {
      httpGet: { path: "/health", port: 8000 }, initialDelaySeconds: 15, periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 3,
    });
  });

  it("keeps every restricted field: the user's partial securityContext merges over our defaults", () => {
    const spec = named<Workload>(manifests, "Deployment", "todo-app-backend").spec.template.spec;
    assert.deepStrictEqual(spec.securityContext, {
      runAsNonRoot: true, runAsUser: 1000, runAsGroup: 10001, fsGroup: 1000, seccompProfile: { type: "RuntimeDefault" },
    });
    assert.deepStrictEqual(spec.containers[0].securityContext, {
      runAsNonRoot: true, runAsUser: 1000, runAsGroup: 10001, allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
    });
  });

  it("references the Secret by name and renders none", () => {
    assert.strictEqual(ofKind(manifests, "Secret").length, 0);
    for (const d of ofKind<Workload>(manifests, "Deployment")) {
      assert.deepStrictEqual(d.spec.template.spec.containers[0].envFrom?.[1], { secretRef: { name: "todo-app-secrets" } });
    }
  });
});
