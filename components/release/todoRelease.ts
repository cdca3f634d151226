// The Helm Release of the chart with the computed values: the last step of a deployment.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { releaseChanges } from "./releaseChanges";
import { Host } from "../shared/host";

/** The engine's type token of the Release (the runner's watch follows its steps). */
export const RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";

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
    readonly dependsOn: pulumi.Input<pulumi.Resource>[];
    /** Where a preview renders the chart and finds the deployed release, to list the objects that change. */
    readonly preview: { readonly host: Host; readonly chartDir: string; readonly kubeContext: string };
}

export class TodoRelease extends pulumi.ComponentResource {
    readonly status: pulumi.Output<k8s.types.output.helm.v3.ReleaseStatus>;

    constructor(name: string, args: TodoReleaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("todo:release:TodoRelease", name, {}, opts);
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
    const { host, chartDir, kubeContext } = args.preview;
    pulumi.output(args.values).apply((values) => {
        try {
            const lines = releaseChanges(host, { chartDir, releaseName: args.releaseName, namespace: args.namespace, kubeContext, values });
            pulumi.log.info([lines[0], ...lines.slice(1).map((l) => `    ${l}`)].join("\n"), release);
        } catch (e) {
            pulumi.log.warn(`could not list the objects the Release would change: ${e instanceof Error ? e.message : String(e)}`, release);
        }
    });
}
