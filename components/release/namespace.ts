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

/** The stack's namespace, created first so that the Secret and the Release can land in it. */
export function todoNamespace(name: string, namespace: string, level: PodSecurityLevel, opts: pulumi.CustomResourceOptions): k8s.core.v1.Namespace {
    return new k8s.core.v1.Namespace(
        name,
        { metadata: { name: namespace, labels: { ...podSecurityLabels(level), "app.kubernetes.io/part-of": "todo-app", "app.kubernetes.io/managed-by": "pulumi" } } },
        opts,
    );
}
