// The flow of one `pulumi up`, in order: config → plan (todoAppPlan.ts; nothing is created
// until it has passed) → cluster target → images → namespace and secrets → Helm Release →
// outputs. Each stage is a folder of components/; this file alone connects them, as one
// ComponentResource that parents every resource the app owns.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ClusterTarget } from "./cluster/clusterTarget";
import { MinikubeAddons } from "./cluster/minikubeAddons";
import { TodoConfig } from "./config/loadConfig";
import { Images } from "./images/images";
import { TodoAppOutputs, todoAppOutputs } from "./outputs/todoAppOutputs";
import { ingressTlsSecret } from "./release/ingressTls";
import { todoNamespace } from "./release/namespace";
import { releaseValues } from "./release/releaseValues";
import { TodoRelease } from "./release/todoRelease";
import { AppSecrets } from "./secrets/appSecrets";
import { SecretHistory } from "./secrets/secretHistory";
import { Host } from "./shared/host";
import { planTodoApp, TodoAppPlan } from "./todoAppPlan";

/**
 * Until this component existed, its children were registered at the stack's root. The alias
 * keeps a stack deployed then from replacing them (children of the children follow their
 * parent's alias): `pulumi up` after the move creates this component and nothing else.
 */
const REGISTERED_AT_ROOT: pulumi.ComponentResourceOptions = { aliases: [{ parent: pulumi.rootStackResource }] };

export class TodoApp extends pulumi.ComponentResource {
    readonly outputs: TodoAppOutputs;

    constructor(name: string, plan: TodoAppPlan, host: Host, opts?: pulumi.ComponentResourceOptions) {
        super("todo:index:TodoApp", name, {}, opts);
        const { settings, secrets } = plan;
        const rel = settings.release;
        const child = { parent: this, ...REGISTERED_AT_ROOT };

        const cluster = new ClusterTarget("cluster", { description: plan.cluster }, child);
        const onCluster = { ...child, providers: [cluster.kubernetes] };

        const images = new Images(
            "images",
            {
                projectRoot: settings.projectRoot,
                builds: plan.builds,
                planned: plan.images,
                load: {
                    mode: plan.cluster.loadMode,
                    minikubeProfile: settings.cluster.minikubeProfile,
                    kindCluster: settings.cluster.kindCluster,
                    command: settings.images.loadCommand,
                },
                registry: settings.images.registry,
                registryUsername: plan.registryAuth?.username,
                registryPassword: plan.registryAuth?.password,
                platform: settings.images.platform,
                buildOnPreview: settings.images.buildOnPreview,
                dockerProvider: cluster.docker,
            },
            child,
        );

        // Minikube only: metrics-server (kubectl top, autoscaling) and the dashboard, before the Release.
        const addons = settings.cluster.kind === "minikube" && settings.cluster.minikubeAddons.length > 0
            ? new MinikubeAddons("minikube-addons", { profile: settings.cluster.minikubeProfile, addons: settings.cluster.minikubeAddons, images: settings.cluster.minikubeAddonImages, statuses: plan.addonStatuses, kubeContext: plan.cluster.kubeContext }, child).enabled
            : [];

        const namespace = todoNamespace("namespace", rel.namespace, rel.podSecurityLevel, { ...child, provider: cluster.kubernetes });
        const appSecrets = new AppSecrets(
            "secrets",
            {
                fullname: plan.names.fullname,
                namespace: rel.namespace,
                databaseUrl: secrets.databaseUrl,
                betterAuthSecret: secrets.betterAuthSecret,
                openaiApiKey: secrets.openaiApiKey,
                postgresqlHost: plan.postgresqlHost,
                emptyKeys: plan.emptySecretKeys,
                registry: plan.registryAuth,
            },
            { ...onCluster, dependsOn: [namespace] },
        );

        const tls = settings.public.tlsCertificate && secrets.ingressTlsKey
            ? [ingressTlsSecret("ingress-tls", { name: plan.tlsSecretName, namespace: rel.namespace, certificate: settings.public.tlsCertificate, key: secrets.ingressTlsKey }, { ...child, provider: cluster.kubernetes, dependsOn: [namespace] })]
            : [];

        const release = new TodoRelease(
            "release",
            {
                releaseName: rel.name,
                namespace: rel.namespace,
                chartPath: rel.chartPath,
                timeoutSeconds: rel.timeoutSeconds,
                maxHistory: rel.maxHistory,
                values: releaseValues({
                    ...plan.values,
                    images: images.images,
                    secretNames: appSecrets.names,
                    imagePullSecret: appSecrets.imagePullSecret,
                    inClusterDatabase: appSecrets.inClusterDatabase,
                }),
                dependsOn: [...images.ready, ...addons, appSecrets, namespace, ...tls],
                cluster: { host, chartDir: path.resolve(settings.projectRoot, rel.chartPath), kubeContext: plan.cluster.kubeContext },
            },
            onCluster,
        );
        new SecretHistory(
            "secret-history",
            {
                kubeContext: plan.cluster.kubeContext,
                namespace: rel.namespace,
                keep: rel.maxHistory,
                selector: appSecrets.selector,
                components: appSecrets.components,
                current: Object.values(appSecrets.names),
                after: [release],
            },
            child,
        );

        this.outputs = todoAppOutputs({
            cluster: plan.cluster,
            names: plan.names,
            namespace: rel.namespace,
            releaseName: rel.name,
            services: settings.services,
            public: settings.public,
            images: images.images,
            smokeDepth: settings.smokeDepth,
        }, (line) => pulumi.log.info(line, this));
        this.registerOutputs({ ...this.outputs });
    }
}

/** Plans (every check, nothing created), then deploys: the program's one entry point. */
export function deployTodoApp(config: TodoConfig, host: Host): TodoAppOutputs {
    const plan = planTodoApp(config, host);
    return new TodoApp("todo-app", plan, host).outputs;
}
