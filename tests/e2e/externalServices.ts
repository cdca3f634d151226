// An "external" PostgreSQL for the stage that sets every secret: databaseUrl must point at a
// database outside the release (the chart's own PostgreSQL is then off), as Neon is in prod.
// It runs in a namespace of its own, from the same local stand-in image as the chart's.
import { Kube } from "../../scripts/lib/cluster";

export const EXTERNAL_DB_NAMESPACE = "todo-e2e-db";

/** Creates the database (idempotent) and waits for it; returns its in-cluster URL. */
export function startExternalDb(context: string, image: string, password: string): string {
    const kube = new Kube(context, EXTERNAL_DB_NAMESPACE);
    const labels = { app: "external-db" };
    const objects = [
        { apiVersion: "v1", kind: "Namespace", metadata: { name: EXTERNAL_DB_NAMESPACE } },
        { apiVersion: "v1", kind: "Secret", metadata: { name: "external-db", namespace: EXTERNAL_DB_NAMESPACE }, stringData: { password } },
        {
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "external-db", namespace: EXTERNAL_DB_NAMESPACE },
            spec: { selector: labels, ports: [{ port: 5432, targetPort: 5432 }] },
        },
        {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "external-db", namespace: EXTERNAL_DB_NAMESPACE },
            spec: {
                replicas: 1,
                selector: { matchLabels: labels },
                template: {
                    metadata: { labels },
                    spec: {
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
                                resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
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
                    },
                },
            },
        },
    ];
    // Through stdin: the Secret's data never reaches a command line.
    kube.kubectl(["apply", "-f", "-"], { input: JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }) });
    kube.kubectl(["rollout", "status", "deployment/external-db", "--timeout=180s"]);
    return `postgresql://todo:${password}@external-db.${EXTERNAL_DB_NAMESPACE}.svc.cluster.local:5432/todo`;
}
