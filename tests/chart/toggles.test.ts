// Objects that depend on values: the Secret (secrets.managed), PostgreSQL (postgresql.enabled),
// the Ingress, and the checksum annotations that roll pods on config/secret/chart changes.
import * as assert from "assert";
import {
  devValues, Manifest, named, ofKind, prodValues, render, RenderOptions, Service, Workload, workloads,
} from "./helm";

const DEPLOYMENTS = ["todo-app-backend", "todo-app-frontend-chatbot", "todo-app-frontend-web"];

function podAnnotations(opts: RenderOptions): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  const manifests = render(opts);
  for (const w of workloads(manifests)) {
    out[w.metadata.name] = w.spec.template.metadata.annotations ?? {};
  }
  return out;
}

function isPostgres(m: Manifest): boolean {
  return m.metadata.labels?.["app.kubernetes.io/component"] === "postgresql";
}

describe("chart: optional objects and rollout checksums", () => {
  it("renders no Secret when secrets.managed is false (the program creates it)", () => {
    for (const valuesFiles of [[], [devValues], [prodValues]]) {
      assert.strictEqual(ofKind(render({ valuesFiles }), "Secret").length, 0);
    }
  });

  // Plain `helm install` without the program (secrets.managed): the program never uses this mode.
  it("renders the Secret from secrets.data when secrets.managed is true (plain helm, not the program)", () => {
    const manifests = render({
      valuesFiles: [devValues],
      values: { secrets: { managed: true, data: { DATABASE_URL: "postgresql://todo@db/todo", POSTGRES_PASSWORD: "pw" } } },
    });
    const secret = named(manifests, "Secret", "todo-app-secrets");
    assert.strictEqual(secret.type, "Opaque");
    assert.deepStrictEqual(secret.data, {
      DATABASE_URL: Buffer.from("postgresql://todo@db/todo").toString("base64"),
      POSTGRES_PASSWORD: Buffer.from("pw").toString("base64"),
    });
  });

  it("with secrets.managed, a change of secrets.data changes checksum/secret on every pod", () => {
    const checksums = (password: string): string[] =>
      render({ valuesFiles: [devValues], values: { secrets: { managed: true, data: { DATABASE_URL: "postgresql://todo@db/todo", POSTGRES_PASSWORD: password } } } })
        .filter((m): m is Workload => m.kind === "Deployment" || m.kind === "StatefulSet")
        .map((w) => String(w.spec.template.metadata?.annotations?.["checksum/secret"]));
    const before = checksums("pw");
    const after = checksums("rotated");
    assert.strictEqual(before.length, 4, "3 Deployments and the PostgreSQL StatefulSet");
    for (const [i, sum] of before.entries()) {
      assert.match(sum, /^[0-9a-f]{64}$/);
      assert.notStrictEqual(after[i], sum);
    }
  });

  it("renders PostgreSQL (StatefulSet with a volumeClaimTemplate, Service, NetworkPolicy) only when enabled", () => {
    const dev = render({ valuesFiles: [devValues] });
    assert.deepStrictEqual(dev.filter(isPostgres).map((m) => m.kind).sort(), ["NetworkPolicy", "Service", "StatefulSet"]);
    const sts = named<Workload>(dev, "StatefulSet", "todo-app-postgresql");
    assert.strictEqual(sts.spec.replicas, 1);
    assert.strictEqual(sts.spec.serviceName, "todo-app-postgresql");
    assert.deepStrictEqual(sts.spec.volumeClaimTemplates?.map((v) => [v.metadata.name, v.spec.resources.requests.storage]), [["data", "1Gi"]]);
    assert.strictEqual(sts.spec.volumeClaimTemplates?.[0].spec.storageClassName, undefined, "empty storageClass = cluster default");
    const c = sts.spec.template.spec.containers[0];
    assert.strictEqual(c.image, "postgres:16.6-alpine");
    const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]));
    assert.deepStrictEqual(env, {
      POSTGRES_USER: "todo", POSTGRES_DB: "todo",
      POSTGRES_PASSWORD_FILE: "/run/secrets/postgresql/password",
      PGDATA: "/var/lib/postgresql/data/pgdata",
    });
    const mounts = Object.fromEntries((c.volumeMounts ?? []).map((m) => [m.mountPath, m.name]));
    assert.deepStrictEqual(mounts, {
      "/var/lib/postgresql/data": "data", "/var/run/postgresql": "run", "/tmp": "tmp", "/run/secrets/postgresql": "password",
    });
    assert.strictEqual(sts.spec.template.spec.securityContext?.fsGroup, 70);
    assert.strictEqual(c.securityContext?.runAsUser, 70);

    for (const valuesFiles of [[], [prodValues]]) {
      assert.deepStrictEqual(render({ valuesFiles }).filter(isPostgres), [], `no PostgreSQL objects with ${valuesFiles.join() || "defaults"}`);
    }
  });

  it("reads the PostgreSQL password from key postgresql.auth.passwordKey of Secret secrets.name", () => {
    const manifests = render({
      valuesFiles: [devValues],
      values: { secrets: { name: "custom" }, postgresql: { auth: { passwordKey: "PGPASS" }, persistence: { storageClass: "test-sc-7f" } } },
    });
    const sts = named<Workload>(manifests, "StatefulSet", "todo-app-postgresql");
    const vol = (sts.spec.template.spec.volumes ?? []).find((v) => v.name === "password");
    assert.deepStrictEqual(vol, {
      name: "password", secret: { secretName: "custom", items: [{ key: "PGPASS", path: "password" }], defaultMode: 0o440 },
    });
    assert.strictEqual(sts.spec.volumeClaimTemplates?.[0].spec.storageClassName, "test-sc-7f");
  });

  it("annotates pods with checksum/config only: no checksum/chart, and no checksum/secret for the program's content-named Secrets", () => {
    const base = podAnnotations({ valuesFiles: [devValues], values: { chartChecksum: "c1" } });
    for (const name of DEPLOYMENTS) {
      assert.match(base[name]["checksum/config"], /^[0-9a-f]{64}$/, name);
      assert.deepStrictEqual(Object.keys(base[name]).filter((k) => k.startsWith("checksum/")), ["checksum/config"], name);
    }
    assert.strictEqual(new Set(DEPLOYMENTS.map((n) => base[n]["checksum/config"])).size, 3, "one ConfigMap hash per service");
  });

  it("changes checksum/config of exactly the service whose env changed", () => {
    const base = podAnnotations({ valuesFiles: [devValues] });
    const changed = podAnnotations({ valuesFiles: [devValues], values: { backend: { env: { LOG_LEVEL: "warning" } } } });
    assert.notStrictEqual(changed["todo-app-backend"]["checksum/config"], base["todo-app-backend"]["checksum/config"]);
    for (const name of ["todo-app-frontend-chatbot", "todo-app-frontend-web"]) {
      assert.strictEqual(changed[name]["checksum/config"], base[name]["checksum/config"], name);
    }
  });

  it("a chart edit (chartChecksum) changes no pod template, PostgreSQL's included", () => {
    const before = render({ valuesFiles: [devValues], values: { chartChecksum: "c1" } });
    const after = render({ valuesFiles: [devValues], values: { chartChecksum: "c2" } });
    assert.deepStrictEqual(workloads(after).map((w) => w.spec.template), workloads(before).map((w) => w.spec.template));
  });

  it("each workload reads its own Secret when secretName is set, else secrets.name", () => {
    const secretRef = (w: Workload): string | undefined => (w.spec.template.spec.containers[0] as { envFrom?: Array<{ secretRef?: { name: string } }> }).envFrom?.find((e) => e.secretRef)?.secretRef?.name;
    const own = render({ valuesFiles: [devValues], values: { backend: { secretName: "b-1" }, frontendWeb: { secretName: "w-1" }, frontendChatbot: { secretName: "c-1" }, postgresql: { secretName: "p-1" } } });
    assert.deepStrictEqual(DEPLOYMENTS.map((n) => secretRef(named<Workload>(own, "Deployment", n))), ["b-1", "c-1", "w-1"]);
    const pgVolume = (named<Workload>(own, "StatefulSet", "todo-app-postgresql").spec.template.spec.volumes ?? []).find((v) => v.name === "password") as unknown as { secret: { secretName: string } };
    assert.strictEqual(pgVolume.secret.secretName, "p-1");
    const shared = render({ valuesFiles: [devValues], values: { secrets: { name: "shared-7f" } } });
    assert.deepStrictEqual(DEPLOYMENTS.map((n) => secretRef(named<Workload>(shared, "Deployment", n))), ["shared-7f", "shared-7f", "shared-7f"]);
  });

  it("with secrets.managed the chart hashes its own Secret's data into every pod, so plain-helm rotations roll", () => {
    const data = { DATABASE_URL: "postgresql://u:p@h/d", BETTER_AUTH_SECRET: "x".repeat(32), POSTGRES_PASSWORD: "p" };
    const a = podAnnotations({ valuesFiles: [devValues], values: { secrets: { managed: true, data } } });
    const b = podAnnotations({ valuesFiles: [devValues], values: { secrets: { managed: true, data: { ...data, BETTER_AUTH_SECRET: "y".repeat(32) } } } });
    for (const name of [...DEPLOYMENTS, "todo-app-postgresql"]) {
      assert.match(a[name]["checksum/secret"], /^[0-9a-f]{64}$/, name);
      assert.notStrictEqual(a[name]["checksum/secret"], b[name]["checksum/secret"], name);
    }
  });

  it("imagePullSecrets reach every pod, the helm test pod included", () => {
    const manifests = render({ valuesFiles: [devValues], values: { imagePullSecrets: [{ name: "todo-app-registry" }] } });
    for (const w of workloads(manifests)) {
      assert.deepStrictEqual((w.spec.template.spec as { imagePullSecrets?: unknown }).imagePullSecrets, [{ name: "todo-app-registry" }], w.metadata.name);
    }
  });

  it("ClusterIP frontends (nodePort null, as the program sends for NodePort 0) render without a nodePort", () => {
    const manifests = render({ valuesFiles: [devValues], values: { frontendWeb: { service: { type: "ClusterIP", nodePort: null } }, frontendChatbot: { service: { type: "ClusterIP", nodePort: null } } } });
    for (const name of ["todo-app-frontend-web", "todo-app-frontend-chatbot"]) {
      const svc = named<Service>(manifests, "Service", name);
      assert.strictEqual(svc.spec.type, "ClusterIP");
      assert.strictEqual(svc.spec.ports[0].nodePort, undefined);
    }
  });

  it("the Ingress serves the chatbot's own host and TLS when set", () => {
    const manifests = render({ valuesFiles: [prodValues], values: { ingress: { enabled: true, host: "todo.example.com", chatbotHost: "chat.todo.example.com", tlsSecretName: "todo-tls" } } });
    const ingress = named<Manifest & { spec: { tls: unknown; rules: Array<{ host: string; http: { paths: Array<{ backend: { service: { name: string } } }> } }> } }>(manifests, "Ingress", "todo-app");
    assert.deepStrictEqual(ingress.spec.tls, [{ secretName: "todo-tls", hosts: ["todo.example.com", "chat.todo.example.com"] }]);
    assert.deepStrictEqual(ingress.spec.rules.map((r) => [r.host, r.http.paths[0].backend.service.name]), [["todo.example.com", "todo-app-frontend-web"], ["chat.todo.example.com", "todo-app-frontend-chatbot"]]);
  });

  it("renders the Ingress to frontend-web only when enabled", () => {
    assert.strictEqual(ofKind(render({ valuesFiles: [prodValues] }), "Ingress").length, 0);
    const manifests = render({ valuesFiles: [prodValues], values: { ingress: { enabled: true } } });
    const ingress = named<Manifest & { spec: unknown }>(manifests, "Ingress", "todo-app");
    assert.deepStrictEqual(ingress.spec, {
      ingressClassName: "nginx",
      rules: [{
        host: "todo.example.com",
        http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "todo-app-frontend-web", port: { name: "http" } } } }] },
      }],
    });
  });

  it("prod values: the autoscalers own 3 backend and 2+2 frontend replicas, frontends still on NodePorts 30000/30001", () => {
    const manifests = render({ valuesFiles: [prodValues] });
    const floors = Object.fromEntries(ofKind<Manifest & { spec: { scaleTargetRef: { name: string }; minReplicas: number } }>(manifests, "HorizontalPodAutoscaler").map((h) => [h.spec.scaleTargetRef.name, h.spec.minReplicas]));
    assert.deepStrictEqual(floors, { "todo-app-backend": 3, "todo-app-frontend-chatbot": 2, "todo-app-frontend-web": 2 });
    assert.deepStrictEqual(ofKind<Service>(manifests, "Service").map((s) => s.spec.ports[0].nodePort).sort(), [30000, 30001, undefined]);
  });
});
