// Why a Release failed, from the cluster's own account: when Helm gives up on an atomic upgrade
// it says only "context deadline exceeded" and uninstalls or rolls back, taking the failing pods
// with it. The namespace's Warning events outlive them (an hour by default), so they still name
// each workload whose pods were never created (FailedCreate: Pod Security, quota) or never got
// Ready (CreateContainerConfigError, probe failures, image pulls, crash loops).
import { CommandRunner } from "./commandRunner";

interface KubeEvent {
    readonly type?: string;
    readonly reason?: string;
    readonly message?: string;
    readonly eventTime?: string | null;
    readonly firstTimestamp?: string | null;
    readonly lastTimestamp?: string | null;
    readonly involvedObject?: { readonly kind?: string; readonly name?: string };
}

/** The workload an object belongs to, from the names its controller gives it. */
export function workloadOf(kind: string, name: string): string {
    switch (kind) {
        case "Pod": {
            // Deployment pod `<deploy>-<rs hash>-<5>`, StatefulSet pod `<sts>-<ordinal>`, Job pod `<job>-<5>`: the first that fits.
            const suffix = [/-[a-z0-9]{6,10}-[a-z0-9]{5}$/, /-\d+$/, /-[a-z0-9]{5}$/].find((re) => re.test(name));
            return suffix ? name.replace(suffix, "") : name;
        }
        case "ReplicaSet":
            return name.replace(/-[a-z0-9]{6,10}$/, "");
        default:
            return name;
    }
}

/**
 * One line per workload with a Warning event since `since`: its first such event, e.g.
 * `todo-app-backend: FailedCreate (ReplicaSet todo-app-backend-5d9c7): pods "…" is forbidden: violates PodSecurity …`.
 */
export function diagnoseRelease(run: CommandRunner, kubeContext: string, namespace: string, since: Date): string[] {
    const r = run("kubectl", ["--context", kubeContext, "--namespace", namespace, "get", "events", "--output", "json"]);
    if (r.code !== 0) {
        return [`(could not read the namespace's events: ${r.stderr.trim().split("\n")[0]})`];
    }
    const events = ((JSON.parse(r.stdout) as { items?: KubeEvent[] }).items ?? [])
        .map((e) => ({ e, at: Date.parse(e.firstTimestamp ?? e.eventTime ?? e.lastTimestamp ?? "") }))
        .filter(({ e, at }) => e.type === "Warning" && at >= since.getTime() - 1000)
        .sort((a, b) => a.at - b.at);
    const first = new Map<string, KubeEvent>();
    for (const { e } of events) {
        const kind = e.involvedObject?.kind ?? "";
        const workload = workloadOf(kind, e.involvedObject?.name ?? "");
        if (!first.has(workload)) {
            first.set(workload, e);
        }
    }
    return [...first].map(([workload, e]) => `${workload}: ${e.reason} (${e.involvedObject?.kind} ${e.involvedObject?.name}): ${(e.message ?? "").trim()}`);
}
