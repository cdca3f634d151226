// The Helm Release of the chart with the computed values: the last step of a deployment.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { releaseChanges } from "./releaseChanges";
import { watchReleasePods } from "./releasePodWatch";
import { Host } from "../shared/host";

/** The engine's type token of the Release (the runner's watch follows its steps). */
export const RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";
/** This component's type token: the pod watch's error is logged on it. */
export const TODO_RELEASE_TYPE = "todo:release:TodoRelease";

export interface TodoReleaseArgs {
    /** Pinned: an unnamed helm.v3.Release gets a random suffix, which renames every Service. */
    readonly releaseName: string;
    readonly namespace: string;
    /** Relative to the project root, so the input is identical on every machine. */
    readonly chartPath: string;
    readonly values: pulumi.Inputs;
    readonly timeoutSeconds: number;
    /** Revisions Helm keeps for `helm rollback`. */
    readonly maxHistory: number;
    /** Builds and image loads the pods need before they can start. */
    readonly dependsOn: pulumi.Resource[];
    /** The cluster's tools: a preview renders the chart and reads the deployed release; an update watches the pods. */
    readonly cluster: { readonly host: Host; readonly chartDir: string; readonly kubeContext: string };
}

export class TodoRelease extends pulumi.ComponentResource {
    readonly status: pulumi.Output<k8s.types.output.helm.v3.ReleaseStatus>;

    constructor(name: string, args: TodoReleaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TODO_RELEASE_TYPE, name, {}, opts);
        const release = new k8s.helm.v3.Release(
            name,
            {
                name: args.releaseName,
                namespace: args.namespace,
                chart: args.chartPath,
                values: args.values,
                // A failed upgrade rolls back by itself instead of leaving a half-updated app.
                atomic: true,
                cleanupOnFail: true,
                timeout: args.timeoutSeconds,
                maxHistory: args.maxHistory,
                createNamespace: false,
            },
            { parent: this, dependsOn: args.dependsOn },
        );
        if (pulumi.runtime.isDryRun()) {
            logObjectChanges(release, args);
        }
        // Helm starts once every input is known and every dependency is done (a custom resource's id).
        const deps = args.dependsOn.map((d) => (pulumi.CustomResource.isInstance(d) ? d.id : d.urn));
        watchReleasePods(release, this, { kubeContext: args.cluster.kubeContext, namespace: args.namespace, started: pulumi.output(args.values).apply(() => pulumi.all(deps)) });
        this.status = release.status;
        this.registerOutputs({ status: this.status });
    }
}

/**
 * On the Release, the objects it would change, field by field. Only once every value is known:
 * a value that is not (an image digest pushed during the update) has nothing to render yet,
 * and the engine's own diff still shows the Release's inputs.
 */
function logObjectChanges(release: k8s.helm.v3.Release, args: TodoReleaseArgs): void {
    const { host, chartDir, kubeContext } = args.cluster;
    pulumi.output(args.values).apply((values) => {
        try {
            const lines = releaseChanges(host, { chartDir, releaseName: args.releaseName, namespace: args.namespace, kubeContext, values });
            pulumi.log.info([lines[0], ...lines.slice(1).map((l) => `    ${l}`)].join("\n"), release);
        } catch (e) {
            pulumi.log.warn(`could not list the objects the Release would change: ${e instanceof Error ? e.message : String(e)}`, release);
        }
    });
}
