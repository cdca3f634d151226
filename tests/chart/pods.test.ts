// Every pod the chart creates in dev: count, restricted Pod Security fields, probes,
// resources, writable emptyDirs, envFrom, rollout strategy, and the share of a Minikube.
import * as assert from "assert";
import {
  Container, cpuMillis, devValues, Manifest, memoryBytes, named, ofKind, PodSource, podSources,
  prodValues, render, SecurityContext, skipReason, Workload,
} from "./helm";
import * as fs from "fs";
import { parse as parseYaml } from "yaml";

const APP = ["backend", "frontend-web", "frontend-chatbot"] as const;
const PROBES: Record<(typeof APP)[number], { port: number; liveness: string; readiness: string; writable: string[] }> = {
  backend: { port: 8000, liveness: "/health", readiness: "/ready", writable: ["/tmp"] },
  "frontend-web": { port: 3000, liveness: "/api/health", readiness: "/api/health", writable: ["/tmp", "/app/.next/cache"] },
  "frontend-chatbot": { port: 3001, liveness: "/api/health", readiness: "/api/health", writable: ["/tmp", "/app/.next/cache"] },
};
// A default Minikube: 4 CPUs, 8 GiB.
const MINIKUBE = { cpuMillis: 4000, memoryBytes: 8 * 1024 ** 3 };

function assertRestrictedContainer(owner: string, c: Container): void {
  const sc: SecurityContext = c.securityContext ?? {};
  const where = `${owner} container ${c.name}`;
  assert.strictEqual(sc.allowPrivilegeEscalation, false, `${where}: allowPrivilegeEscalation`);
  assert.strictEqual(sc.readOnlyRootFilesystem, true, `${where}: readOnlyRootFilesystem`);
  assert.strictEqual(sc.runAsNonRoot, true, `${where}: runAsNonRoot`);
  assert.ok(Number.isInteger(sc.runAsUser) && (sc.runAsUser ?? 0) > 0, `${where}: numeric non-zero runAsUser`);
  assert.ok(Number.isInteger(sc.runAsGroup), `${where}: numeric runAsGroup`);
  assert.deepStrictEqual(sc.capabilities?.drop, ["ALL"], `${where}: capabilities.drop`);
  assert.strictEqual(sc.capabilities?.add, undefined, `${where}: no added capabilities`);
  assert.strictEqual(sc.seccompProfile?.type, "RuntimeDefault", `${where}: seccompProfile`);
  assert.notStrictEqual(sc.privileged, true, `${where}: privileged`);
}

function assertResources(owner: string, c: Container): void {
  for (const kind of ["requests", "limits"] as const) {
    const list = c.resources?.[kind];
    assert.ok(list?.cpu !== undefined && list.memory !== undefined, `${owner} ${c.name}: resources.${kind} cpu+memory`);
  }
  assert.ok(cpuMillis(c.resources?.requests?.cpu) <= cpuMillis(c.resources?.limits?.cpu), `${owner}: cpu request <= limit`);
  assert.ok(memoryBytes(c.resources?.requests?.memory) <= memoryBytes(c.resources?.limits?.memory), `${owner}: memory request <= limit`);
}

describe("chart: pods (dev values)", () => {
  let manifests: Manifest[];
  let pods: PodSource[];
  before(() => {
    manifests = render({ valuesFiles: [devValues] });
    pods = podSources(manifests);
  });

  it("runs each Deployment with the replicas values-dev.yaml asks for (at least 2, so one pod serves through a rollout)", () => {
    const deployments = ofKind<Workload>(manifests, "Deployment");
    assert.deepStrictEqual(deployments.map((d) => d.metadata.name).sort(), APP.map((a) => `todo-app-${a}`).sort());
    const dev = parseYaml(fs.readFileSync(devValues, "utf8")) as Record<string, { replicaCount?: number }>;
    for (const [app, key] of [["backend", "backend"], ["frontend-web", "frontendWeb"], ["frontend-chatbot", "frontendChatbot"]] as const) {
      const replicas = named<Workload>(manifests, "Deployment", `todo-app-${app}`).spec.replicas;
      assert.strictEqual(replicas, dev[key].replicaCount, app);
      assert.ok((replicas ?? 1) >= 2, `${app}: ${replicas}`);
    }
  });

  it("creates the expected pod sources (3 Deployments, the PostgreSQL StatefulSet, the helm test Pod)", () => {
    assert.deepStrictEqual(pods.map((p) => p.owner).sort(), [
      "Deployment/todo-app-backend", "Deployment/todo-app-frontend-chatbot", "Deployment/todo-app-frontend-web",
      "Pod/todo-app-test-health", "StatefulSet/todo-app-postgresql",
    ]);
  });

  it("applies the restricted Pod Security fields to every pod and container", () => {
    for (const p of pods) {
      const sc = p.spec.securityContext ?? {};
      assert.strictEqual(sc.runAsNonRoot, true, `${p.owner}: pod runAsNonRoot`);
      assert.ok(Number.isInteger(sc.runAsUser) && (sc.runAsUser ?? 0) > 0, `${p.owner}: pod numeric runAsUser`);
      assert.ok(Number.isInteger(sc.runAsGroup), `${p.owner}: pod numeric runAsGroup`);
      assert.strictEqual(sc.seccompProfile?.type, "RuntimeDefault", `${p.owner}: pod seccompProfile`);
      assert.strictEqual(p.spec.automountServiceAccountToken, false, `${p.owner}: automountServiceAccountToken`);
      assert.strictEqual(p.spec.initContainers, undefined, `${p.owner}: no init containers`);
      for (const c of p.spec.containers) assertRestrictedContainer(p.owner, c);
    }
  });

  it("sets cpu and memory requests and limits on every container", () => {
    for (const p of pods) for (const c of p.spec.containers) assertResources(p.owner, c);
  });

  it("probes every long-running container; the run-to-completion test pod documents why it has none", () => {
    for (const p of pods) {
      for (const c of p.spec.containers) {
        if (p.owner.startsWith("Pod/")) {
          assert.ok(skipReason(p.annotations, "CKV_K8S_8"), `${p.owner}: reason for no liveness probe`);
          assert.ok(skipReason(p.annotations, "CKV_K8S_9"), `${p.owner}: reason for no readiness probe`);
          continue;
        }
        for (const probe of [c.livenessProbe, c.readinessProbe]) {
          assert.ok(probe && (probe.httpGet || probe.exec), `${p.owner} ${c.name}: liveness and readiness probes`);
          assert.ok((probe.periodSeconds ?? 0) > 0 && (probe.timeoutSeconds ?? 0) > 0, `${p.owner}: probe timing`);
        }
      }
    }
  });

  it("probes the runtime contract's endpoints on the http port", () => {
    for (const app of APP) {
      const d = named<Workload>(manifests, "Deployment", `todo-app-${app}`);
      const c = d.spec.template.spec.containers[0];
      const want = PROBES[app];
      assert.deepStrictEqual(c.ports, [{ name: "http", containerPort: want.port, protocol: "TCP" }]);
      assert.deepStrictEqual(c.livenessProbe?.httpGet, { path: want.liveness, port: want.port });
      assert.deepStrictEqual(c.readinessProbe?.httpGet, { path: want.readiness, port: want.port });
    }
    const pg = named<Workload>(manifests, "StatefulSet", "todo-app-postgresql").spec.template.spec.containers[0];
    assert.match((pg.livenessProbe?.exec?.command ?? []).join(" "), /pg_isready/);
    assert.match((pg.readinessProbe?.exec?.command ?? []).join(" "), /pg_isready/);
  });

  it("mounts an emptyDir at each writable path and nothing else writable", () => {
    for (const app of APP) {
      const spec = named<Workload>(manifests, "Deployment", `todo-app-${app}`).spec.template.spec;
      const mounts = spec.containers[0].volumeMounts ?? [];
      assert.deepStrictEqual(mounts.map((m) => m.mountPath), PROBES[app].writable, app);
      for (const m of mounts) {
        const vol = (spec.volumes ?? []).find((v) => v.name === m.name);
        assert.ok(vol?.emptyDir, `${app}: ${m.mountPath} is an emptyDir`);
      }
    }
  });

  it("reads its ConfigMap and its own Secret (the name the program gives) with envFrom, and never defines secret values inline", () => {
    const secretNames = { backend: "secrets-backend-1a2b", "frontend-web": "secrets-frontend-web-3c4d", "frontend-chatbot": "secrets-frontend-chatbot-5e6f" };
    const withNames = render({ valuesFiles: [devValues], values: { backend: { secretName: secretNames.backend }, frontendWeb: { secretName: secretNames["frontend-web"] }, frontendChatbot: { secretName: secretNames["frontend-chatbot"] } } });
    for (const app of APP) {
      const c = named<Workload>(withNames, "Deployment", `todo-app-${app}`).spec.template.spec.containers[0];
      assert.deepStrictEqual(c.envFrom, [
        { configMapRef: { name: `todo-app-${app}-config` } },
        { secretRef: { name: secretNames[app] } },
      ]);
      assert.strictEqual(c.env, undefined);
    }
  });

  it("rolls out one new pod at a time and never goes below the desired count", () => {
    for (const d of ofKind<Workload>(manifests, "Deployment")) {
      assert.deepStrictEqual(d.spec.strategy, { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
      assert.strictEqual(d.spec.template.spec.serviceAccountName, "todo-app");
    }
  });

  it("a terminating pod keeps serving through a preStop sleep, then drains within the grace period", () => {
    for (const d of ofKind<Workload>(manifests, "Deployment")) {
      const spec = d.spec.template.spec;
      assert.deepStrictEqual(spec.containers[0].lifecycle, { preStop: { sleep: { seconds: 5 } } }, d.metadata.name);
      // The sleep, then the chatbot's longest upstream call (30 s), before SIGKILL.
      assert.ok(spec.terminationGracePeriodSeconds! >= 5 + 30, `${d.metadata.name}: ${spec.terminationGracePeriodSeconds}`);
    }
    const prod = ofKind<Workload>(render({ valuesFiles: [prodValues] }), "Deployment");
    assert.ok(prod.every((d) => d.spec.template.spec.containers[0].lifecycle?.preStop?.sleep?.seconds === 10 && d.spec.template.spec.terminationGracePeriodSeconds === 50));
    // 0 turns the hook off (the API server refuses a 0 s sleep before Kubernetes 1.33).
    const none = ofKind<Workload>(render({ values: { shutdown: { preStopSleepSeconds: 0, terminationGracePeriodSeconds: 30 } } }), "Deployment");
    assert.ok(none.every((d) => d.spec.template.spec.containers[0].lifecycle === undefined));
    assert.throws(() => render({ values: { shutdown: { preStopSleepSeconds: 30, terminationGracePeriodSeconds: 30 } } }), /shutdown.terminationGracePeriodSeconds: 30 leaves no time to drain/);
  });

  it("requests under 70% of a 4 CPU / 8 GiB Minikube for the application pods", () => {
    let cpu = 0;
    let memory = 0;
    for (const d of ofKind<Workload>(manifests, "Deployment")) {
      for (const c of d.spec.template.spec.containers) {
        cpu += cpuMillis(c.resources?.requests?.cpu) * (d.spec.replicas ?? 1);
        memory += memoryBytes(c.resources?.requests?.memory) * (d.spec.replicas ?? 1);
      }
    }
    const cpuShare = cpu / MINIKUBE.cpuMillis;
    const memShare = memory / MINIKUBE.memoryBytes;
    const pg = named<Workload>(manifests, "StatefulSet", "todo-app-postgresql").spec.template.spec.containers[0];
    const withPg = {
      cpu: (cpu + cpuMillis(pg.resources?.requests?.cpu)) / MINIKUBE.cpuMillis,
      mem: (memory + memoryBytes(pg.resources?.requests?.memory)) / MINIKUBE.memoryBytes,
    };
    const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
    console.log(
      `      requests of the 6 application pods: cpu ${cpu}m = ${pct(cpuShare)} of 4 CPU, ` +
        `memory ${memory / 1024 ** 2}Mi = ${pct(memShare)} of 8 GiB ` +
        `(with PostgreSQL: cpu ${pct(withPg.cpu)}, memory ${pct(withPg.mem)})`,
    );
    assert.ok(cpuShare < 0.7, `cpu requests ${pct(cpuShare)} >= 70%`);
    assert.ok(memShare < 0.7, `memory requests ${pct(memShare)} >= 70%`);
  });
});
