// What a person needs after `pulumi up`: a URL per service that works from this machine, the
// deployed image refs, and where the app runs. A URL output holds a URL or "" (scripts and
// `pulumi stack output` read it as one); when there is none, a log line gives the command
// that prints one.
import * as pulumi from "@pulumi/pulumi";
import { ClusterDescription } from "../cluster/clusterTarget";
import { portForwardCommand } from "../cluster/portForward";
import { publicUrl, Reach } from "../cluster/serviceUrls";
import { PublicSettings, SERVICES, ServiceName, ServiceSettings, SmokeDepth } from "../config/settings";
import { DeployableImage } from "../images/images";
import { ServiceNames } from "../release/chartNames";
import { backendUrl, CONTAINER_PORTS } from "../release/releaseValues";

export interface TodoAppOutputs {
    /** The web UI's public URL, http://<node>:<nodePort>; "" when none answers here (a log line says how to reach it). */
    readonly frontendWebUrl: string;
    readonly frontendChatbotUrl: string;
    /** The backend's in-cluster URL (what the frontends call). */
    readonly backendUrl: string;
    /**
     * The backend's NodePort URL; "" when the backend stays internal. Never undefined: the
     * engine warns on every run about an undefined stack output.
     */
    readonly backendPublicUrl: string;
    /** Service → deployed image ref (content tag; plus digest when pushed). */
    readonly images: pulumi.Output<Record<ServiceName, string>>;
    readonly namespace: string;
    readonly releaseName: string;
    readonly kubeContext: string;
    /** What `npm run up` and `npm run smoke` check (full, probes or off). */
    readonly smokeDepth: SmokeDepth;
}

export interface OutputSources {
    readonly cluster: ClusterDescription;
    readonly names: ServiceNames;
    readonly namespace: string;
    readonly releaseName: string;
    readonly services: Readonly<Record<ServiceName, ServiceSettings>>;
    readonly public: PublicSettings;
    readonly images: Readonly<Record<ServiceName, DeployableImage>>;
    readonly smokeDepth: SmokeDepth;
}

/** The outputs; `log` gets one line per URL output left empty, with the command that gives one. */
export function todoAppOutputs(o: OutputSources, log: (line: string) => void): TodoAppOutputs {
    const reachOf = (s: ServiceName, service: string, configured: string | undefined): Reach => {
        const port = o.services[s].nodePort;
        if (configured !== undefined) return { url: configured };
        if (port !== undefined) return publicUrl(o.cluster, service, o.namespace, port, CONTAINER_PORTS[s]);
        // A ClusterIP Service has no NodePort for `minikube service` either: port-forward on any target.
        return s === "backend" ? { url: "" } : { url: "", advice: `no NodePort and no public URL; run: ${portForwardCommand(o.cluster.kubeContext, o.namespace, service, CONTAINER_PORTS[s], CONTAINER_PORTS[s])}` };
    };
    const urls = {
        frontendWebUrl: reachOf("frontendWeb", o.names.frontendWeb, o.public.frontendWebUrl),
        frontendChatbotUrl: reachOf("frontendChatbot", o.names.frontendChatbot, o.public.frontendChatbotUrl),
        backendPublicUrl: reachOf("backend", o.names.backend, undefined),
    };
    for (const [key, reach] of Object.entries(urls)) {
        if (reach.advice !== undefined) log(`${key} is empty: ${reach.advice}`);
    }
    return {
        frontendWebUrl: urls.frontendWebUrl.url,
        frontendChatbotUrl: urls.frontendChatbotUrl.url,
        backendUrl: backendUrl(o.names, o.namespace),
        backendPublicUrl: urls.backendPublicUrl.url,
        images: pulumi
            .all(SERVICES.map((s) => pulumi.interpolate`${o.images[s].repository}:${o.images[s].tag}`))
            .apply((refs) => Object.fromEntries(SERVICES.map((s, i) => [s, refs[i]])) as Record<ServiceName, string>),
        namespace: o.namespace,
        releaseName: o.releaseName,
        kubeContext: o.cluster.kubeContext,
        smokeDepth: o.smokeDepth,
    };
}
