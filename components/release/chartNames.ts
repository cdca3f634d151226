// In-cluster names follow the chart's own fullname rule (helm create's `<chart>.fullname`):
// fullnameOverride, else the release name when it contains the chart name, else
// `<release>-<chart>`, cut to 63 characters. The release name is pinned for this reason.
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

export function chartName(chartDir: string): string {
    const chart = YAML.parse(fs.readFileSync(path.join(chartDir, "Chart.yaml"), "utf8")) as { name?: unknown };
    if (typeof chart?.name !== "string" || chart.name === "") {
        throw new Error(`${path.join(chartDir, "Chart.yaml")} has no name`);
    }
    return chart.name;
}

export function chartFullname(releaseName: string, chart: string, fullnameOverride?: string): string {
    const name = fullnameOverride || (releaseName.includes(chart) ? releaseName : `${releaseName}-${chart}`);
    return name.slice(0, 63).replace(/-+$/, "");
}

export interface ServiceNames {
    readonly fullname: string;
    readonly backend: string;
    readonly frontendWeb: string;
    readonly frontendChatbot: string;
    readonly postgresql: string;
}

export function serviceNames(fullname: string): ServiceNames {
    return {
        fullname,
        backend: `${fullname}-backend`,
        frontendWeb: `${fullname}-frontend-web`,
        frontendChatbot: `${fullname}-frontend-chatbot`,
        postgresql: `${fullname}-postgresql`,
    };
}

/** `<service>.<namespace>.svc.cluster.local:<port>`: resolvable from any namespace. */
export function inClusterHost(service: string, namespace: string, port: number): string {
    return `${service}.${namespace}.svc.cluster.local:${port}`;
}

export function inClusterUrl(service: string, namespace: string, port: number): string {
    return `http://${inClusterHost(service, namespace, port)}`;
}

/** The TLS Secret the Ingress names: as configured (ingressTlsSecret), else `<fullname>-tls`. */
export function ingressTlsSecretName(configured: string | undefined, fullname: string): string {
    return configured ?? `${fullname}-tls`;
}
