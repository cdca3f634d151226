// Getting a host-built image into a local cluster's runtime. The command is keyed on the
// content-tagged ref, so it runs again exactly when the ref changes; `minikube image load`
// keeps an existing image of the same name:tag, so a moving tag would never refresh.
import { imageRefProblem } from "../../policy/rules/imageRefs";
import { ImageLoadMode } from "../config/settings";

export interface LoadTarget {
    readonly mode: ImageLoadMode;
    readonly minikubeProfile: string;
    readonly kindCluster: string;
    /** Template with `{image}` for mode "command". */
    readonly command?: string;
}

/** Refuses refs that can't be loaded reliably: empty, `<none>`, untagged or `latest` (imageRefs.ts). */
export function assertLoadableRef(ref: string): void {
    const problem = imageRefProblem(ref);
    if (problem !== undefined) {
        throw new Error(`Refusing to load image ref '${ref}': it ${problem}; it must carry a content tag (never empty, <none> or latest). The build did not produce a usable image.`);
    }
}

/** The shell command that loads `ref`, or undefined when the mode needs none (docker-env, registry). */
export function loadCommandFor(target: LoadTarget, ref: string): string | undefined {
    switch (target.mode) {
        case "minikube-image-load":
            return `minikube -p ${target.minikubeProfile} image load ${ref}`;
        case "kind-load":
            return `kind load docker-image --name ${target.kindCluster} ${ref}`;
        case "command":
            return (target.command ?? "").split("{image}").join(ref);
        case "docker-env":
        case "registry":
            return undefined;
    }
}
