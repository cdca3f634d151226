// The release stage's settings: where the sources and the chart are, the Release's name,
// namespace, timeout and history, the Pod Security level it is held to, and the smoke test's
// depth. Judged with every other stage's (../todoAppSettings.ts).
import * as path from "path";
import { Problems, set } from "../config/problems";
import { RawConfig, ValidationContext } from "../config/configKeys";
import { OWN_CHART, POD_SECURITY_LEVELS, ReleaseSettings, SERVICE_DIRS, SMOKE_DEPTHS, SmokeDepth } from "../config/settings";
import { projectRelative } from "../images/validateServices";

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export interface ReleaseStageSettings {
    /** Absolute. */
    readonly sourceRoot: string;
    readonly release: ReleaseSettings;
    readonly smokeDepth: SmokeDepth;
}

export function releaseSettings(raw: RawConfig, ctx: ValidationContext, p: Problems): ReleaseStageSettings {
    const abs = (rel: string): string => path.resolve(ctx.projectRoot, rel);
    const sourceRootSetting = p.string("sourceRoot", raw.sourceRoot, "../todo-monorepo") || "apps";
    const sourceRoot = abs(sourceRootSetting);
    const missingDirs = Object.values(SERVICE_DIRS).filter((d) => !ctx.exists(path.join(sourceRoot, d)));
    if (missingDirs.length > 0) {
        p.add("sourceRoot", sourceRootSetting, `must hold ${Object.values(SERVICE_DIRS).map((d) => d + "/").join(", ")}; missing in ${sourceRoot}: ${missingDirs.join(", ")}`, set("sourceRoot", "../todo-monorepo"));
    }
    const chartSetting = p.string("chartPath", raw.chartPath, OWN_CHART) || OWN_CHART;
    const chartPath = projectRelative(ctx.projectRoot, abs(chartSetting));
    if (!ctx.exists(path.join(abs(chartPath), "Chart.yaml"))) {
        p.add("chartPath", chartSetting, `must be a chart directory holding Chart.yaml (looked in ${abs(chartPath)})`, set("chartPath", "../todo-monorepo/helm-charts/todo-app"));
    }

    // --- release -----------------------------------------------------------------------------
    const releaseName = p.string("releaseName", raw.releaseName, "todo-app") || "todo-app";
    if (!DNS_LABEL.test(releaseName) || releaseName.length > 53) {
        p.add("releaseName", releaseName, "must be a DNS label (lower-case letters, digits, '-') of at most 53 characters", set("releaseName", "todo-app"));
    }
    const namespace = p.string("namespace", raw.namespace, "todo-dev") || `todo-${ctx.stack}`;
    if (!DNS_LABEL.test(namespace) || namespace.length > 63) {
        p.add("namespace", namespace, "must be a DNS label of at most 63 characters", set("namespace", "todo-dev"));
    }
    const timeoutSeconds = p.integer("releaseTimeoutSeconds", raw.releaseTimeoutSeconds, 60, 3600, 600, " (seconds Helm waits for Ready pods)") ?? 600;
    const maxHistory = p.integer("releaseHistory", raw.releaseHistory, 3, 100, 10, " (rollback needs history)") ?? 10;
    const smokeDepth = p.oneOf("smokeDepth", p.string("smokeDepth", raw.smokeDepth, "probes") || (chartPath === OWN_CHART ? "full" : "probes"), SMOKE_DEPTHS);
    const podSecurityLevel = p.oneOf("podSecurityLevel", p.string("podSecurityLevel", raw.podSecurityLevel, "baseline") || "restricted", POD_SECURITY_LEVELS);
    return { sourceRoot, release: { name: releaseName, namespace, chartPath, timeoutSeconds, maxHistory, podSecurityLevel }, smokeDepth };
}
