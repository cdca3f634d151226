// The chart's own per-environment values file (values-dev.yaml, values-prod.yaml), which an
// existing chart keeps its overrides in. The Release's values are layered: the chart's
// values.yaml (Helm's defaults) → this file, when the chart has one → the program's computed
// values (it wins on what it owns: images, Secret names, URLs) → extraValues. The file is merged
// in the program rather than passed as a Release valueYamlFile, so the preview's diff, the
// chart check before deploying and the policy pack all see the same, whole values.
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { Environment } from "../config/settings";

/** `<chart>/values-<environment>.yaml`, parsed; empty when the chart has none. Throws naming the file when it is not a map. */
export function environmentValues(chartDir: string, environment: Environment): Record<string, unknown> {
    const file = path.join(chartDir, `values-${environment}.yaml`);
    if (!fs.existsSync(file)) {
        return {};
    }
    const parsed = YAML.parse(fs.readFileSync(file, "utf8")) as unknown;
    if (parsed === null || parsed === undefined) {
        return {};
    }
    if (typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new Error(`${file} must hold a map of chart values (it is layered over values.yaml for the ${environment} stack)`);
    }
    return parsed as Record<string, unknown>;
}
