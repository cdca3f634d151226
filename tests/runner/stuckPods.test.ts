// components/release/stuckPods.ts and releasePodWatch.ts on pods and events as a real cluster
// reports them (fixtures/stuck-pods/, made by capture.sh on the local cluster): which pods can
// never start, after how long, in whose words; and how scripts/lib/releaseWatch.ts ends
// `npm run up`'s wait on the error the program logs.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { EngineEvent } from "@pulumi/pulumi/automation";
import { CommandRunner } from "../../components/shared/commandRunner";
import { PodWatch } from "../../components/release/releasePodWatch";
import { EventJson, GRACE_MS, parseStuckMessage, PodJson, podProblems, STUCK_HEADING, StuckPodTracker, withPullCauses } from "../../components/release/stuckPods";
import { ReleaseWatch } from "../../scripts/lib/releaseWatch";

const fixture = <T>(name: string): T[] => (JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "stuck-pods", name), "utf8")) as { items: T[] }).items;
const captured = { items: fixture<PodJson>("pods.json") };
const failedEvents = fixture<EventJson>("events.json");
const pod = (name: string): PodJson => {
    const found = captured.items.find((p) => p.metadata.name === name);
    assert.ok(found, `pod ${name} in the fixture`);
    return found;
};
/** When the capture's pods were created: the watch counts only pods created after its Release step began. */
const createdAt = Math.min(...captured.items.map((p) => Date.parse(p.metadata.creationTimestamp ?? "")));

describe("pods that can never start, from the cluster's own pod status", () => {
    it("names each cause the kubelet and the scheduler report, as they word it", () => {
        const found = podProblems(captured.items).map((p) => [p.pod, p.reason]);
        assert.deepStrictEqual(found.sort(), [
            ["absent-image", "ImagePull"],
            ["cordoned-away", "Unschedulable"],
            ["insufficient-cpu", "Unschedulable"],
            ["invalid-name", "InvalidImageName"],
            ["missing-secret", "CreateContainerConfigError"],
            ["never-pulled", "ErrImageNeverPull"],
            ["root-image", "CreateContainerConfigError"],
        ]);
        const message = (name: string): string => podProblems([pod(name)])[0].message;
        assert.match(message("insufficient-cpu"), /Insufficient cpu/);
        assert.match(message("missing-secret"), /^container missing-secret: secret "todo-app-secrets-gone" not found/);
        assert.match(message("root-image"), /runAsNonRoot/);
        assert.match(message("absent-image"), /capture\/absent:1.*\((ErrImagePull|ImagePullBackOff)\)$/);
    });

    it("leaves out a running pod and one whose volume is still being bound", () => {
        assert.deepStrictEqual(podProblems([pod("running"), pod("waiting-volume")]), []);
        // The fixture does show the claim holding up scheduling: it is left out on purpose.
        assert.ok(pod("waiting-volume").status?.conditions?.some((c) => c.reason === "Unschedulable"));
    });

    it("counts a cause only once it has lasted its grace period, and starts over when it clears", () => {
        const tracker = new StuckPodTracker();
        const problems = podProblems([pod("never-pulled"), pod("insufficient-cpu")]);
        assert.deepStrictEqual(tracker.observe(problems, 0), []);
        assert.deepStrictEqual(tracker.observe(problems, GRACE_MS.ErrImageNeverPull - 1).length, 0);
        assert.deepStrictEqual(tracker.observe(problems, GRACE_MS.ErrImageNeverPull).map((p) => p.pod), ["never-pulled"]);
        assert.deepStrictEqual(tracker.observe(problems, GRACE_MS.Unschedulable).map((p) => p.pod), ["never-pulled", "insufficient-cpu"]);
        tracker.observe([], GRACE_MS.Unschedulable + 1);
        assert.deepStrictEqual(tracker.observe(problems, GRACE_MS.Unschedulable + 2), [], "a cause that cleared waits its grace again");
    });
});

/** The absent-image pod once the kubelet backs off, its status worded as the kubelet words it then. */
const backedOff = (): PodJson => {
    const p = pod("absent-image");
    const waiting = { reason: "ImagePullBackOff", message: 'Back-off pulling image "capture/absent:1"' };
    return { ...p, status: { ...p.status, containerStatuses: [{ name: "absent-image", state: { waiting } }] } };
};

describe("a failed pull, in the registry's words", () => {
    it("takes the pod's latest failed-pull event over the status's back-off", () => {
        const [problem] = podProblems([backedOff()]);
        assert.match(problem.message, /Back-off pulling image/, "control: the status alone says only back-off");
        const [named] = withPullCauses([problem], failedEvents);
        assert.match(named.message, /^container absent-image: Failed to pull image "capture\/absent:1": failed to pull and unpack image .*\(ErrImagePull\)$/);
        assert.strictEqual(named.reason, "ImagePull");
    });

    it("leaves every other cause, and a pull with no event, as the status words it", () => {
        const others = podProblems([pod("missing-secret"), pod("never-pulled")]);
        assert.deepStrictEqual(withPullCauses(others, failedEvents), others, "their events are `Error: ...`, no registry's words");
        const [problem] = podProblems([backedOff()]);
        assert.deepStrictEqual(withPullCauses([problem], failedEvents.filter((e) => e.involvedObject.name !== "absent-image")), [problem]);
    });
});

describe("the program's watch of a Release's pods", () => {
    const podsRunner = (items: PodJson[], calls: string[][] = [], events?: EventJson[]): CommandRunner => (cmd, args) => {
        calls.push([cmd, ...args]);
        if (args.includes("events")) {
            return events ? { code: 0, stdout: JSON.stringify({ items: events }), stderr: "" } : { code: 1, stdout: "", stderr: "the server is currently unable to handle the request" };
        }
        return { code: 0, stdout: JSON.stringify({ items }), stderr: "" };
    };
    const target = { kubeContext: "minikube", namespace: "todo-dev" };

    it("reports a pod of this step with a lasting cause, with the seconds and the cause, once past its grace", () => {
        let now = createdAt;
        const calls: string[][] = [];
        const watch = new PodWatch(target, createdAt, podsRunner([pod("never-pulled"), pod("running")], calls), () => now);
        assert.strictEqual(watch.poll(), undefined, "not at the first sight");
        now += GRACE_MS.ErrImageNeverPull;
        const message = watch.poll() ?? "";
        assert.match(message, new RegExp(`^${STUCK_HEADING} \\(after 15 s\\):\n  - pod never-pulled: ErrImageNeverPull: container never-pulled: .*\nHelm waits until releaseTimeoutSeconds`));
        assert.deepStrictEqual(parseStuckMessage(message)?.afterSeconds, 15);
        assert.deepStrictEqual(calls[0], ["kubectl", "--context", "minikube", "--namespace", "todo-dev", "get", "pods", "--output", "json"]);
    });

    it("names a pull failure in the registry's words, from the namespace's events, and keeps the status's when they cannot be read", () => {
        for (const events of [failedEvents, undefined]) {
            let now = createdAt;
            const calls: string[][] = [];
            const watch = new PodWatch(target, createdAt, podsRunner([backedOff()], calls, events), () => now);
            watch.poll();
            now += GRACE_MS.ImagePull;
            const cause = parseStuckMessage(watch.poll() ?? "")?.causes[0] ?? "";
            assert.match(cause, events ? /^  - pod absent-image: ImagePull: container absent-image: Failed to pull image "capture\/absent:1"/ : /Back-off pulling image .*\(ImagePullBackOff\)$/);
            assert.deepStrictEqual(calls.at(-1), ["kubectl", "--context", "minikube", "--namespace", "todo-dev", "get", "events", "--field-selector", "reason=Failed", "--output", "json"]);
        }
    });

    it("ignores pods from before the step, however stuck", () => {
        let now = createdAt;
        const stepStart = createdAt + 60_000;
        const watch = new PodWatch(target, stepStart, podsRunner([pod("never-pulled")]), () => now);
        for (; now < stepStart + 5 * 60_000; now += 5_000) {
            assert.strictEqual(watch.poll(), undefined);
        }
    });
});

describe("the Release watch of `npm run up`", () => {
    const RELEASE_URN = "urn:pulumi:dev::todo-app::todo:index:TodoApp$todo:release:TodoRelease::release";
    const preEvent = (type: string, inputs: Record<string, unknown>): EngineEvent =>
        ({ sequence: 0, timestamp: 0, resourcePreEvent: { metadata: { op: "update", urn: `urn:${type}`, type, new: { inputs } } } }) as unknown as EngineEvent;
    const diagnostic = (urn: string, severity: string, message: string): EngineEvent => ({ sequence: 0, timestamp: 0, diagnosticEvent: { urn, severity, message, color: "never" } }) as unknown as EngineEvent;
    let clock = createdAt;
    const stuck = new PodWatch({ kubeContext: "minikube", namespace: "todo-dev" }, createdAt, () => ({ code: 0, stdout: JSON.stringify({ items: [pod("never-pulled")] }), stderr: "" }), () => clock);
    stuck.poll();
    clock += GRACE_MS.ErrImageNeverPull;
    /** What the program logs on the Release: the real format, from a real poll. */
    const message = stuck.poll() ?? "";

    const watched = (...events: EngineEvent[]): { watch: ReleaseWatch; written: string[] } => {
        const written: string[] = [];
        const watch = new ReleaseWatch((t) => written.push(t));
        [preEvent("pulumi:providers:kubernetes", { context: "minikube" }), preEvent("kubernetes:helm.sh/v3:Release", { name: "todo-app", namespace: "todo-dev" }), ...events].forEach(watch.onEvent);
        return { watch, written };
    };

    it("aborts the update on the program's error about the Release's pods, and says why", () => {
        const { watch, written } = watched(diagnostic(RELEASE_URN, "error", message));
        assert.strictEqual(watch.abort.signal.aborted, true);
        assert.deepStrictEqual(watch.stopped, { release: "todo-app", namespace: "todo-dev", kubeContext: "minikube", afterSeconds: 15, causes: [message.split("\n")[1]] });
        assert.match(written.join(""), /Stopped waiting for the Release after 15 s: .*\n  - pod never-pulled: ErrImageNeverPull: container never-pulled: .*\nCancelling the update; Helm rolls the release back/);
    });

    it("leaves any other error alone, and the same text on another resource", () => {
        for (const event of [diagnostic(RELEASE_URN, "error", "helm: context deadline exceeded"), diagnostic(RELEASE_URN, "warning", message), diagnostic("urn:pulumi:dev::todo-app::pulumi:pulumi:Stack::todo-app-dev", "error", message), diagnostic(`${RELEASE_URN.replace("::release", "$kubernetes:helm.sh/v3:Release::release")}`, "error", "x")]) {
            assert.strictEqual(watched(event).watch.abort.signal.aborted, false, JSON.stringify(event));
        }
    });
});
