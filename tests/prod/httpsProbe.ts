// HTTPS as the prod stage's clients see it: a request to a public host name answered on
// 127.0.0.1 (as `curl --resolve host:port:127.0.0.1` does), trusting only the stage's own CA,
// and the registry's API with its credentials. node:https, no dependency.
import * as fs from "fs";
import * as https from "https";
import { isIP } from "net";

export interface HttpsAnswer {
    readonly status: number;
    readonly headers: Record<string, string>;
    readonly body: string;
}

export interface HttpsRequest {
    readonly method?: string;
    readonly headers?: Record<string, string>;
    readonly body?: string;
    /** PEM file of the only CA trusted. */
    readonly ca: string;
}

/** One request to `url`, connected to 127.0.0.1 whatever its host says; TLS checks the host's name. */
export function httpsRequest(url: string, opts: HttpsRequest): Promise<HttpsAnswer> {
    const target = new URL(url);
    return new Promise((resolve, reject) => {
        const req = https.request(
            {
                host: "127.0.0.1",
                // SNI carries names only; an address is checked against the certificate's IP entries.
                servername: isIP(target.hostname) ? undefined : target.hostname,
                port: Number(target.port || 443),
                path: `${target.pathname}${target.search}`,
                method: opts.method ?? "GET",
                headers: { host: target.host, ...opts.headers },
                ca: fs.readFileSync(opts.ca),
                timeout: 10_000,
            },
            (res) => {
                let body = "";
                res.setEncoding("utf8");
                res.on("data", (chunk: string) => (body += chunk));
                res.on("end", () => {
                    const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : String(v)]));
                    resolve({ status: res.statusCode ?? 0, headers, body });
                });
            },
        );
        req.on("timeout", () => req.destroy(new Error(`${url}: no answer within 10 s`)));
        req.on("error", reject);
        req.end(opts.body);
    });
}

const MANIFEST_TYPES = [
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

/** The registry's own digest of `repository:reference` (Docker-Content-Digest), asked with credentials. */
export async function registryDigest(registry: string, repository: string, reference: string, auth: { user: string; password: string; ca: string }): Promise<string> {
    const a = await httpsRequest(`https://${registry}/v2/${repository}/manifests/${reference}`, {
        method: "HEAD",
        ca: auth.ca,
        headers: { accept: MANIFEST_TYPES, authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString("base64")}` },
    });
    if (a.status !== 200) {
        throw new Error(`registry ${registry}: HEAD manifests/${reference} of ${repository} answered ${a.status}`);
    }
    return a.headers["docker-content-digest"];
}
