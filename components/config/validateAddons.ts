// The `minikubeAddons` setting: which Minikube addons the dev stack enables (minikubeAddons.ts).
import { Problems, set } from "./problems";

/** Pulumi.yaml's default for `minikubeAddons`. */
export const DEFAULT_MINIKUBE_ADDONS = "metrics-server,dashboard";
const ADDON_NAME = /^[a-z0-9][a-z0-9-]*$/;

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
