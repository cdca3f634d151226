// Step 3 of a deployment: build the three images with content tags and get them into the
// cluster (Minikube's daemon, a load command, or a registry push deployed by digest).
import * as command from "@pulumi/command";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { providerIgnoreAdvice } from "./contentHash";
import { LoadTarget, loadCommandFor } from "./imageLoad";
import { PlannedImage } from "./plannedImages";
import { BuildSettings, SERVICE_DIRS, SERVICES, ServiceName } from "../config/settings";

export interface ImagesArgs {
    /** Directory holding Pulumi.yaml: build paths are relative to it (the provider runs there). */
    readonly projectRoot: string;
    /** Context, Dockerfile, target and resolved build args per service, paths relative to projectRoot. */
    readonly builds: Readonly<Record<ServiceName, BuildSettings>>;
    /** The refs the plan computed from the sources (plannedImages.ts): what each build is tagged as. */
    readonly planned: Readonly<Record<ServiceName, PlannedImage>>;
    /** How images reach the cluster. */
    readonly load: LoadTarget;
    /** Registry to push to (load mode "registry"), e.g. ghcr.io/acme. */
    readonly registry?: string;
    readonly registryUsername?: string;
    readonly registryPassword?: pulumi.Output<string>;
    /** Build during `pulumi preview` too, so a broken Dockerfile fails the PR (costs a full build per preview). */
    readonly buildOnPreview: boolean;
    /** e.g. linux/amd64; undefined builds for the daemon's own platform. Part of the content tag. */
    readonly platform?: string;
    /** Minikube's Docker daemon (docker-env); undefined builds on the host's daemon. */
    readonly dockerProvider?: docker.Provider;
}

/** What the chart needs to run one image. */
export interface DeployableImage {
    readonly repository: string;
    /** The content tag; in registry mode `<tag>@<digest>`, so pods run exactly the pushed bytes. */
    readonly tag: pulumi.Output<string>;
    /** `repository:tag` as built. */
    readonly ref: string;
}

export class Images extends pulumi.ComponentResource {
    readonly images: Readonly<Record<ServiceName, DeployableImage>>;
    /** Resources the Release must wait for: the builds, and the loads into the cluster. */
    readonly ready: pulumi.Resource[] = [];

    constructor(name: string, args: ImagesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("todo:images:Images", name, {}, opts);
        const images = {} as Record<ServiceName, DeployableImage>;
        const push = args.load.mode === "registry";
        for (const service of SERVICES) {
            const build = args.builds[service];
            const { repository, tag, ref } = args.planned[service];
            const abs = (p: string): string => path.resolve(args.projectRoot, p);
            const advice = providerIgnoreAdvice(abs(build.dockerfile), abs(build.context));
            if (advice) {
                pulumi.log.warn(advice, this);
            }
            // Validation refused any arg carrying a secret before this point, so args are plain.
            const image = new docker.Image(
                `${name}-${SERVICE_DIRS[service]}`,
                {
                    imageName: ref,
                    build: {
                        context: build.context,
                        dockerfile: build.dockerfile,
                        target: build.target,
                        args: build.args,
                        platform: args.platform,
                        builderVersion: "BuilderBuildKit",
                    },
                    skipPush: !push,
                    buildOnPreview: args.buildOnPreview,
                    registry: push
                        ? { server: args.registry!.split("/")[0], username: args.registryUsername, password: args.registryPassword }
                        : undefined,
                },
                { parent: this, provider: args.dockerProvider },
            );
            this.ready.push(image);

            const loadCommand = loadCommandFor(args.load, ref);
            if (loadCommand !== undefined) {
                this.ready.push(
                    new command.local.Command(
                        `${name}-${SERVICE_DIRS[service]}-load`,
                        { create: loadCommand, triggers: [ref] },
                        { parent: this, dependsOn: [image] },
                    ),
                );
            }
            images[service] = {
                repository,
                ref,
                tag: push ? image.repoDigest.apply((d) => `${tag}@${d.slice(d.indexOf("@") + 1)}`) : pulumi.output(tag),
            };
        }
        this.images = images;
        this.registerOutputs({
            refs: Object.fromEntries(SERVICES.map((s) => [s, images[s].ref])),
        });
    }
}
