// The flow of one `pulumi up`, in order: cluster target → images → namespace and secrets →
// Helm Release → outputs. Each step is a component; this file only connects them. Everything
// that can fail on the settings alone (the cluster's answers, build-arg placeholders) is
// worked out before the first resource is registered.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { AppSecrets, secretContents, SecretReader } from "./appSecrets";
import { backendOriginEnv } from "./backendOrigins";
import { resolveBuildArgs } from "./buildArgs";
import { chartFullname, chartName, serviceNames } from "./chartNames";
import { ClusterTarget, describeCluster } from "./clusterTarget";
import { TodoConfig } from "./config";
import { hashDirectory } from "./contentHash";
import { environmentValues } from "./environmentValues";
import { Host } from "./host";
import { Images } from "./images";
import { MinikubeAddons } from "./minikubeAddons";
import { asRecord } from "./plainData";
import { releasePreflight } from "./releasePreflight";
import { backendUrl, CONTAINER_PORTS, releaseValues, ValuesInputs } from "./releaseValues";
import { todoNamespace, TodoRelease } from "./release";
import { SecretHistory } from "./secretHistory";
import { BuildSettings, SERVICES, ServiceName } from "./settings";
import { portForwardCommand } from "./portForward";
import { publicUrl, urlForBuildArgs } from "./urls";
import { BUILD_ARG_PLACEHOLDERS } from "./validateServices";

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
}

export function deployTodoApp(config: TodoConfig, host: Host): TodoAppOutputs {
    const { settings, secrets } = config;
    const { release: rel, services } = settings;

    // --- everything the settings and the cluster tooling decide, before any resource ---------
    const description = describeCluster(settings.cluster, settings.images.loadMode, host);
    const chartDir = path.resolve(settings.projectRoot, rel.chartPath);
    const fullnameOverride = typeof settings.extraValues.fullnameOverride === "string" ? settings.extraValues.fullnameOverride : undefined;
    const names = serviceNames(chartFullname(rel.name, chartName(chartDir), fullnameOverride));
    const nodePortOf = (s: ServiceName): number | undefined => services[s].nodePort;
    const nodePortUrl = (s: ServiceName): string | undefined => urlForBuildArgs(description, nodePortOf(s));
    const browserUrl = { frontendWeb: settings.public.frontendWebUrl ?? nodePortUrl("frontendWeb"), frontendChatbot: settings.public.frontendChatbotUrl ?? nodePortUrl("frontendChatbot") };
    // Typed by the list validation accepts, so a placeholder can't be allowed there and missing here.
    const placeholders: Record<(typeof BUILD_ARG_PLACEHOLDERS)[number], string | undefined> = {
        nodeAddress: description.nodeAddress,
        backendNodePort: nodePortOf("backend")?.toString(),
        frontendWebNodePort: nodePortOf("frontendWeb")?.toString(),
        frontendChatbotNodePort: nodePortOf("frontendChatbot")?.toString(),
        backendPublicUrl: nodePortUrl("backend"),
        frontendWebUrl: browserUrl.frontendWeb,
        frontendChatbotUrl: browserUrl.frontendChatbot,
    };
    const builds = Object.fromEntries(
        SERVICES.map((s) => [s, { ...services[s].build, args: resolveBuildArgs(s, services[s].build.args, placeholders) }]),
    ) as Record<ServiceName, BuildSettings>;
    const origins = backendOriginEnv({
        chartDir,
        frontendWebUrl: browserUrl.frontendWeb,
        frontendChatbotUrl: browserUrl.frontendChatbot,
        allowedOrigins: settings.allowedOrigins,
        userEnv: extraEnv(settings.extraValues),
    });
    origins.warnings.forEach((w) => pulumi.log.warn(w));
    const valuesInputs: Omit<ValuesInputs, "images" | "secretNames" | "imagePullSecret" | "inClusterDatabase"> = {
        environment: settings.environment,
        namespace: rel.namespace,
        names,
        services,
        chartChecksum: hashDirectory(chartDir),
        logLevel: settings.logLevel,
        backendOriginEnv: origins.env,
        frontendWebUrl: browserUrl.frontendWeb,
        public: settings.public,
        extraValues: settings.extraValues,
        environmentValues: environmentValues(chartDir, settings.environment),
    };
    const inClusterDatabase = secrets.databaseUrl === undefined;
    const emptyKeys = releasePreflight(host, {
        stack: settings.stack,
        chartDir,
        chartPath: rel.chartPath,
        releaseName: rel.name,
        namespace: rel.namespace,
        level: rel.podSecurityLevel,
        fullname: names.fullname,
        secrets: secretContents(inClusterDatabase, new Set(Object.entries(secrets).filter(([, v]) => v !== undefined).map(([k]) => k))),
        valuesFor: (secretNames: Partial<Record<SecretReader, string>>) =>
            releaseValues({
                ...valuesInputs,
                images: Object.fromEntries(SERVICES.map((s) => [s, { repository: `todo-${s.toLowerCase()}`, tag: "to-be-built" }])) as ValuesInputs["images"],
                secretNames,
                inClusterDatabase,
            }),
    });
    const push = description.loadMode === "registry";
    const registryAuth = push && settings.images.registryUsername && secrets.registryPassword
        ? { server: settings.images.registry!.split("/")[0], username: settings.images.registryUsername, password: secrets.registryPassword }
        : undefined;

    // --- resources ------------------------------------------------------------------------------
    const cluster = new ClusterTarget("cluster", { description });
    const kubernetes = { providers: [cluster.kubernetes] };

    const images = new Images("images", {
        projectRoot: settings.projectRoot,
        builds,
        load: {
            mode: description.loadMode,
            minikubeProfile: settings.cluster.minikubeProfile,
            kindCluster: settings.cluster.kindCluster,
            command: settings.images.loadCommand,
        },
        registry: settings.images.registry,
        registryUsername: registryAuth?.username,
        registryPassword: registryAuth?.password,
        platform: settings.images.platform,
        buildOnPreview: settings.images.buildOnPreview,
        dockerProvider: cluster.docker,
    });

    // Minikube only: metrics-server (kubectl top, autoscaling) and the dashboard, before the Release.
    const addons = settings.cluster.kind === "minikube" && settings.cluster.minikubeAddons.length > 0
        ? new MinikubeAddons("minikube-addons", { profile: settings.cluster.minikubeProfile, addons: settings.cluster.minikubeAddons }).enabled
        : [];

    const namespace = todoNamespace("namespace", rel.namespace, rel.podSecurityLevel, { provider: cluster.kubernetes });
    const appSecrets = new AppSecrets(
        "secrets",
        {
            fullname: names.fullname,
            namespace: rel.namespace,
            databaseUrl: secrets.databaseUrl,
            betterAuthSecret: secrets.betterAuthSecret,
            openaiApiKey: secrets.openaiApiKey,
            postgresqlService: names.postgresql,
            emptyKeys,
            registry: registryAuth,
        },
        { ...kubernetes, dependsOn: [namespace] },
    );

    const release = new TodoRelease(
        "release",
        {
            releaseName: rel.name,
            namespace: rel.namespace,
            chartPath: rel.chartPath,
            timeoutSeconds: rel.timeoutSeconds,
            maxHistory: rel.maxHistory,
            values: releaseValues({
                ...valuesInputs,
                images: images.images,
                secretNames: appSecrets.names,
                imagePullSecret: appSecrets.imagePullSecret,
                inClusterDatabase: appSecrets.inClusterDatabase,
            }),
            dependsOn: [...images.ready, ...addons, appSecrets, namespace],
        },
        kubernetes,
    );
    new SecretHistory("secret-history", {
        kubeContext: description.kubeContext,
        namespace: rel.namespace,
        keep: rel.maxHistory,
        selector: appSecrets.selector,
        components: appSecrets.components,
        current: Object.values(appSecrets.names),
        after: [release],
    });

    // --- outputs ----------------------------------------------------------------------------------
    const urlOf = (s: ServiceName, service: string): string | undefined => {
        const port = nodePortOf(s);
        return port === undefined ? undefined : publicUrl(description, service, rel.namespace, port, CONTAINER_PORTS[s]);
    };
    // A ClusterIP Service has no NodePort for `minikube service` either: port-forward on any target.
    const portForward = (service: string, s: ServiceName): string =>
        `no NodePort and no public URL; run: ${portForwardCommand(description.kubeContext, rel.namespace, service, CONTAINER_PORTS[s], CONTAINER_PORTS[s])}`;
    return {
        frontendWebUrl: settings.public.frontendWebUrl ?? urlOf("frontendWeb", names.frontendWeb) ?? portForward(names.frontendWeb, "frontendWeb"),
        frontendChatbotUrl: settings.public.frontendChatbotUrl ?? urlOf("frontendChatbot", names.frontendChatbot) ?? portForward(names.frontendChatbot, "frontendChatbot"),
        backendUrl: backendUrl(names, rel.namespace),
        backendPublicUrl: urlOf("backend", names.backend) ?? "",
        images: pulumi
            .all(SERVICES.map((s) => pulumi.interpolate`${images.images[s].repository}:${images.images[s].tag}`))
            .apply((refs) => Object.fromEntries(SERVICES.map((s, i) => [s, refs[i]])) as Record<ServiceName, string>),
        namespace: rel.namespace,
        releaseName: rel.name,
        kubeContext: description.kubeContext,
    };
}

/** `extraValues.backend.env`, what the user set by hand for the backend's environment. */
function extraEnv(extra: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
    return asRecord(asRecord(extra.backend).env);
}
