// Which of a rollout's pods can never become Ready, from `kubectl get pods -o json` alone: Helm's
// wait checks readiness until its timeout (10 minutes by default) and never asks why a pod is
// not Ready, so a pod that cannot start for a reason no retry fixes holds `npm run up` for the
// whole timeout (issue 31: 10 min 17 s for an unschedulable surge pod). Each reason has a grace
// period first, because the kubelet and the scheduler retry and some causes clear by themselves
// (a Secret created a moment later, a node that frees CPU as old pods terminate).

/** The parts of a core/v1 Pod this reads. */
export interface PodJson {
    readonly metadata: { readonly name: string; readonly creationTimestamp?: string };
    readonly status?: {
        readonly phase?: string;
        readonly conditions?: readonly { readonly type: string; readonly status: string; readonly reason?: string; readonly message?: string }[];
        readonly containerStatuses?: readonly ContainerStatusJson[];
        readonly initContainerStatuses?: readonly ContainerStatusJson[];
    };
}

interface ContainerStatusJson {
    readonly name: string;
    readonly state?: { readonly waiting?: { readonly reason?: string; readonly message?: string } };
}

/** A reason a pod is not starting, as the cluster states it. */
export interface PodProblem {
    readonly pod: string;
    /** The kubelet's waiting reason (`ImagePull` for either pull failure), or `Unschedulable` from the scheduler. */
    readonly reason: string;
    readonly message: string;
}

/**
 * How long a reason must persist before it counts as permanent. The scheduler retries a pod
 * whenever a pod ends or a node changes, so an unschedulable pod gets a minute; the
 * kubelet's verdicts on the image and the container config are settled after two of its retries.
 */
export const GRACE_MS: Readonly<Record<string, number>> = {
    Unschedulable: 60_000,
    ErrImageNeverPull: 15_000,
    InvalidImageName: 15_000,
    CreateContainerConfigError: 20_000,
    // A pull that keeps failing through the kubelet's back-off (10 s, 20 s, ...): a tag the
    // registry does not have, credentials, or no route to it. The kubelet alternates between
    // ErrImagePull (with the registry's words) and ImagePullBackOff ("Back-off pulling image"),
    // so both count as one reason; a pull that is merely slow is ContainerCreating, not this.
    ImagePull: 40_000,
};

/** What is keeping each pod from starting now, when it is one of the reasons in GRACE_MS. */
export function podProblems(pods: readonly PodJson[]): PodProblem[] {
    return pods.flatMap((pod): PodProblem[] => {
        const name = pod.metadata.name;
        const unscheduled = pod.status?.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False" && c.reason === "Unschedulable");
        // A shortage, a cordoned node, a taint or a selector nothing matches stays so while Helm
        // waits; a volume still being provisioned (unbound claim) resolves itself.
        if (unscheduled && !/PersistentVolumeClaim|volume/i.test(unscheduled.message ?? "")) {
            return [{ pod: name, reason: "Unschedulable", message: unscheduled.message ?? "" }];
        }
        const containers = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
        return containers.flatMap((c): PodProblem[] => {
            const waiting = c.state?.waiting;
            const reason = waiting?.reason ?? "";
            const message = `container ${c.name}: ${waiting?.message ?? reason}`;
            if (reason === "ErrImagePull" || reason === "ImagePullBackOff") {
                return [{ pod: name, reason: "ImagePull", message: `${message} (${reason})` }];
            }
            return reason in GRACE_MS ? [{ pod: name, reason, message }] : [];
        });
    });
}

/** The parts of a core/v1 Event this reads. */
export interface EventJson {
    readonly involvedObject: { readonly kind?: string; readonly name?: string };
    readonly reason?: string;
    readonly message?: string;
    readonly lastTimestamp?: string;
    readonly eventTime?: string;
}

/** The kubelet's event for each failed pull: it carries the registry's words (401, not found, no route). */
const PULL_FAILED = /^Failed to pull image /;

/**
 * ImagePull problems with the registry's words in place of "Back-off pulling image": once the
 * kubelet backs off, the pod's status keeps only that, and the back-off outlasts the grace
 * period, so the status alone rarely says why. The latest failed-pull event of the pod does.
 */
export function withPullCauses(problems: readonly PodProblem[], events: readonly EventJson[]): PodProblem[] {
    const latest = new Map<string, EventJson>();
    const when = (e: EventJson): number => Date.parse(e.lastTimestamp ?? e.eventTime ?? "") || 0;
    for (const e of events) {
        const pod = e.involvedObject.name ?? "";
        if (e.involvedObject.kind !== "Pod" || e.reason !== "Failed" || !PULL_FAILED.test(e.message ?? "")) continue;
        const seen = latest.get(pod);
        if (!seen || when(e) >= when(seen)) latest.set(pod, e);
    }
    return problems.map((p) => {
        const failed = latest.get(p.pod);
        if (p.reason !== "ImagePull" || !failed) return p;
        const container = /^container [^:]+: /.exec(p.message)?.[0] ?? "";
        return { ...p, message: `${container}${failed.message} (ErrImagePull)` };
    });
}

/** Remembers since when each (pod, reason) has been seen, across polls. */
export class StuckPodTracker {
    private readonly firstSeen = new Map<string, number>();

    /** The problems that have lasted past their grace period at `now`; a problem that clears starts over. */
    observe(problems: readonly PodProblem[], now: number): PodProblem[] {
        const current = new Set(problems.map((p) => `${p.pod}\0${p.reason}`));
        for (const key of [...this.firstSeen.keys()]) {
            if (!current.has(key)) this.firstSeen.delete(key);
        }
        return problems.filter((p) => {
            const key = `${p.pod}\0${p.reason}`;
            const since = this.firstSeen.get(key) ?? now;
            this.firstSeen.set(key, since);
            return now - since >= GRACE_MS[p.reason];
        });
    }
}

/** The heading of the error the program logs on the Release; `npm run up` cancels the update on it. */
export const STUCK_HEADING = "The Release's pods cannot start, and waiting longer will not change that";

/** The error text: heading with the seconds since the Release step began, one line per cause, what happens next. */
export function stuckMessage(afterMs: number, problems: readonly PodProblem[]): string {
    const causes = problems.map((p) => `  - pod ${p.pod}: ${p.reason}: ${p.message}`).join("\n");
    return (
        `${STUCK_HEADING} (after ${Math.round(afterMs / 1000)} s):\n${causes}\n` +
        "Helm waits until releaseTimeoutSeconds, then rolls back (atomic); press Ctrl-C to cancel now (Helm rolls back at once). `npm run up` cancels by itself."
    );
}

/** Seconds and cause lines of a stuckMessage, or undefined for any other text. */
export function parseStuckMessage(text: string): { readonly afterSeconds: number; readonly causes: readonly string[] } | undefined {
    const m = new RegExp(`^${STUCK_HEADING} \\(after (\\d+) s\\):\\n((?:  - [^\\n]*\\n?)+)`).exec(text.trimStart());
    return m ? { afterSeconds: Number(m[1]), causes: m[2].trimEnd().split("\n") } : undefined;
}
