// The Helm Release of the chart with the computed values: the last step of a deployment.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

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
        this.status = release.status;
        this.registerOutputs({ status: this.status });
    }
}
