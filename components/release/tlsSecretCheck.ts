// An https stack whose TLS Secret the program does not write (no ingressTlsCertificate) serves
// whatever Secret already sits in the namespace under that name. If none does, the Ingress
// controller falls back to its own self-signed default certificate, and the first sign of it
// is a browser warning after the deploy. So the plan asks the cluster first.
import * as pulumi from "@pulumi/pulumi";
import { CommandRunner } from "../shared/commandRunner";

export interface TlsSecretQuestion {
    readonly stack: string;
    readonly kubeContext: string;
    readonly namespace: string;
    readonly secretName: string;
}

export class MissingTlsSecret extends pulumi.RunError {}

/** Throws MissingTlsSecret, with the fix, when the namespace has no such Secret. */
export function requireTlsSecret(run: CommandRunner, q: TlsSecretQuestion): void {
    const r = run("kubectl", ["--context", q.kubeContext, "--namespace", q.namespace, "get", "secret", q.secretName, "-o", "name"]);
    if (r.code === 0) {
        return;
    }
    const why = /\(NotFound\)/.test(r.stderr) ? "does not exist" : `could not be read (${r.stderr.trim().split("\n")[0]})`;
    throw new MissingTlsSecret(
        `The Ingress's TLS Secret '${q.secretName}' in namespace '${q.namespace}' ${why}; nothing was created or changed. ` +
            `Fix: let the program write it from your certificate and key: pulumi config set -s ${q.stack} ingressTlsCertificate -- "$(cat tls.crt)" && ` +
            `pulumi config set -s ${q.stack} --secret ingressTlsKey -- "$(cat tls.key)" (or set ingressTlsSecret to the Secret that holds them)`,
    );
}
