// The images stage's settings: how built images reach the cluster (loaded by Minikube, kind or a
// command, or pushed to a registry), the build platform and whether a preview builds. Judged
// with every other stage's (../todoAppSettings.ts).
import { Problems, set } from "../config/problems";
import { RawConfig } from "../config/configKeys";
import { IMAGE_LOAD_MODES, ImageLoadMode, ImageSettings, TargetKind } from "../config/settings";

const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/v[0-9]+)?$/;

export function imageSettings(raw: RawConfig, targetKind: TargetKind, isProd: boolean, p: Problems): ImageSettings {
    const registry = p.string("registry", raw.registry, "ghcr.io/acme") ?? "";
    const imageLoad = p.string("imageLoad", raw.imageLoad, "minikube-image-load") ?? "";
    const loadMode = imageLoad
        ? p.oneOf("imageLoad", imageLoad, IMAGE_LOAD_MODES)
        : defaultLoadMode(targetKind, registry !== "" || isProd);
    const loadTargets: Readonly<Record<ImageLoadMode, readonly TargetKind[]>> = {
        "docker-env": ["minikube"],
        "minikube-image-load": ["minikube"],
        "kind-load": ["kind"],
        command: ["minikube", "kind", "context"],
        registry: ["minikube", "kind", "context"],
    };
    if (loadMode && IMAGE_LOAD_MODES.includes(loadMode) && !loadTargets[loadMode].includes(targetKind)) {
        p.add("imageLoad", loadMode, `only works with target ${loadTargets[loadMode].join(" or ")}, not '${targetKind}'`, `pulumi config rm imageLoad (the default follows the target)`);
    }
    const loadCommand = p.string("imageLoadCommand", raw.imageLoadCommand, "'k3d image import -c dev {image}'") ?? "";
    if (loadMode === "command" && !loadCommand.includes("{image}")) {
        p.add("imageLoadCommand", loadCommand, "imageLoad 'command' needs a command template containing {image}", set("imageLoadCommand", "'k3d image import -c dev {image}'"));
    }
    if (loadMode === "registry" && !registry) {
        p.add("registry", registry, "imageLoad 'registry' needs a registry to push to", set("registry", "ghcr.io/acme"));
    }
    if (registry && (/^[a-z]+:\/\//i.test(registry) || /:[^/]*$/.test(registry.replace(/^[^/]*/, "")) || registry.endsWith("/") || /\s/.test(registry))) {
        p.add("registry", registry, "must be a registry host with optional path, without scheme, tag or trailing slash", set("registry", "ghcr.io/acme"));
    }
    if (isProd && loadMode !== "registry") {
        p.add("imageLoad", loadMode, "a prod stack pushes its images to a registry", set("registry", "ghcr.io/acme"));
    }
    const registryUsername = p.string("registryUsername", raw.registryUsername, "ci-bot") || undefined;
    const platform = (p.string("imagePlatform", raw.imagePlatform, "linux/amd64") || (isProd ? "linux/amd64" : "")) || undefined;
    if (platform && !PLATFORM.test(platform)) {
        p.add("imagePlatform", platform, "must be one os/arch platform such as linux/amd64 or linux/arm64", set("imagePlatform", "linux/amd64"));
    }
    const buildOnPreview = p.boolean("buildOnPreview", raw.buildOnPreview) ?? false;
    return { loadMode, platform, loadCommand: loadCommand || undefined, registry: registry || undefined, registryUsername, buildOnPreview };
}

/** imageLoad unset: registry when pushing, kind-load for kind, a command for any context; for Minikube it follows the profile's runtime. */
function defaultLoadMode(target: TargetKind, pushing: boolean): ImageLoadMode | undefined {
    if (pushing) {
        return "registry";
    }
    return target === "kind" ? "kind-load" : target === "context" ? "command" : undefined;
}
