// The flow of one `pulumi up`, in order: cluster target → images → namespace and secrets →
// Helm Release → outputs. Each step is a component; this file only connects them.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { AppSecrets } from "./appSecrets";
import { chartFullname, chartName, serviceNames } from "./chartNames";
import { ClusterTarget, describeCluster } from "./clusterTarget";
import { TodoConfig } from "./config";
import { hashDirectory } from "./contentHash";
import { Host } from "./host";
import { Images } from "./images";
import { backendUrl, CONTAINER_PORTS, releaseValues } from "./releaseValues";
import { todoNamespace, TodoRelease } from "./release";
import { SERVICES, ServiceName } from "./settings";
import { publicUrl, urlForBuildArgs } from "./urls";

export interface TodoAppOutputs {
    /** http://<node>:<nodePort> of the web UI, or the command that prints a working URL. */
    readonly frontendWebUrl: string;
    readonly frontendChatbotUrl: string;
    /** The backend's in-cluster URL (what the frontends call). */
    readonly backendUrl: string;
    /** The backend's NodePort URL, when the chart exposes it on one. */
    readonly backendPublicUrl?: string;
    /** Service → deployed image ref (content tag; plus digest when pushed). */
    readonly images: pulumi.Output<Record<ServiceName, string>>;
    readonly namespace: string;
    readonly releaseName: string;
    readonly kubeContext: string;
}

export function deployTodoApp(config: TodoConfig, host: Host): TodoAppOutputs {
    const { settings, secrets } = config;
    const { release: rel, services } = settings;

    // Everything the cluster tooling must tell us is asked before the first resource.
    const description = describeCluster(settings.cluster, settings.images.loadMode, host);
    const chartDir = path.resolve(settings.projectRoot, rel.chartPath);
    const fullnameOverride = typeof settings.extraValues.fullnameOverride === "string" ? settings.extraValues.fullnameOverride : undefined;
    const names = serviceNames(chartFullname(rel.name, chartName(chartDir), fullnameOverride));
    const nodePortOf = (s: ServiceName): number | undefined => services[s].nodePort;
    const frontendWebBrowserUrl = urlForBuildArgs(description, nodePortOf("frontendWeb"));

    const cluster = new ClusterTarget("cluster", { description });
    const kubernetes = { providers: [cluster.kubernetes] };

    const images = new Images("images", {
        builds: Object.fromEntries(SERVICES.map((s) => [s, services[s].build])) as Record<ServiceName, (typeof services)[ServiceName]["build"]>,
        placeholders: {
            nodeAddress: description.nodeAddress,
            backendNodePort: nodePortOf("backend")?.toString(),
            frontendWebNodePort: nodePortOf("frontendWeb")?.toString(),
            frontendChatbotNodePort: nodePortOf("frontendChatbot")?.toString(),
            backendPublicUrl: urlForBuildArgs(description, nodePortOf("backend")),
            frontendWebUrl: frontendWebBrowserUrl,
            frontendChatbotUrl: urlForBuildArgs(description, nodePortOf("frontendChatbot")),
        },
        load: {
            mode: settings.images.loadMode,
            minikubeProfile: settings.cluster.minikubeProfile,
            kindCluster: settings.cluster.kindCluster,
            command: settings.images.loadCommand,
        },
        registry: settings.images.registry,
        registryUsername: settings.images.registryUsername,
        registryPassword: secrets.registryPassword,
        buildOnPreview: settings.images.buildOnPreview,
        dockerProvider: cluster.docker,
        secretValues: [secrets.databaseUrl, secrets.betterAuthSecret, secrets.openaiApiKey, secrets.registryPassword].filter(
            (s): s is pulumi.Output<string> => s !== undefined,
        ),
    });

    const namespace = todoNamespace("namespace", rel.namespace, { provider: cluster.kubernetes });
    const appSecrets = new AppSecrets(
        "secrets",
        {
            secretName: `${names.fullname}-secrets`,
            namespace: rel.namespace,
            databaseUrl: secrets.databaseUrl,
            betterAuthSecret: secrets.betterAuthSecret,
            openaiApiKey: secrets.openaiApiKey,
            postgresqlService: names.postgresql,
        },
        { ...kubernetes, dependsOn: [namespace] },
    );

    const urlOf = (s: ServiceName, service: string): string | undefined => {
        const port = nodePortOf(s);
        return port === undefined ? undefined : publicUrl(description, service, rel.namespace, port, CONTAINER_PORTS[s]);
    };
    const frontendWebUrl = urlOf("frontendWeb", names.frontendWeb) ?? "frontend-web has no NodePort (set frontendWebNodePort)";

    new TodoRelease(
        "release",
        {
            releaseName: rel.name,
            namespace: rel.namespace,
            chartPath: rel.chartPath,
            timeoutSeconds: rel.timeoutSeconds,
            maxHistory: rel.maxHistory,
            values: releaseValues({
                environment: settings.environment,
                namespace: rel.namespace,
                names,
                services,
                images: images.images,
                secretName: appSecrets.secretName,
                secretChecksum: appSecrets.checksum,
                chartChecksum: hashDirectory(chartDir),
                inClusterDatabase: appSecrets.inClusterDatabase,
                logLevel: settings.logLevel,
                allowedOrigins: settings.allowedOrigins,
                frontendWebUrl: frontendWebBrowserUrl,
                extraValues: settings.extraValues,
            }),
            dependsOn: [...images.ready, appSecrets, namespace],
        },
        kubernetes,
    );

    return {
        frontendWebUrl,
        frontendChatbotUrl: urlOf("frontendChatbot", names.frontendChatbot) ?? "frontend-chatbot has no NodePort (set frontendChatbotNodePort)",
        backendUrl: backendUrl(names, rel.namespace),
        backendPublicUrl: urlOf("backend", names.backend),
        images: pulumi
            .all(SERVICES.map((s) => pulumi.interpolate`${images.images[s].repository}:${images.images[s].tag}`))
            .apply((refs) => Object.fromEntries(SERVICES.map((s, i) => [s, refs[i]])) as Record<ServiceName, string>),
        namespace: rel.namespace,
        releaseName: rel.name,
        kubeContext: description.kubeContext,
    };
}
