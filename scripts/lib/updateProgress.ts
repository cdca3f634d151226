// Turns the engine's events during an update into one short line per step a developer cares
// about (an image build, its load into the cluster, a Secret, the Release's upgrade and
// rollout), and keeps each step's seconds, so the dev loop and the benchmark can say where
// the time went.
import { EngineEvent } from "@pulumi/pulumi/automation";

export type Phase = "build" | "load" | "secret" | "release";

const PHASE_OF_TYPE: Readonly<Record<string, Phase>> = {
    "docker:index/image:Image": "build",
    "command:local:Command": "load",
    "kubernetes:core/v1:Secret": "secret",
    "kubernetes:helm.sh/v3:Release": "release",
};

const STARTED: Readonly<Record<Phase, string>> = {
    build: "building",
    load: "loading into the cluster",
    secret: "writing Secret",
    release: "Helm upgrade and rollout (until the new pods are Ready)",
};

export interface StepTiming {
    readonly phase: Phase;
    /** The resource's name in the program, e.g. images-backend. */
    readonly name: string;
    readonly op: string;
    readonly seconds: number;
}

export class UpdateProgress {
    readonly steps: StepTiming[] = [];
    private readonly started = new Map<string, number>();

    constructor(private readonly print: (line: string) => void, private readonly now: () => number = Date.now) {}

    /** Pass as the Automation API's onEvent. */
    readonly onEvent = (event: EngineEvent): void => {
        const pre = event.resourcePreEvent?.metadata;
        const done = event.resOutputsEvent?.metadata;
        const failed = event.diagnosticEvent?.severity === "error" ? event.diagnosticEvent : undefined;
        if (pre && this.phaseOf(pre.type, pre.op)) {
            this.started.set(pre.urn, this.now());
            this.print(`  ${STARTED[this.phaseOf(pre.type, pre.op)!]}: ${nameOf(pre.urn)} (${pre.op})`);
        }
        if (done && this.started.has(done.urn)) {
            const phase = this.phaseOf(done.type, done.op)!;
            const seconds = (this.now() - this.started.get(done.urn)!) / 1000;
            this.steps.push({ phase, name: nameOf(done.urn), op: done.op, seconds });
            this.print(`  done: ${nameOf(done.urn)} in ${seconds.toFixed(1)} s`);
        }
        if (failed?.urn) {
            this.print(`  failed: ${nameOf(failed.urn)}: ${failed.message.trim().split("\n")[0]}`);
        }
    };

    /** Seconds per phase, summed over the steps of that phase. */
    secondsByPhase(): Record<Phase, number> {
        const total: Record<Phase, number> = { build: 0, load: 0, secret: 0, release: 0 };
        for (const s of this.steps) {
            total[s.phase] += s.seconds;
        }
        return total;
    }

    private phaseOf(type: string, op: string): Phase | undefined {
        return op === "same" || op === "read" ? undefined : PHASE_OF_TYPE[type];
    }
}

function nameOf(urn: string): string {
    return urn.split("::").pop() ?? urn;
}
