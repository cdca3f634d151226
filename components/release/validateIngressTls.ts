// The stack's own TLS certificate for the Ingress (ingressTlsCertificate and the secret
// ingressTlsKey), judged before any resource with node:crypto: a PEM certificate, a key that
// belongs to it, a name for every public host, not expired. The key's text never appears in
// a problem. The Secret itself: release/ingressTls.ts.
import { createPrivateKey, X509Certificate } from "crypto";
import { Problems, REDACTED, set } from "../config/problems";

const CERT_FIX = "pulumi config set ingressTlsCertificate -- \"$(cat tls.crt)\" && pulumi config set --secret ingressTlsKey -- \"$(cat tls.key)\"";

/** Every problem with the pair, added to `p`; the key's text never appears in one. */
export function validateIngressTls(certificate: string | undefined, key: string | undefined, hosts: readonly string[], now: Date, p: Problems): void {
    if (certificate === undefined && key === undefined) {
        return;
    }
    if (certificate === undefined || key === undefined) {
        const missing = certificate === undefined ? "ingressTlsCertificate" : "ingressTlsKey";
        p.add(missing, "", "ingressTlsCertificate and ingressTlsKey go together: the certificate and its private key", CERT_FIX);
        return;
    }
    let cert: X509Certificate;
    try {
        cert = new X509Certificate(certificate);
    } catch (e) {
        p.add("ingressTlsCertificate", certificate.slice(0, 40), `is not a PEM certificate (${(e as Error).message})`, CERT_FIX);
        return;
    }
    let matches = false;
    try {
        matches = cert.checkPrivateKey(createPrivateKey(key));
    } catch {
        p.add("ingressTlsKey", REDACTED, "is not a PEM private key", set("ingressTlsKey", "-- \"$(cat tls.key)\"", true));
        return;
    }
    if (!matches) {
        p.add("ingressTlsKey", REDACTED, `is not the private key of ingressTlsCertificate (${cert.subject.replace(/\n/g, ", ")})`, set("ingressTlsKey", "-- \"$(cat tls.key)\"", true));
    }
    const uncovered = hosts.filter((h) => cert.checkHost(h) === undefined);
    if (uncovered.length > 0) {
        p.add("ingressTlsCertificate", cert.subjectAltName ?? cert.subject, `does not name ${uncovered.join(", ")}: browsers would refuse the public URL`, "issue a certificate whose subjectAltName lists every public host, then " + CERT_FIX);
    }
    if (new Date(cert.validTo) <= now) {
        p.add("ingressTlsCertificate", `valid to ${cert.validTo}`, "has expired", "renew it, then " + CERT_FIX);
    }
}
