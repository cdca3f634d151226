// The stack's namespace, with the configured Pod Security level enforced: the release stage's
// first resource, so that the Secrets and the Release can land in it.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PodSecurityLevel } from "../config/settings";

/** Enforced, audited and warned at the same level: what the pre-render check promised holds. */
export function podSecurityLabels(level: PodSecurityLevel): Readonly<Record<string, string>> {
    return {
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/audit": level,
        "pod-security.kubernetes.io/warn": level,
    };
}

/**
 * Deleting a namespace: the Release is uninstalled first (Helm waits for its objects to go),
 * so the namespace is empty and the cluster finalizes it in seconds. It cannot while an
 * aggregated API does not answer (a broken metrics-server addon): the namespace controller must
 * list every API group first. Waiting on it then held `pulumi destroy` for the provider's 10
 * minutes and failed (issue 31), so destroy does not wait; `npm run destroy` reports a namespace
 * still Terminating, with the reason the cluster gives.
 */
const DELETE_WITHOUT_WAITING = { "pulumi.com/skipAwait": "true" };

/** The stack's namespace, created first so that the Secret and the Release can land in it. */
export function todoNamespace(name: string, namespace: string, level: PodSecurityLevel, opts: pulumi.CustomResourceOptions): k8s.core.v1.Namespace {
    return new k8s.core.v1.Namespace(
        name,
        {
            metadata: {
                name: namespace,
                labels: { ...podSecurityLabels(level), "app.kubernetes.io/part-of": "todo-app", "app.kubernetes.io/managed-by": "pulumi" },
                annotations: DELETE_WITHOUT_WAITING,
            },
        },
        opts,
    );
}
