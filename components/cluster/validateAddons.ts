// The `minikubeAddons` setting: which Minikube addons the dev stack enables (minikubeAddons.ts).
import { imageRefProblem } from "../../policy/rules/imageRefs";
import { Problems, set } from "../config/problems";

/** Pulumi.yaml's default for `minikubeAddons`. */
export const DEFAULT_MINIKUBE_ADDONS = "metrics-server,dashboard";
const ADDON_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** `minikube addons enable --images` takes `Name=ref` pairs, comma-separated (e.g. MetricsServer=…). */
const IMAGES_FLAG = /^[A-Za-z0-9]+=[A-Za-z0-9._:\/@-]+(,[A-Za-z0-9]+=[A-Za-z0-9._:\/@-]+)*$/;
const IMAGES_EXAMPLE = "MetricsServer=registry.example.com/metrics-server:v0.8.0";

/** The comma-separated `minikubeAddons` setting as a list; "" turns the step off. */
export function parseMinikubeAddons(p: Problems, raw: unknown): string[] {
    const text = p.string("minikubeAddons", raw, DEFAULT_MINIKUBE_ADDONS) ?? DEFAULT_MINIKUBE_ADDONS;
    const addons = text.split(",").map((a) => a.trim()).filter((a) => a !== "");
    const bad = addons.filter((a) => !ADDON_NAME.test(a));
    if (bad.length > 0) {
        p.add("minikubeAddons", text, `'${bad.join("', '")}' is not a Minikube addon name (lowercase letters, digits and dashes; see \`minikube addons list\`)`, set("minikubeAddons", DEFAULT_MINIKUBE_ADDONS));
    }
    return [...new Set(addons)];
}

/**
 * `minikubeAddonImages`: per enabled addon, the `--images` value its enable passes, for an
 * addon whose default image cannot be pulled (a mirror, or one built locally).
 */
export function parseMinikubeAddonImages(p: Problems, raw: unknown, addons: readonly string[]): Readonly<Record<string, string>> {
    const images: Record<string, string> = {};
    for (const [addon, value] of Object.entries(p.object("minikubeAddonImages", raw))) {
        const key = `minikubeAddonImages.${addon}`;
        const fix = `pulumi config set --path '${key}' '${IMAGES_EXAMPLE}'`;
        if (!addons.includes(addon)) {
            p.add(key, value, `'${addon}' is not in minikubeAddons (${addons.join(",") || "none"}), so nothing would use it`, `pulumi config rm --path '${key}', or add ${addon} to minikubeAddons`);
        } else if (typeof value !== "string" || !IMAGES_FLAG.test(value)) {
            p.add(key, value, "must be what `minikube addons enable --images` takes: Name=image[,Name=image] (names from `minikube addons images <addon>`)", fix);
        } else {
            const unpinned = value.split(",").map((pair) => pair.slice(pair.indexOf("=") + 1)).filter((ref) => imageRefProblem(ref) !== undefined);
            if (unpinned.length > 0) {
                p.add(key, value, `${unpinned.join(", ")} ${imageRefProblem(unpinned[0])}: pin each image by a version tag or a digest`, fix);
            } else {
                images[addon] = value;
            }
        }
    }
    return images;
}
