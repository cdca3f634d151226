// The objects a Release would change, for `npm run preview`: Pulumi's own diff of a
// helm.v3.Release shows only its inputs (a chart checksum, a values leaf), not what the chart
// renders from them. This renders the chart with the values the preview planned and diffs the
// objects against what the cluster's release holds now (`helm get manifest`: exactly what the
// provider's Helm rendered at the last upgrade). Without a cluster (a fork's pull request) it
// diffs against the chart of a base git ref, rendered with the same values.
import { EngineEvent } from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseManifests, RenderedObject, renderChart } from "../../components/release/chartRender";
import { Host } from "../../components/shared/host";
import { diffObjects, UNKNOWN_PLACEHOLDER } from "./objectDiff";

/** The engine's type token of the program's Helm Release. */
export const RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";
/** How the engine's events show a value not known until the update. */
const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface PlannedRelease {
    readonly name: string;
    readonly namespace: string;
    /** As given to the Release: relative to the project directory. */
    readonly chart: string;
    readonly values: Readonly<Record<string, unknown>>;
}

/** The Release's planned inputs, from a preview's step event (any op, `same` included). */
export function plannedRelease(event: EngineEvent): PlannedRelease | undefined {
    const meta = event.resourcePreEvent?.metadata;
    const inputs = meta?.type === RELEASE_TYPE ? meta.new?.inputs : undefined;
    if (!inputs || typeof inputs.name !== "string" || typeof inputs.chart !== "string") {
        return undefined;
    }
    return { name: inputs.name, namespace: String(inputs.namespace ?? "default"), chart: inputs.chart, values: known(inputs.values ?? {}) as Record<string, unknown> };
}

/** Unknown values (and secret markers, which values never hold) become a visible placeholder. */
function known(v: unknown): unknown {
    if (v === UNKNOWN_SENTINEL || v === "[secret]") return UNKNOWN_PLACEHOLDER;
    if (Array.isArray(v)) return v.map(known);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, known(x)]));
    return v;
}

/** Hooks (helm test pods) are not part of the release's manifest; leave them out of both sides. */
function withoutHooks(objects: readonly RenderedObject[]): RenderedObject[] {
    return objects.filter((o) => o.metadata.annotations?.["helm.sh/hook"] === undefined);
}

export interface ReleasePreviewContext {
    readonly host: Host;
    readonly projectDir: string;
    /** The kube context of the last deployment (its `kubeContext` output); undefined before the first. */
    readonly kubeContext?: string;
    /** A git ref whose chart to diff against when the cluster can't be asked. */
    readonly baseRef?: string;
}

/** A heading line, then one line per object change (or "no object changes"). */
export function releaseObjectChanges(ctx: ReleasePreviewContext, release: PlannedRelease): string[] {
    const render = (chartDir: string): RenderedObject[] =>
        withoutHooks(renderChart(ctx.host, { chartDir, releaseName: release.name, namespace: release.namespace, values: release.values }));
    const planned = render(path.resolve(ctx.projectDir, release.chart));
    const heading = `Objects the Release ${release.namespace}/${release.name} would change`;
    let why = "nothing deployed yet";
    if (ctx.kubeContext !== undefined) {
        try {
            const manifest = ctx.host.run("helm", ["get", "manifest", release.name, "--namespace", release.namespace, "--kube-context", ctx.kubeContext]);
            return [`${heading} (rendered with the planned values, against the deployed release):`, ...diffObjects(parseManifests(manifest), planned)];
        } catch (e) {
            why = /release: not found/.test(String(e)) ? "not installed in the cluster" : `the cluster could not be asked: ${firstLine(e)}`;
        }
    }
    if (ctx.baseRef === undefined) {
        return [`${heading} (${why}; every object is new):`, ...diffObjects([], planned)];
    }
    const base = chartAtRef(ctx, release.chart, ctx.baseRef);
    try {
        return [`${heading} (${why}: the chart at ${ctx.baseRef} and at this commit, both rendered with the planned values):`, ...diffObjects(render(base), planned)];
    } finally {
        fs.rmSync(path.dirname(base), { recursive: true, force: true });
    }
}

/** The chart directory as it is at `ref`, extracted to a temporary directory. */
function chartAtRef(ctx: ReleasePreviewContext, chart: string, ref: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "todo-base-chart-"));
    const archive = path.join(dir, "chart.tar");
    const prefix = ctx.host.run("git", ["-C", ctx.projectDir, "rev-parse", "--show-prefix"]).trim();
    ctx.host.run("git", ["-C", ctx.projectDir, "archive", "--output", archive, ref, path.posix.join(prefix, chart)]);
    ctx.host.run("tar", ["-xf", archive, "-C", dir]);
    return path.join(dir, prefix, chart);
}

function firstLine(e: unknown): string {
    return String(e instanceof Error ? e.message : e).split("\n")[0];
}
