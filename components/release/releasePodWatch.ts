// While Helm waits for a Release's pods (an update, never a preview), the program looks at the
// pods this step created every 5 s, and when one cannot start for a reason no wait fixes
// (stuckPods.ts) it says so as an error on the TodoRelease component. Not on the Release: a
// message on a resource waits for its URN, which the engine returns only when the step ends.
// The plain CLI then prints the cause as it happens instead of Helm's "context deadline
// exceeded" at the end of releaseTimeoutSeconds, and the update fails with it; `npm run up`
// reads that error and cancels the update, so Helm's atomic upgrade rolls back minutes early
// (scripts/lib/releaseWatch.ts).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CommandRunner, runCommand } from "../shared/commandRunner";
import { EventJson, PodJson, StuckPodTracker, podProblems, stuckMessage, withPullCauses } from "./stuckPods";

/** Pods the step created; a little slack for the API server's clock. */
const CLOCK_SLACK_MS = 2_000;
const POLL_MS = 5_000;

/** One Release step's pods, looked at poll by poll. */
export class PodWatch {
    private readonly tracker = new StuckPodTracker();

    constructor(
        private readonly target: { readonly kubeContext: string; readonly namespace: string },
        private readonly startedAt: number,
        private readonly run: CommandRunner = (cmd, args) => runCommand(cmd, args, { timeoutMs: 10_000 }),
        private readonly now: () => number = Date.now,
    ) {}

    /** The error to log when a pod of this step has a lasting cause; undefined while none has. */
    poll(): string | undefined {
        const r = this.run("kubectl", [...this.namespaced(), "get", "pods", "--output", "json"]);
        if (r.code !== 0) {
            return undefined; // an API hiccup: Helm's own timeout still bounds the wait
        }
        const pods = ((JSON.parse(r.stdout) as { items?: PodJson[] }).items ?? []).filter((p) => Date.parse(p.metadata.creationTimestamp ?? "") >= this.startedAt - CLOCK_SLACK_MS);
        const lasting = this.tracker.observe(podProblems(pods), this.now());
        if (lasting.length === 0) {
            return undefined;
        }
        return stuckMessage(this.now() - this.startedAt, lasting.some((p) => p.reason === "ImagePull") ? withPullCauses(lasting, this.failedEvents()) : lasting);
    }

    /** The namespace's `Failed` events; none when the API does not answer (the status's words stand). */
    private failedEvents(): EventJson[] {
        const r = this.run("kubectl", [...this.namespaced(), "get", "events", "--field-selector", "reason=Failed", "--output", "json"]);
        return r.code === 0 ? ((JSON.parse(r.stdout) as { items?: EventJson[] }).items ?? []) : [];
    }

    private namespaced(): string[] {
        return ["--context", this.target.kubeContext, "--namespace", this.target.namespace];
    }
}

export interface PodWatchArgs {
    readonly kubeContext: string;
    readonly namespace: string;
    /** Resolves when Helm starts: every input of the Release known, every dependency done. */
    readonly started: pulumi.Output<unknown>;
}

/** Watches the Release's pods until the Release is done; logs one error on `owner` when a pod cannot start. */
export function watchReleasePods(release: k8s.helm.v3.Release, owner: pulumi.ComponentResource, args: PodWatchArgs): void {
    if (pulumi.runtime.isDryRun()) {
        return;
    }
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const stop = (): void => {
        done = true;
        clearInterval(timer);
    };
    args.started.apply(() => {
        if (done) return;
        const watch = new PodWatch(args, Date.now());
        timer = setInterval(() => {
            const stuck = watch.poll();
            if (stuck !== undefined) {
                stop();
                pulumi.log.error(stuck, owner);
            }
        }, POLL_MS);
        // Never what keeps the program running: the engine's pending Release does.
        timer.unref();
    });
    release.status.apply(stop);
}
