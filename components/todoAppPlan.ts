// Everything one `pulumi up` decides before its first resource, stage by stage: the tools it
// calls, the cluster's answers, the build args with their placeholders filled, the image refs,
// the chart's names and values, and the chart rendered and checked against the namespace's Pod
// Security level. A mistake found here throws before anything is registered, so nothing is
// created or destroyed.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { AddonStatus, readAddonStatuses } from "./cluster/addonStatus";
import { ClusterDescription, describeCluster } from "./cluster/clusterTarget";
import { checkToolchain, requireToolchain } from "./cluster/toolchain/toolchain";
import { urlForBuildArgs } from "./cluster/serviceUrls";
import { BuildArgPlaceholder } from "./images/buildArgPlaceholders";
import { StackSecrets, TodoConfig } from "./config/loadConfig";
import { BuildSettings, SERVICES, ServiceName, Settings } from "./config/settings";
import { resolveBuildArgs } from "./images/buildArgs";
import { hashDirectory } from "./images/contentHash";
import { PlannedImage, plannedImages } from "./images/plannedImages";
import { requireRegistryLogin } from "./images/registryLogin";
import { secretContents, SecretReader } from "./secrets/appSecrets";
import { backendOriginEnv } from "./release/backendOrigins";
import { chartFullname, chartName, inClusterHost, ingressTlsSecretName, ServiceNames, serviceNames } from "./release/chartNames";
import { environmentValues } from "./release/environmentValues";
import { releasePreflight } from "./release/releasePreflight";
import { requireTlsSecret } from "./release/tlsSecretCheck";
import { mergeValues, releaseValues, ValuesInputs } from "./release/releaseValues";
import { Host } from "./shared/host";
import { asRecord } from "../policy/rules/plainData";

/** The values inputs every stage agrees on; images and Secret names come from resources. */
export type PlannedValues = Omit<ValuesInputs, "images" | "secretNames" | "imagePullSecret" | "inClusterDatabase">;

export interface RegistryAuth {
    readonly server: string;
    readonly username: string;
    readonly password: pulumi.Output<string>;
}

export interface TodoAppPlan {
    readonly settings: Settings;
    readonly secrets: StackSecrets;
    readonly cluster: ClusterDescription;
    readonly names: ServiceNames;
    /** Per service, with every build-arg placeholder resolved. */
    readonly builds: Readonly<Record<ServiceName, BuildSettings>>;
    /** Per service, the ref its build is tagged as, from the sources. */
    readonly images: Readonly<Record<ServiceName, PlannedImage>>;
    readonly values: PlannedValues;
    /** No databaseUrl: the chart runs its own PostgreSQL and the program composes the URL. */
    readonly inClusterDatabase: boolean;
    /** `host:port` of the chart's in-cluster PostgreSQL Service. */
    readonly postgresqlHost: string;
    /** Unset optional secret keys the chart's pods require, per workload: written as "". */
    readonly emptySecretKeys: Readonly<Partial<Record<SecretReader, readonly string[]>>>;
    /** Pull credentials when images are pushed to a registry that needs them. */
    readonly registryAuth?: RegistryAuth;
    /** The Secret the Ingress serves https with; the program writes it when tlsCertificate is set. */
    readonly tlsSecretName: string;
    /** Minikube only: the state of the addons the stack enables, before it enables them. */
    readonly addonStatuses: readonly AddonStatus[];
}

export function planTodoApp(config: TodoConfig, host: Host): TodoAppPlan {
    const { settings, secrets } = config;
    const { release: rel, services } = settings;

    const chartDir = path.resolve(settings.projectRoot, rel.chartPath);
    const chartEnvironmentValues = environmentValues(chartDir, settings.environment);
    const chartValues = mergeValues(chartEnvironmentValues, settings.extraValues);
    const autoscaled = SERVICES.some((s) => asRecord(asRecord(chartValues[s]).autoscaling).enabled === true);
    requireToolchain(checkToolchain(host.probe, settings.cluster, settings.stack, autoscaled), settings.stack, {
        info: (message) => pulumi.log.info(message),
        warn: (message) => pulumi.log.warn(message),
    });
    const cluster = describeCluster(settings.cluster, settings.images.loadMode, host);
    const fullnameOverride = typeof settings.extraValues.fullnameOverride === "string" ? settings.extraValues.fullnameOverride : undefined;
    const names = serviceNames(chartFullname(rel.name, chartName(chartDir), fullnameOverride));
    const nodePortOf = (s: ServiceName): number | undefined => services[s].nodePort;
    const nodePortUrl = (s: ServiceName): string | undefined => urlForBuildArgs(cluster, nodePortOf(s));
    const browserUrl = { frontendWeb: settings.public.frontendWebUrl ?? nodePortUrl("frontendWeb"), frontendChatbot: settings.public.frontendChatbotUrl ?? nodePortUrl("frontendChatbot") };
    // Typed by the list validation accepts, so a placeholder can't be allowed there and missing here.
    const placeholders: Record<BuildArgPlaceholder, string | undefined> = {
        nodeAddress: cluster.nodeAddress,
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
        userEnv: asRecord(asRecord(settings.extraValues.backend).env),
    });
    origins.warnings.forEach((w) => pulumi.log.warn(w));
    const values: PlannedValues = {
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
        environmentValues: chartEnvironmentValues,
        devMode: settings.devMode,
    };

    const pushes = cluster.loadMode === "registry";
    const images = plannedImages({ projectRoot: settings.projectRoot, builds, pushTo: pushes ? settings.images.registry : undefined, platform: settings.images.platform });

    const inClusterDatabase = secrets.databaseUrl === undefined;
    const configuredSecrets = new Set(Object.entries(secrets).filter(([, v]) => v !== undefined).map(([k]) => k));
    const emptySecretKeys = releasePreflight(host, {
        stack: settings.stack,
        chartDir,
        chartPath: rel.chartPath,
        releaseName: rel.name,
        namespace: rel.namespace,
        level: rel.podSecurityLevel,
        fullname: names.fullname,
        kubeContext: cluster.kubeContext,
        secrets: secretContents(inClusterDatabase, configuredSecrets),
        valuesFor: (secretNames: Partial<Record<SecretReader, string>>) =>
            releaseValues({
                ...values,
                images,
                secretNames,
                inClusterDatabase,
            }),
    });

    // The Ingress's TLS Secret: written by the program from ingressTlsCertificate, or already there.
    const tlsSecretName = ingressTlsSecretName(settings.public.tlsSecret, names.fullname);
    if (settings.public.frontendWebUrl?.startsWith("https://") && !settings.public.tlsCertificate) {
        requireTlsSecret(host.probe, {
            stack: settings.stack,
            kubeContext: cluster.kubeContext,
            namespace: rel.namespace,
            secretName: tlsSecretName,
        });
    }

    const registryAuth = pushes && settings.images.registryUsername && secrets.registryPassword
        ? { server: settings.images.registry!.split("/")[0], username: settings.images.registryUsername, password: secrets.registryPassword }
        : undefined;
    if (registryAuth && config.forChecks.registryPassword !== undefined) {
        requireRegistryLogin((c, a, input) => host.probeWithInput(c, a, input), { ...registryAuth, password: config.forChecks.registryPassword }, settings.stack);
    }
    return {
        settings,
        secrets,
        cluster,
        names,
        builds,
        images,
        values,
        inClusterDatabase,
        postgresqlHost: inClusterHost(names.postgresql, rel.namespace, 5432),
        emptySecretKeys,
        registryAuth,
        tlsSecretName,
        addonStatuses: settings.cluster.kind === "minikube" && settings.cluster.minikubeAddons.length > 0
            ? readAddonStatuses(host, settings.cluster.minikubeProfile, cluster.kubeContext, settings.cluster.minikubeAddons)
            : [],
    };
}
