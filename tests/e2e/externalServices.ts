// What lives outside the release in a real deployment and must exist for the stages that
// set every secret: an "external" PostgreSQL (databaseUrl points outside the release, as Neon
// does in prod; the chart's own PostgreSQL is then off) and an OpenAI-compatible stub for the
// chatbot (no model API can be reached here). Both run in a namespace of their own, from
// images built and loaded here like the app's.
import { Kube } from "../../scripts/lib/cluster";

export const EXTERNAL_NAMESPACE = "todo-e2e-deps";

type Manifest = Record<string, unknown>;

/** Applies a Deployment (one pod) and its Service, plus `extra` objects, and waits for the rollout. */
function deploy(kube: Kube, name: string, port: number, podSpec: Manifest, extra: Manifest[] = []): void {
    const labels = { app: name };
    const objects = [
        { apiVersion: "v1", kind: "Namespace", metadata: { name: EXTERNAL_NAMESPACE } },
        ...extra,
        { apiVersion: "v1", kind: "Service", metadata: { name, namespace: EXTERNAL_NAMESPACE }, spec: { selector: labels, ports: [{ port, targetPort: port }] } },
        {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name, namespace: EXTERNAL_NAMESPACE },
            spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } },
        },
    ];
    // Through stdin: a Secret's data never reaches a command line.
    kube.kubectl(["apply", "-f", "-"], { input: JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }) });
    kube.kubectl(["rollout", "status", `deployment/${name}`, "--timeout=180s"]);
}

const SMALL = { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } };

/** The database (idempotent); returns its in-cluster URL. */
export function startExternalDb(context: string, image: string, password: string): string {
    const kube = new Kube(context, EXTERNAL_NAMESPACE);
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "external-db", namespace: EXTERNAL_NAMESPACE }, stringData: { password } };
    deploy(kube, "external-db", 5432, {
        securityContext: { runAsUser: 70, runAsGroup: 70, fsGroup: 70 },
        containers: [
            {
                name: "postgres",
                image,
                imagePullPolicy: "IfNotPresent",
                env: [
                    { name: "POSTGRES_USER", value: "todo" },
                    { name: "POSTGRES_DB", value: "todo" },
                    { name: "POSTGRES_PASSWORD_FILE", value: "/run/secrets/db/password" },
                    { name: "PGDATA", value: "/data/pgdata" },
                ],
                resources: SMALL,
                readinessProbe: { exec: { command: ["pg_isready", "-h", "127.0.0.1", "-U", "todo", "-d", "todo"] }, periodSeconds: 2 },
                volumeMounts: [
                    { name: "data", mountPath: "/data" },
                    { name: "run", mountPath: "/var/run/postgresql" },
                    { name: "password", mountPath: "/run/secrets/db", readOnly: true },
                ],
            },
        ],
        volumes: [
            { name: "data", emptyDir: {} },
            { name: "run", emptyDir: {} },
            { name: "password", secret: { secretName: "external-db", defaultMode: 288 } },
        ],
    }, [secret]);
    return `postgresql://todo:${password}@external-db.${EXTERNAL_NAMESPACE}.svc.cluster.local:5432/todo`;
}

/** The OpenAI-compatible stub (tests/e2e/openai-stub); returns its base URL for OPENAI_BASE_URL. */
export function startOpenAiStub(context: string, image: string): string {
    deploy(new Kube(context, EXTERNAL_NAMESPACE), "openai-stub", 8080, {
        containers: [
            {
                name: "stub",
                image,
                imagePullPolicy: "IfNotPresent",
                resources: SMALL,
                readinessProbe: { httpGet: { path: "/health", port: 8080 }, periodSeconds: 2 },
            },
        ],
    });
    return `http://openai-stub.${EXTERNAL_NAMESPACE}.svc.cluster.local:8080/v1`;
}
