// Why a Release failed, from the cluster's own account: when Helm gives up on an atomic upgrade
// it says only "context deadline exceeded" and uninstalls or rolls back, taking the failing pods
// with it. The namespace's Warning events outlive them (an hour by default), so they still name
// each workload whose pods were never created (FailedCreate: Pod Security, quota) or never got
// Ready (CreateContainerConfigError, probe failures, image pulls, crash loops).
import { CommandRunner } from "../../components/shared/commandRunner";

interface KubeEvent {
    readonly type?: string;
    readonly reason?: string;
    readonly message?: string;
    readonly eventTime?: string | null;
    readonly firstTimestamp?: string | null;
    readonly lastTimestamp?: string | null;
    /** How often the recorder saw this event (core/v1), or its series (events.k8s.io). */
    readonly count?: number;
    readonly series?: { readonly count?: number } | null;
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

/** At most this many causes per workload: the persistent ones come first, the rest is noise. */
const CAUSES_PER_WORKLOAD = 3;

interface Cause {
    /** The event whose message is shown: the single event repeated most. */
    event: KubeEvent;
    /** How often the cluster reported this reason for the workload (events aggregate repeats). */
    count: number;
}

const repeatsOf = (e: KubeEvent): number => Math.max(1, e.count ?? e.series?.count ?? 1);

/**
 * What the cluster reported for each workload since `since`, one line per Warning reason, the
 * most repeated first, e.g.
 * `todo-app-backend: Unhealthy (Pod todo-app-backend-6c6f9-gj526): Readiness probe failed: … (×14)`.
 * A cause repeats until the pod is gone (a probe that keeps failing, a key that is never there),
 * while a hiccup such as the kubelet's "failed to sync secret cache" is reported once; so the
 * count, not the time, decides which line leads and which message a reason shows.
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
    const causes = new Map<string, Map<string, Cause>>();
    for (const { e } of events) {
        const workload = workloadOf(e.involvedObject?.kind ?? "", e.involvedObject?.name ?? "");
        const reason = e.reason ?? "(no reason)";
        const byReason = causes.get(workload) ?? new Map<string, Cause>();
        causes.set(workload, byReason);
        const cause = byReason.get(reason);
        if (!cause) {
            byReason.set(reason, { event: e, count: repeatsOf(e) });
            continue;
        }
        cause.count += repeatsOf(e);
        if (repeatsOf(e) > repeatsOf(cause.event)) {
            cause.event = e;
        }
    }
    return [...causes].flatMap(([workload, byReason]) =>
        [...byReason]
            .sort(([, a], [, b]) => b.count - a.count)
            .slice(0, CAUSES_PER_WORKLOAD)
            .map(([reason, { event, count }]) => {
                const times = count > 1 ? ` (×${count})` : "";
                return `${workload}: ${reason} (${event.involvedObject?.kind} ${event.involvedObject?.name}): ${(event.message ?? "").trim()}${times}`;
            }),
    );
}
