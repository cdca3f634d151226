// Ends `npm run up`'s wait on a Release whose pods cannot start instead of letting Helm wait out
// its whole timeout. The program watches the pods and logs the cause as an error on its
// TodoRelease (components/release/releasePodWatch.ts); on that error this aborts the update the way
// Ctrl-C does: the Automation API sends the CLI SIGINT, the engine asks each provider to
// cancel, and the kubernetes provider cancels Helm's context, so Helm's atomic upgrade rolls
// back (an atomic install uninstalls) exactly as it would at the timeout, minutes earlier.
// From the engine's events it also learns the Release's name, namespace and kube context, for
// the report of what Helm did afterwards.
import { EngineEvent } from "@pulumi/pulumi/automation";
import { RELEASE_TYPE, TODO_RELEASE_TYPE } from "../../components/release/todoRelease";
import { parseStuckMessage } from "../../components/release/stuckPods";

const PROVIDER_TYPE = "pulumi:providers:kubernetes";

/** Why the watch stopped the update: the program's causes, and how long after the Release step began. */
export interface ReleaseStop {
    readonly release: string;
    readonly namespace: string;
    readonly kubeContext: string;
    readonly afterSeconds: number;
    /** `  - pod <name>: <reason>: <message>`, as the program logged them. */
    readonly causes: readonly string[];
}

export class ReleaseWatch {
    /** Passed to the Automation API's `up({ signal })`. */
    readonly abort = new AbortController();
    /** Set once the watch has stopped the update. */
    stopped?: ReleaseStop;
    private kubeContext?: string;
    private target?: Pick<ReleaseStop, "release" | "namespace">;

    constructor(private readonly write: (text: string) => void) {}

    readonly onEvent = (event: EngineEvent): void => {
        const pre = event.resourcePreEvent?.metadata;
        if (pre?.type === PROVIDER_TYPE && typeof pre.new?.inputs?.context === "string") {
            this.kubeContext = pre.new.inputs.context;
        }
        if (pre?.type === RELEASE_TYPE) {
            this.target = { release: String(pre.new?.inputs?.name), namespace: String(pre.new?.inputs?.namespace ?? "default") };
        }
        const diagnostic = event.diagnosticEvent;
        // A URN's type is its parents' types and its own, joined by `$`.
        const onRelease = diagnostic?.urn?.split("::")[2]?.split("$").pop() === TODO_RELEASE_TYPE;
        const stuck = diagnostic?.severity === "error" && onRelease ? parseStuckMessage(diagnostic.message) : undefined;
        if (stuck === undefined || this.stopped || this.target === undefined || this.kubeContext === undefined) {
            return;
        }
        this.stopped = { ...this.target, kubeContext: this.kubeContext, ...stuck };
        this.write(`\n${describeStop(this.stopped)}\n`);
        this.abort.abort();
    };
}

/** What the user reads when the watch ends the wait: each cause, then what happens next. */
export function describeStop(s: ReleaseStop): string {
    return (
        `Stopped waiting for the Release after ${s.afterSeconds} s: its pods cannot start, and waiting longer will not change that:\n${s.causes.join("\n")}\n` +
        `Cancelling the update; Helm rolls the release back to the last good revision (atomic), as it would have at the timeout.`
    );
}
