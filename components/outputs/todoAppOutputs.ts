// What a person needs after `pulumi up`: a URL per service that works from this machine (or
// the exact command that gives one), the deployed image refs, and where the app runs.
import * as pulumi from "@pulumi/pulumi";
import { ClusterDescription } from "../cluster/clusterTarget";
import { portForwardCommand } from "../cluster/portForward";
import { publicUrl } from "../cluster/serviceUrls";
import { PublicSettings, SERVICES, ServiceName, ServiceSettings, SmokeDepth } from "../config/settings";
import { DeployableImage } from "../images/images";
import { ServiceNames } from "../release/chartNames";
import { backendUrl, CONTAINER_PORTS } from "../release/releaseValues";

export interface TodoAppOutputs {
    /** The web UI's public URL, http://<node>:<nodePort>, or the command that prints a working URL. */
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

export function todoAppOutputs(o: OutputSources): TodoAppOutputs {
    const urlOf = (s: ServiceName, service: string): string | undefined => {
        const port = o.services[s].nodePort;
        return port === undefined ? undefined : publicUrl(o.cluster, service, o.namespace, port, CONTAINER_PORTS[s]);
    };
    // A ClusterIP Service has no NodePort for `minikube service` either: port-forward on any target.
    const portForward = (service: string, s: ServiceName): string =>
        `no NodePort and no public URL; run: ${portForwardCommand(o.cluster.kubeContext, o.namespace, service, CONTAINER_PORTS[s], CONTAINER_PORTS[s])}`;
    return {
        frontendWebUrl: o.public.frontendWebUrl ?? urlOf("frontendWeb", o.names.frontendWeb) ?? portForward(o.names.frontendWeb, "frontendWeb"),
        frontendChatbotUrl: o.public.frontendChatbotUrl ?? urlOf("frontendChatbot", o.names.frontendChatbot) ?? portForward(o.names.frontendChatbot, "frontendChatbot"),
        backendUrl: backendUrl(o.names, o.namespace),
        backendPublicUrl: urlOf("backend", o.names.backend) ?? "",
        images: pulumi
            .all(SERVICES.map((s) => pulumi.interpolate`${o.images[s].repository}:${o.images[s].tag}`))
            .apply((refs) => Object.fromEntries(SERVICES.map((s, i) => [s, refs[i]])) as Record<ServiceName, string>),
        namespace: o.namespace,
        releaseName: o.releaseName,
        kubeContext: o.cluster.kubeContext,
        smokeDepth: o.smokeDepth,
    };
}
