// Rule family 8: the pods a Helm Release renders. The pack never sees them as resources (the
// provider's Helm creates them), so a chart edit that drops runAsNonRoot or a probe would pass
// every other policy. Here each Release's chart is rendered with `helm template` and the
// Release's planned values (a value unknown until the update stands in as a placeholder), and
// every rendered workload is judged like a workload the program registers: the Pod Security
// level its namespace enforces (from the stack's Namespace; restricted when not in the stack),
// resources and probes, and pinned image tags. A stack policy, because the level is on the
// Namespace and the pods on the Release. `minimumLevel` (config) refuses a namespace whose level
// is weaker than the organisation allows.
import { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { execFileSync } from "child_process";
import * as path from "path";
import { CommandHost, renderChart, RenderedObject } from "./rules/chartRender";
import { POD_SECURITY_LEVELS, podSecurityViolations, PodSecurityLevel, podSpecOf } from "./rules/podSecurityStandard";
import { at, hasUnknown, HELM_RELEASE, isUnknown, Obj, ResourceView, StackViolation, stackViews } from "./common/resources";
import { checkContainerHealth } from "./containerHealth";
import { checkImages } from "./images";

const NAMESPACE = "kubernetes:core/v1:Namespace";

/** The policy's configuration (`--policy-pack-config`). */
export interface RenderedPodsConfig {
    /** The weakest Pod Security level a namespace may enforce; "privileged" allows any. */
    readonly minimumLevel: PodSecurityLevel;
}

const CONFIG_SCHEMA: PolicyConfigSchema = {
    properties: {
        minimumLevel: {
            type: "string",
            enum: [...POD_SECURITY_LEVELS],
            default: "baseline",
            description: "The weakest Pod Security level (restricted, baseline, privileged) a Release's namespace may enforce.",
        },
    },
};

/** The pack stands alone (it is published without the program): its one command is `helm template`. */
const helm: CommandHost = {
    run: (command, args) => execFileSync(command, [...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }),
};

/** What helm said on stderr, or the error's message. */
function helmError(e: unknown): string {
    const stderr = (e as { stderr?: unknown }).stderr;
    return typeof stderr === "string" && stderr.trim() !== "" ? stderr.trim() : e instanceof Error ? e.message : String(e);
}
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
export function checkRenderedPods(views: readonly ResourceView[], projectRoot: string, config: RenderedPodsConfig = { minimumLevel: "baseline" }): StackViolation[] {
    const out: StackViolation[] = [];
    for (const release of views.filter((v) => v.type === HELM_RELEASE)) {
        const { chart, name, namespace, values } = release.props as Obj;
        if (typeof chart !== "string" || typeof name !== "string") {
            continue; // not known until the update: judged then
        }
        const ns = typeof namespace === "string" ? namespace : "default";
        const level = levelOf(views, ns);
        // POD_SECURITY_LEVELS runs strictest first.
        if (POD_SECURITY_LEVELS.indexOf(level) > POD_SECURITY_LEVELS.indexOf(config.minimumLevel)) {
            out.push({ urn: release.urn, message: `Release "${release.name}" deploys into namespace ${ns}, whose Pod Security level "${level}" is weaker than the pack's minimumLevel "${config.minimumLevel}": make the chart pass "${config.minimumLevel}" and set podSecurityLevel to it.` });
        }
        let objects: RenderedObject[];
        try {
            objects = renderChart(helm, { chartDir: path.resolve(projectRoot, chart), releaseName: name, namespace: ns, values: renderable(values ?? {}) as Obj });
        } catch (e) {
            // A placeholder may break the chart's schema (a number not known yet): judged at the update.
            if (!hasUnknown(values)) {
                out.push({ urn: release.urn, message: `Release "${release.name}": chart ${chart} does not render with its values, so its pods can't be checked: ${helmError(e).slice(0, 600)}` });
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
    configSchema: CONFIG_SCHEMA,
    validateStack: (args, reportViolation) => {
        // The pack lives in the project's policy/ folder; the Release's chart path is relative to the project.
        checkRenderedPods(stackViews(args.resources), path.resolve(__dirname, ".."), args.getConfig<RenderedPodsConfig>()).forEach((v) => reportViolation(v.message, v.urn));
    },
};
