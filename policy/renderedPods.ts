// Rule family 8: the pods a Helm Release renders. The pack never sees them as resources (the
// provider's Helm creates them), so a chart edit that drops runAsNonRoot or a probe would pass
// every other policy. Here each Release's chart is rendered with `helm template` and the
// Release's planned values (a value unknown until the update stands in as a placeholder), and
// every rendered workload is judged like a workload the program registers: the Pod Security
// level its namespace enforces (from the stack's Namespace; restricted when not in the stack),
// resources and probes, and pinned image tags. A stack policy, because the level is on the
// Namespace and the pods on the Release.
import { StackValidationPolicy } from "@pulumi/policy";
import * as path from "path";
import { renderChart, RenderedObject } from "../components/release/chartRender";
import { CommandFailed, systemHost } from "../components/shared/host";
import { podSecurityViolations, podSpecOf } from "../components/release/podSecurityStandard";
import { POD_SECURITY_LEVELS, PodSecurityLevel } from "../components/config/settings";
import { at, hasUnknown, HELM_RELEASE, isUnknown, Obj, ResourceView, StackViolation, stackViews } from "./common/resources";
import { checkContainerHealth } from "./containerHealth";
import { checkImages } from "./images";

const NAMESPACE = "kubernetes:core/v1:Namespace";
const PLACEHOLDER = "unknown-until-the-update";

/** The Release's values with every unknown leaf replaced by a placeholder string helm can render. */
function renderable(v: unknown): unknown {
    if (isUnknown(v)) return PLACEHOLDER;
    if (Array.isArray(v)) return v.map(renderable);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, renderable(x)]));
    return v;
}

/** `kubernetes:apps/v1:Deployment` for apiVersion apps/v1, kind Deployment (core for v1). */
function typeToken(o: RenderedObject): string {
    const group = o.apiVersion.includes("/") ? o.apiVersion : `core/${o.apiVersion}`;
    return `kubernetes:${group}:${o.kind}`;
}

function levelOf(views: readonly ResourceView[], namespace: string): PodSecurityLevel {
    const ns = views.find((v) => v.type === NAMESPACE && at(v.props, "metadata", "name") === namespace);
    const label = at(ns?.props, "metadata", "labels", "pod-security.kubernetes.io/enforce");
    return (POD_SECURITY_LEVELS as readonly unknown[]).includes(label) ? (label as PodSecurityLevel) : "restricted";
}

/** Violations of every workload the stack's Releases render. */
export function checkRenderedPods(views: readonly ResourceView[], projectRoot: string): StackViolation[] {
    const out: StackViolation[] = [];
    for (const release of views.filter((v) => v.type === HELM_RELEASE)) {
        const { chart, name, namespace, values } = release.props as Obj;
        if (typeof chart !== "string" || typeof name !== "string") {
            continue; // not known until the update: judged then
        }
        const ns = typeof namespace === "string" ? namespace : "default";
        const level = levelOf(views, ns);
        let objects: RenderedObject[];
        try {
            objects = renderChart(systemHost, { chartDir: path.resolve(projectRoot, chart), releaseName: name, namespace: ns, values: renderable(values ?? {}) as Obj });
        } catch (e) {
            // A placeholder may break the chart's schema (a number not known yet): judged at the update.
            if (!hasUnknown(values)) {
                out.push({ urn: release.urn, message: `Release "${release.name}": chart ${chart} does not render with its values, so its pods can't be checked: ${(e instanceof CommandFailed ? e.detail : (e as Error).message).slice(0, 600)}` });
            }
            continue;
        }
        const prefix = `Release "${release.name}" (chart ${chart}) renders`;
        for (const o of objects) {
            const spec = podSpecOf(o);
            if (spec === undefined) continue;
            const view: ResourceView = { type: typeToken(o), name: o.metadata.name, urn: release.urn, props: o as Obj };
            const security = podSecurityViolations(spec, level);
            if (security.length > 0) {
                const fields = security.map((v) => `${v.where} ${v.field} (${v.fix})`).join("; ");
                out.push({ urn: release.urn, message: `${prefix} ${o.kind} ${o.metadata.name}, which the namespace's Pod Security level "${level}" forbids: ${fields}.` });
            }
            // Image refs that are placeholders are decided by the update (content tags are known in a
            // preview); hooks (helm test pods) run to completion, so probes don't apply to them.
            const images = JSON.stringify(o).includes(PLACEHOLDER) ? [] : checkImages(view);
            const health = o.metadata.annotations?.["helm.sh/hook"] === undefined ? checkContainerHealth(view) : [];
            [...health, ...images].forEach((m) => out.push({ urn: release.urn, message: `${prefix} ${m}` }));
        }
    }
    return out;
}

export const releaseRenderedPods: StackValidationPolicy = {
    name: "release-rendered-pods",
    description:
        "Every workload a Helm Release's chart renders with its values passes the pod-level rules (its namespace's Pod Security level, resources and probes, pinned images), checked on the `helm template` output at preview time.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        // The pack lives in the project's policy/ folder; the Release's chart path is relative to the project.
        checkRenderedPods(stackViews(args.resources), path.resolve(__dirname, "..")).forEach((v) => reportViolation(v.message, v.urn));
    },
};
