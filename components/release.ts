// Step 5 of a deployment: the namespace (the configured Pod Security level enforced) and the Helm
// Release of the chart with the computed values.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PodSecurityLevel } from "./settings";

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

/** Enforced, audited and warned at the same level: what the pre-render check promised holds. */
export function podSecurityLabels(level: PodSecurityLevel): Readonly<Record<string, string>> {
    return {
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/audit": level,
        "pod-security.kubernetes.io/warn": level,
    };
}

/** The stack's namespace, created first so that the Secret and the Release can land in it. */
export function todoNamespace(name: string, namespace: string, level: PodSecurityLevel, opts: pulumi.CustomResourceOptions): k8s.core.v1.Namespace {
    return new k8s.core.v1.Namespace(
        name,
        { metadata: { name: namespace, labels: { ...podSecurityLabels(level), "app.kubernetes.io/part-of": "todo-app", "app.kubernetes.io/managed-by": "pulumi" } } },
        opts,
    );
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
