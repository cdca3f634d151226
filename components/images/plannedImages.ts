// The ref each image is built as, `repository:<content tag>`, is known from its sources before
// anything is built. The plan computes it once: the chart is checked with the refs the pods will
// run (no stand-in), and the build tags exactly those. In registry mode the pods then run
// `<tag>@<digest>`, the digest known after the push.
import * as path from "path";
import { contentTag } from "./contentHash";
import { assertLoadableRef } from "./imageLoad";
import { BuildSettings, SERVICE_DIRS, SERVICES, ServiceName } from "../config/settings";

export interface PlannedImage {
    readonly repository: string;
    /** The content tag of the sources, Dockerfile, target, build args and platform. */
    readonly tag: string;
    /** `repository:tag` */
    readonly ref: string;
}

export interface PlannedImagesArgs {
    /** Directory holding Pulumi.yaml: build paths are relative to it. */
    readonly projectRoot: string;
    readonly builds: Readonly<Record<ServiceName, BuildSettings>>;
    /** The registry path images are pushed under; undefined: they are loaded, not pushed. */
    readonly pushTo?: string;
    readonly platform?: string;
}

/** Each service's ref; throws before any resource when one could not be loaded into a node. */
export function plannedImages(a: PlannedImagesArgs): Readonly<Record<ServiceName, PlannedImage>> {
    const abs = (p: string): string => path.resolve(a.projectRoot, p);
    return Object.fromEntries(
        SERVICES.map((service) => {
            const build = a.builds[service];
            const repository = `${a.pushTo ? `${a.pushTo}/` : ""}todo-${SERVICE_DIRS[service]}`;
            const tag = contentTag({ context: abs(build.context), dockerfile: abs(build.dockerfile), target: build.target, args: build.args, platform: a.platform });
            const ref = `${repository}:${tag}`;
            assertLoadableRef(ref);
            return [service, { repository, tag, ref }];
        }),
    ) as Record<ServiceName, PlannedImage>;
}
