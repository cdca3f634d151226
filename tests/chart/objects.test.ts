// Names, labels, Services, ConfigMaps and NetworkPolicies in dev: the hostnames the Pulumi
// program computes, stable selectors, and policies that select exactly the intended pods.
import * as assert from "assert";
import {
  devValues, Manifest, named, NAMESPACE, NetworkPolicy, ofKind, PodDisruptionBudget, PodSource, podSources,
  render, selects, Service, workloads,
} from "./helm";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { chartDir } from "./helm";

/** Chart.yaml's name and version: helm create's `<chart>.chart` label is built from them. */
const CHART = parseYaml(fs.readFileSync(path.join(chartDir, "Chart.yaml"), "utf8")) as { name: string; version: string };

const COMMON_LABELS = [
  "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/version",
  "app.kubernetes.io/component", "app.kubernetes.io/part-of", "app.kubernetes.io/managed-by", "helm.sh/chart",
];
const SELECTOR_KEYS = ["app.kubernetes.io/component", "app.kubernetes.io/instance", "app.kubernetes.io/name"];

/** Components of the pods a selector picks, sorted. */
function selected(pods: PodSource[], selector: { matchLabels?: Record<string, string> }): string[] {
  return pods.filter((p) => selects(selector, p.labels)).map((p) => p.labels["app.kubernetes.io/component"]).sort();
}

describe("chart: objects (dev values)", () => {
  let manifests: Manifest[];
  let pods: PodSource[];
  before(() => {
    manifests = render({ valuesFiles: [devValues] });
    pods = podSources(manifests);
  });

  it("labels every object and pod template with the standard set, in the release namespace", () => {
    const templates = workloads(manifests).map(
      (w) => ({ kind: `${w.kind} pod template`, metadata: w.spec.template.metadata }),
    );
    for (const m of [...manifests, ...templates]) {
      const labels = m.metadata.labels ?? {};
      for (const key of COMMON_LABELS) assert.ok(labels[key], `${m.kind}/${m.metadata.name ?? ""} lacks label ${key}`);
      assert.strictEqual(labels["app.kubernetes.io/part-of"], "todo-app");
      assert.strictEqual(labels["helm.sh/chart"], `${CHART.name}-${CHART.version}`.replace(/\+/g, "_"));
    }
    for (const m of manifests) assert.strictEqual(m.metadata.namespace, NAMESPACE, `${m.kind}/${m.metadata.name} namespace`);
  });

  it("selects pods by name, instance and component only (stable across upgrades)", () => {
    for (const w of workloads(manifests)) {
      assert.deepStrictEqual(Object.keys(w.spec.selector.matchLabels ?? {}).sort(), SELECTOR_KEYS, w.metadata.name);
      assert.ok(selects(w.spec.selector, w.spec.template.metadata.labels ?? {}), `${w.metadata.name} selects its own pods`);
    }
    for (const s of ofKind<Service>(manifests, "Service")) {
      assert.deepStrictEqual(Object.keys(s.spec.selector).sort(), SELECTOR_KEYS, s.metadata.name);
      const component = s.metadata.labels?.["app.kubernetes.io/component"];
      assert.deepStrictEqual(selected(pods, { matchLabels: s.spec.selector }), [component], `Service ${s.metadata.name}`);
    }
  });

  it("names the Services as the program expects, with the dev ports and NodePorts", () => {
    const ports = (name: string): unknown => {
      const s = named<Service>(manifests, "Service", name);
      return { type: s.spec.type, ports: s.spec.ports };
    };
    assert.deepStrictEqual(ports("todo-app-backend"), {
      type: "ClusterIP", ports: [{ name: "http", port: 8000, targetPort: "http", protocol: "TCP" }],
    });
    assert.deepStrictEqual(ports("todo-app-frontend-web"), {
      type: "NodePort", ports: [{ name: "http", port: 3000, targetPort: "http", protocol: "TCP", nodePort: 30000 }],
    });
    assert.deepStrictEqual(ports("todo-app-frontend-chatbot"), {
      type: "NodePort", ports: [{ name: "http", port: 3001, targetPort: "http", protocol: "TCP", nodePort: 30001 }],
    });
    assert.deepStrictEqual(ports("todo-app-postgresql"), {
      type: "ClusterIP", ports: [{ name: "postgresql", port: 5432, targetPort: "postgresql", protocol: "TCP" }],
    });
  });

  it("renders each service's env into <fullname>-<service>-config as strings", () => {
    assert.deepStrictEqual(named(manifests, "ConfigMap", "todo-app-backend-config").data, { LOG_LEVEL: "debug" });
    assert.deepStrictEqual(named(manifests, "ConfigMap", "todo-app-frontend-web-config").data, {});
    const withEnv = render({
      valuesFiles: [devValues],
      values: { frontendWeb: { env: { BACKEND_URL: "http://todo-app-backend:8000", PORT: 3000, DEBUG: false } } },
    });
    assert.deepStrictEqual(named(withEnv, "ConfigMap", "todo-app-frontend-web-config").data, {
      BACKEND_URL: "http://todo-app-backend:8000", PORT: "3000", DEBUG: "false",
    });
  });

  it("derives names from the release like helm create (fullnameOverride, release containing the chart name)", () => {
    const names = (opts: Parameters<typeof render>[0]): string[] =>
      ofKind<Service>(render(opts), "Service").map((s) => s.metadata.name).sort();
    assert.deepStrictEqual(names({ release: "demo" }), ["demo-todo-app-backend", "demo-todo-app-frontend-chatbot", "demo-todo-app-frontend-web"]);
    assert.deepStrictEqual(names({ release: "my-todo-app" }), ["my-todo-app-backend", "my-todo-app-frontend-chatbot", "my-todo-app-frontend-web"]);
    assert.deepStrictEqual(names({ values: { fullnameOverride: "todo" } }), ["todo-backend", "todo-frontend-chatbot", "todo-frontend-web"]);
  });

  it("NetworkPolicy: backend admits only the two frontends and the helm test pod, on 8000", () => {
    const np = named<NetworkPolicy>(manifests, "NetworkPolicy", "todo-app-backend");
    assert.deepStrictEqual(selected(pods, np.spec.podSelector), ["backend"]);
    assert.deepStrictEqual(np.spec.policyTypes, ["Ingress"]);
    assert.strictEqual(np.spec.ingress?.length, 1);
    const rule = np.spec.ingress[0];
    assert.deepStrictEqual(rule.ports, [{ port: 8000, protocol: "TCP" }]);
    const peers = (rule.from ?? []).flatMap((peer) => {
      assert.strictEqual(peer.namespaceSelector, undefined, "peers are in the release namespace only");
      return selected(pods, peer.podSelector ?? {});
    });
    assert.deepStrictEqual(peers.sort(), ["frontend-chatbot", "frontend-web", "test"]);
  });

  it("NetworkPolicy: PostgreSQL admits only the backend, on 5432", () => {
    const np = named<NetworkPolicy>(manifests, "NetworkPolicy", "todo-app-postgresql");
    assert.deepStrictEqual(selected(pods, np.spec.podSelector), ["postgresql"]);
    assert.strictEqual(np.spec.ingress?.length, 1);
    assert.deepStrictEqual(np.spec.ingress[0].ports, [{ port: 5432, protocol: "TCP" }]);
    assert.deepStrictEqual((np.spec.ingress[0].from ?? []).flatMap((p) => selected(pods, p.podSelector ?? {})), ["backend"]);
  });

  it("NetworkPolicy: each frontend admits anyone on its own port only; the test pod admits nothing", () => {
    for (const [component, port] of [["frontend-web", 3000], ["frontend-chatbot", 3001]] as const) {
      const np = named<NetworkPolicy>(manifests, "NetworkPolicy", `todo-app-${component}`);
      assert.deepStrictEqual(selected(pods, np.spec.podSelector), [component]);
      assert.deepStrictEqual(np.spec.ingress, [{ ports: [{ port, protocol: "TCP" }] }]);
    }
    const test = named<NetworkPolicy>(manifests, "NetworkPolicy", "todo-app-test");
    assert.deepStrictEqual(selected(pods, test.spec.podSelector), ["test"]);
    assert.deepStrictEqual(test.spec.ingress, []);
    // Every pod of the chart is covered by exactly one policy.
    const policies = ofKind<NetworkPolicy>(manifests, "NetworkPolicy");
    for (const p of pods) {
      assert.strictEqual(policies.filter((np) => selects(np.spec.podSelector, p.labels)).length, 1, p.owner);
    }
  });

  it("renders no NetworkPolicy when networkPolicy.enabled is false", () => {
    const off = render({ valuesFiles: [devValues], values: { networkPolicy: { enabled: false } } });
    assert.strictEqual(ofKind(off, "NetworkPolicy").length, 0);
  });

  it("PodDisruptionBudget minAvailable 1 for each service with more than one replica", () => {
    const pdbs = ofKind<PodDisruptionBudget>(manifests, "PodDisruptionBudget");
    assert.deepStrictEqual(pdbs.map((p) => selected(pods, p.spec.selector)).flat().sort(), ["backend", "frontend-chatbot", "frontend-web"]);
    for (const p of pdbs) assert.strictEqual(p.spec.minAvailable, 1);
    const single = render({ valuesFiles: [devValues], values: { backend: { replicaCount: 1 } } });
    assert.deepStrictEqual(ofKind(single, "PodDisruptionBudget").map((p) => p.metadata.name).sort(), ["todo-app-frontend-chatbot", "todo-app-frontend-web"]);
    const off = render({ valuesFiles: [devValues], values: { podDisruptionBudget: { enabled: false } } });
    assert.strictEqual(ofKind(off, "PodDisruptionBudget").length, 0);
  });

  it("helm test pod GETs every health endpoint through the Services' DNS names", () => {
    const test = pods.find((p) => p.owner === "Pod/todo-app-test-health");
    assert.ok(test);
    assert.strictEqual(test.annotations["helm.sh/hook"], "test");
    const c = test.spec.containers[0];
    assert.strictEqual(c.image, "todo-backend:0.1.0", "defaults to the backend image (has python)");
    assert.deepStrictEqual(c.command?.slice(0, 2), ["python", "-c"]);
    assert.deepStrictEqual(c.command?.slice(3), [
      "http://todo-app-backend.todo-app.svc:8000/health",
      "http://todo-app-backend.todo-app.svc:8000/ready",
      "http://todo-app-frontend-chatbot.todo-app.svc:3001/api/health",
      "http://todo-app-frontend-web.todo-app.svc:3000/api/health",
    ]);
    const custom = podSources(render({ valuesFiles: [devValues], values: { tests: { image: { repository: "local/py", tag: "3.13" } } } }));
    assert.strictEqual(custom.find((p) => p.owner.startsWith("Pod/"))?.spec.containers[0].image, "local/py:3.13");
  });
});
