// Ends `npm run up`'s wait on a Release whose pods cannot start (stuckPods.ts) instead of
// letting Helm wait out its whole timeout. From the engine's events it learns when the Release
// step starts and in which namespace and kube context; it then polls the namespace's pods that
// this step created, and on a permanent cause aborts the update the way Ctrl-C does: the
// Automation API sends the CLI SIGINT, the engine asks each provider to cancel, and the
// kubernetes provider cancels Helm's context, so Helm's atomic upgrade rolls back (an atomic
// install uninstalls) exactly as it would at the timeout, minutes earlier.
import { EngineEvent } from "@pulumi/pulumi/automation";
import { CommandRunner } from "./commandRunner";
import { RELEASE_TYPE } from "../../components/release/todoRelease";
import { PodJson, PodProblem, podProblems, StuckPodTracker } from "./stuckPods";

const PROVIDER_TYPE = "pulumi:providers:kubernetes";
/** The steps that make Helm install or upgrade (and so wait). */
const WAITING_OPS = new Set(["create", "update", "replace", "create-replacement"]);
/** Pods the step created; a little slack for the API server's clock, which is this machine's or close to it. */
const CLOCK_SLACK_MS = 2_000;

/** Why the watch stopped the update: the pods and causes, and how long after the Release step began. */
export interface ReleaseStop {
    readonly release: string;
    readonly namespace: string;
    readonly kubeContext: string;
    readonly afterMs: number;
    readonly problems: readonly PodProblem[];
}

type WatchTarget = Pick<ReleaseStop, "release" | "namespace" | "kubeContext">;

export class ReleaseWatch {
    /** Passed to the Automation API's `up({ signal })`. */
    readonly abort = new AbortController();
    /** Set once the watch has stopped the update. */
    stopped?: ReleaseStop;
    private kubeContext?: string;
    private timer?: NodeJS.Timeout;
    private readonly tracker = new StuckPodTracker();

    constructor(
        private readonly run: CommandRunner,
        private readonly write: (text: string) => void,
        private readonly pollMs = 5_000,
        private readonly now: () => number = Date.now,
    ) {}

    readonly onEvent = (event: EngineEvent): void => {
        const pre = event.resourcePreEvent?.metadata;
        if (pre?.type === PROVIDER_TYPE && typeof pre.new?.inputs?.context === "string") {
            this.kubeContext = pre.new.inputs.context;
        }
        if (pre?.type === RELEASE_TYPE && WAITING_OPS.has(pre.op) && this.kubeContext !== undefined) {
            this.start({ release: String(pre.new?.inputs?.name), namespace: String(pre.new?.inputs?.namespace ?? "default"), kubeContext: this.kubeContext });
        }
        const done = event.resOutputsEvent?.metadata ?? event.resOpFailedEvent?.metadata;
        if (done?.type === RELEASE_TYPE || event.summaryEvent !== undefined) {
            this.stop();
        }
    };

    /** Stops polling (also when the update ends some other way). */
    stop(): void {
        clearInterval(this.timer);
        this.timer = undefined;
    }

    private start(target: WatchTarget): void {
        this.stop();
        const startedAt = this.now();
        this.timer = setInterval(() => this.poll(target, startedAt), this.pollMs);
        this.timer.unref();
    }

    /** One look at the step's pods; aborts the update when a cause has outlasted its grace period. */
    poll(target: WatchTarget, startedAt: number): void {
        const r = this.run("kubectl", ["--context", target.kubeContext, "--namespace", target.namespace, "get", "pods", "--output", "json"]);
        if (r.code !== 0) {
            return; // an API hiccup: Helm's own timeout still bounds the wait
        }
        const pods = ((JSON.parse(r.stdout) as { items?: PodJson[] }).items ?? []).filter(
            (p) => Date.parse(p.metadata.creationTimestamp ?? "") >= startedAt - CLOCK_SLACK_MS,
        );
        const lasting = this.tracker.observe(podProblems(pods), this.now());
        if (lasting.length === 0 || this.stopped) {
            return;
        }
        this.stopped = { ...target, afterMs: this.now() - startedAt, problems: lasting };
        this.stop();
        this.write(`\n${describeStop(this.stopped)}\n`);
        this.abort.abort();
    }
}

/** What the user reads when the watch ends the wait: each cause, then what happens next. */
export function describeStop(s: ReleaseStop): string {
    const causes = s.problems.map((p) => `  - pod ${p.pod}: ${p.reason}: ${p.message}`).join("\n");
    return (
        `Stopped waiting for the Release after ${Math.round(s.afterMs / 1000)} s: its pods cannot start, and waiting longer will not change that:\n${causes}\n` +
        `Cancelling the update; Helm rolls the release back to the last good revision (atomic), as it would have at the timeout.`
    );
}
