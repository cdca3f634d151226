// The Helm values the program computes, to the chart's values contract (../shared/DESIGN.md). The same
// keys drive the user's existing chart, so only keys it reads (or ignores harmlessly) appear
// here. Leaves may be Outputs: a preview then shows exactly which leaf changes (a new image
// tag, a rotated Secret's new name) instead of one opaque `values` blob. No secret value is
// ever a leaf: the chart gets Secret names only.
import * as pulumi from "@pulumi/pulumi";
import { devWritablePaths } from "../images/devMode";
import { SecretReader } from "../secrets/appSecrets";
import { inClusterUrl, ingressTlsSecretName, ServiceNames } from "./chartNames";
import { Environment, LogLevel, PublicSettings, ResourceSpec, SERVICES, ServiceName, ServiceSettings } from "../config/settings";

export const CONTAINER_PORTS: Readonly<Record<ServiceName, number>> = { backend: 8000, frontendWeb: 3000, frontendChatbot: 3001 };

export interface ValuesInputs {
    readonly environment: Environment;
    readonly namespace: string;
    readonly names: ServiceNames;
    readonly services: Readonly<Record<ServiceName, ServiceSettings>>;
    readonly images: Readonly<Record<ServiceName, { readonly repository: string; readonly tag: pulumi.Input<string> }>>;
    /** Content-named Secret per workload (AppSecrets.names). */
    readonly secretNames: Readonly<Partial<Record<SecretReader, pulumi.Input<string>>>>;
    /** dockerconfigjson Secret for pulling from the registry, when credentials are set. */
    readonly imagePullSecret?: pulumi.Input<string>;
    /** Content hash of the chart directory: a template edit changes the Release's inputs (and only those). */
    readonly chartChecksum: string;
    readonly inClusterDatabase: boolean;
    readonly logLevel: LogLevel;
    /** The backend's origin settings, in the keys its chart reads (backendOrigins.ts). */
    readonly backendOriginEnv: Readonly<Record<string, string>>;
    /** The web UI's URL in the browser (BETTER_AUTH_URL): publicUrl, else the NodePort URL, when known. */
    readonly frontendWebUrl?: string;
    /** Public URLs and Ingress settings; an Ingress is rendered when publicUrl is set. */
    readonly public: PublicSettings;
    readonly extraValues: Readonly<Record<string, unknown>>;
    /** The chart's values-<environment>.yaml (environmentValues.ts): under the computed values. */
    readonly environmentValues: Readonly<Record<string, unknown>>;
    /** `npm run dev`'s variant: the synced source folders become writable emptyDirs (../images/devMode.ts). */
    readonly devMode: boolean;
}

export interface ServiceValues {
    readonly replicaCount: number;
    readonly image: { readonly repository: string; readonly tag: pulumi.Input<string>; readonly pullPolicy: "IfNotPresent" };
    /** nodePort null, not absent: Helm merges values over the chart's defaults, and only null removes its 30000. */
    readonly service: { readonly type: "ClusterIP" | "NodePort"; readonly port: number; readonly nodePort: number | null };
    readonly env: Readonly<Record<string, string>>;
    readonly resources: ResourceSpec;
    readonly secretName?: pulumi.Input<string>;
    /** The chart's HorizontalPodAutoscaler: on in prod, from the configured replicas up. */
    readonly autoscaling?: { readonly enabled: boolean; readonly minReplicas: number; readonly maxReplicas: number; readonly targetCPUUtilizationPercentage: number };
    /** Only in the dev variant; otherwise the chart's own (read-only root, /tmp and caches writable). */
    readonly writablePaths?: readonly string[];
}

/** Prod scales each service between its configured replicas and at least 5 (extraValues.<service>.autoscaling overrides). */
export function prodAutoscaling(replicas: number): NonNullable<ServiceValues["autoscaling"]> {
    return { enabled: true, minReplicas: replicas, maxReplicas: Math.max(5, 2 * replicas), targetCPUUtilizationPercentage: 70 };
}

export function backendUrl(names: ServiceNames, namespace: string): string {
    return inClusterUrl(names.backend, namespace, CONTAINER_PORTS.backend);
}

export function releaseValues(v: ValuesInputs): Record<string, unknown> {
    const apiUrl = backendUrl(v.names, v.namespace);
    const env: Readonly<Record<ServiceName, Record<string, string>>> = {
        backend: {
            LOG_LEVEL: v.logLevel,
            ...v.backendOriginEnv,
        },
        // BACKEND_URL for our frontends; API_URL and VITE_API_URL are what the user's
        // existing chart's frontends read for the same thing.
        frontendWeb: { BACKEND_URL: apiUrl, API_URL: apiUrl, ...(v.frontendWebUrl ? { BETTER_AUTH_URL: v.frontendWebUrl } : {}) },
        frontendChatbot: { BACKEND_URL: apiUrl, VITE_API_URL: apiUrl },
    };
    const computed: Record<string, unknown> = {
        global: { environment: v.environment },
        chartChecksum: v.chartChecksum,
        // The program owns the Secrets; the chart only references them by name. secrets.name
        // is the backend's, which holds every app key: a chart that knows only secrets.name
        // (the user's existing one) still gets all it reads.
        secrets: { name: v.secretNames.backend, managed: false },
        postgresql: { enabled: v.inClusterDatabase, ...(v.secretNames.postgresql ? { secretName: v.secretNames.postgresql } : {}) },
        ...(v.imagePullSecret ? { imagePullSecrets: [{ name: v.imagePullSecret }] } : {}),
        ...ingressValues(v.public, ingressTlsSecretName(v.public.tlsSecret, v.names.fullname)),
    };
    for (const service of SERVICES) {
        const s = v.services[service];
        const values: ServiceValues = {
            replicaCount: s.replicas,
            // Content tags never move, so IfNotPresent is both correct and fast (never Always in dev).
            image: { repository: v.images[service].repository, tag: v.images[service].tag, pullPolicy: "IfNotPresent" },
            service: s.nodePort !== undefined
                ? { type: "NodePort", port: CONTAINER_PORTS[service], nodePort: s.nodePort }
                : { type: "ClusterIP", port: CONTAINER_PORTS[service], nodePort: null },
            env: env[service],
            resources: s.resources,
            ...(v.secretNames[service] ? { secretName: v.secretNames[service] } : {}),
            // The chart then leaves replicas out of the Deployment: an upgrade never resets
            // the count the autoscaler chose. Dev keeps the chart's default (off).
            ...(v.environment === "prod" ? { autoscaling: prodAutoscaling(s.replicas) } : {}),
            ...(v.devMode ? { writablePaths: devWritablePaths(service) } : {}),
        };
        computed[service] = values;
    }
    return mergeValues(mergeValues(v.environmentValues, computed), v.extraValues);
}

/** The Ingress for public URLs: the web UI's host, the chatbot's on its own host, TLS for https. */
function ingressValues(pub: PublicSettings, tlsSecret: string): Record<string, unknown> {
    if (!pub.frontendWebUrl) {
        return {};
    }
    const host = (url: string): string => new URL(url).hostname;
    const https = pub.frontendWebUrl.startsWith("https://");
    return {
        ingress: {
            enabled: true,
            className: pub.ingressClassName ?? "",
            host: host(pub.frontendWebUrl),
            ...(pub.frontendChatbotUrl ? { chatbotHost: host(pub.frontendChatbotUrl) } : {}),
            ...(https ? { tlsSecretName: tlsSecret } : {}),
        },
    };
}

/** Deep merge, `extra` winning; arrays and scalars replace. */
export function mergeValues(base: Record<string, unknown>, extra: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(extra)) {
        const current = out[key];
        out[key] = isPlainObject(current) && isPlainObject(value) ? mergeValues(current, value) : value;
    }
    return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v) && !pulumi.Output.isInstance(v);
}
