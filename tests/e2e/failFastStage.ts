// Issue 31, item 3, on the real cluster: `npm run up` stops waiting for a Release whose new pods
// can never start, and Helm's atomic rollback leaves the previous revision serving. Each control
// breaks one thing the way it breaks for users (the node lost an image, the node is tainted),
// then asks for one more backend replica: the new pod is the one that cannot start. Helm's
// timeout is set far above the watch's limits, so a run that ends early ended because of the
// watch, which prints after how long. CreateContainerConfigError has no such control: the
// program's Secrets are immutable, and a new pod still started on this node after its Secret
// was deleted (the kubelet keeps serving a Secret that running pods reference); the watch's
// reading of it is tested on pods captured from this cluster (tests/runner/stuckPods.test.ts).
import * as assert from "assert";
import { E2eCluster, Kube, sh } from "../../scripts/lib/cluster";
import { AppView } from "./appView";
import { EngineStack } from "./engine";

/** Far above the watch's limits (15-60 s plus polling), so that only the watch can end the wait early. */
export const FAIL_FAST_TIMEOUT_SECONDS = 900;

export interface FailFastControl {
    readonly title: string;
    /** The reason the watch must report, as stuckPods.ts names it. */
    readonly reason: RegExp;
    /** Breaks the cluster; returns what puts it back. */
    readonly breakIt: (kube: Kube, cluster: E2eCluster) => () => void;
}

interface NpmRun {
    readonly code: number;
    readonly output: string;
    readonly seconds: number;
}

const backendPodSpec = (kube: Kube): { image: string; secret: string } => {
    const spec = kube.json<{ spec: { template: { spec: { containers: Array<{ image: string; envFrom?: Array<{ secretRef?: { name: string } }> }> } } } }>(["get", "deployment", "todo-app-backend"]).spec.template.spec;
    const container = spec.containers[0];
    const secret = container.envFrom?.find((e) => e.secretRef)?.secretRef?.name;
    assert.ok(secret, "the backend reads its Secret through envFrom");
    return { image: container.image, secret };
};

/** The local cluster's containerd, where the kubelet looks for images (../shared/local-cluster/lib.sh). */
const CONTAINERD = `${process.env.LOCAL_CLUSTER_STATE ?? "/var/lib/local-cluster"}/run/containerd/containerd.sock`;

export const FAIL_FAST_CONTROLS: readonly FailFastControl[] = [
    {
        title: "the node lost the backend's image (an image reference that cannot resolve)",
        reason: /ImagePull: container backend: .*todo-backend.*\((ErrImagePull|ImagePullBackOff)\)/,
        breakIt: (kube, cluster) => {
            const { image } = backendPodSpec(kube);
            const ref = image.includes("/") ? `docker.io/${image}` : `docker.io/library/${image}`;
            sh("ctr", ["--address", CONTAINERD, "--namespace", "k8s.io", "images", "rm", ref]);
            // Loaded again the way the program loads it (the stage's imageLoadCommand).
            const [load, ...args] = cluster.imageLoad.replace("{image}", image).split(" ");
            return () => sh(load, args);
        },
    },
    {
        // A taint, not a cordon: the capacity check already refuses a cordoned node before any
        // resource (it counts only schedulable nodes), while a taint is something only the
        // scheduler judges, pod by pod.
        title: "the node is tainted NoSchedule (FailedScheduling for over a minute)",
        reason: /Unschedulable: 0\/1 nodes are available: 1 node\(s\) had untolerated taint \{todo\.example\/maintenance: now\}/,
        breakIt: (kube) => {
            const node = kube.kubectl(["get", "nodes", "-o", "jsonpath={.items[0].metadata.name}"]).stdout.trim();
            kube.kubectl(["taint", "nodes", node, "todo.example/maintenance=now:NoSchedule"]);
            return () => kube.kubectl(["taint", "nodes", node, "todo.example/maintenance=now:NoSchedule-"]);
        },
    },
];

/** The stack's settings the controls change, as deployed before them. */
export interface DeployedSettings {
    readonly backendReplicas: number;
    readonly releaseTimeoutSeconds: number;
}

/** Runs one control: break, scale the backend by one through `npm run up`, check the stop and the rollback, repair. */
export async function runFailFastControl(control: FailFastControl, stage: { stack: EngineStack; kube: Kube; cluster: E2eCluster }, deployed: DeployedSettings, npmRunUp: () => NpmRun): Promise<string> {
    const { stack, kube } = stage;
    const view = new AppView(kube);
    const revisionBefore = view.lastRevision().revision;
    const repair = control.breakIt(kube, stage.cluster);
    let run: NpmRun;
    try {
        await stack.setConfig({ backendReplicas: deployed.backendReplicas + 1, releaseTimeoutSeconds: FAIL_FAST_TIMEOUT_SECONDS });
        run = npmRunUp();
    } finally {
        repair();
        await stack.setConfig({ ...deployed });
    }
    const tail = run.output.slice(-5000);
    assert.strictEqual(run.code, 1, `npm run up must fail:\n${tail}`);
    const stop = /Stopped waiting for the Release after (\d+) s: [^\n]*\n((?:  - [^\n]*\n)+)/.exec(run.output);
    assert.ok(stop, `the watch did not stop the wait:\n${tail}`);
    assert.match(stop[2], control.reason);
    assert.ok(run.seconds < FAIL_FAST_TIMEOUT_SECONDS, "ended by the watch, not by Helm's timeout");
    const last = view.lastRevision();
    assert.match(last.description, new RegExp(`^Rollback to ${revisionBefore}$`), `helm history ends with the rollback: ${JSON.stringify(last)}`);
    assert.strictEqual(last.status, "deployed");
    assert.match(run.output, new RegExp(`Helm: release todo-app revision ${last.revision} is deployed: Rollback to ${revisionBefore}\\.`));
    const ready = kube.json<{ status: { readyReplicas?: number } }>(["get", "deployment", "todo-app-backend"]).status.readyReplicas;
    assert.strictEqual(ready, deployed.backendReplicas, "the previous revision's pods kept serving");
    return `${control.title}: stopped after ${stop[1]} s (npm run up exit 1 in ${run.seconds.toFixed(0)} s), ${last.description}; ${stop[2].trim().split("\n")[0].trim()}`;
}
