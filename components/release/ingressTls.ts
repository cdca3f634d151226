// The Ingress's TLS Secret when the stack brings its own certificate (ingressTlsCertificate
// and the secret ingressTlsKey, judged before any resource by validateIngressTls.ts):
// the kubernetes.io/tls Secret the Ingress names. Without them an https stack's Secret comes
// from elsewhere (cert-manager): tlsSecretCheck.ts asks the cluster whether it is there.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

export interface IngressTlsArgs {
    /** The name the Ingress's tls section uses. */
    readonly name: string;
    readonly namespace: string;
    readonly certificate: string;
    readonly key: pulumi.Output<string>;
}

/** The kubernetes.io/tls Secret; the key stays a Pulumi secret in state and in the object. */
export function ingressTlsSecret(resourceName: string, args: IngressTlsArgs, opts: pulumi.CustomResourceOptions): k8s.core.v1.Secret {
    return new k8s.core.v1.Secret(
        resourceName,
        {
            metadata: { name: args.name, namespace: args.namespace, labels: { "app.kubernetes.io/part-of": "todo-app", "app.kubernetes.io/managed-by": "pulumi" } },
            type: "kubernetes.io/tls",
            stringData: { "tls.crt": args.certificate, "tls.key": pulumi.secret(args.key) },
        },
        opts,
    );
}
