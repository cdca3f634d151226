// The Kubernetes objects a Release would change, for `pulumi preview`: the engine's own diff
// of a helm.v3.Release shows only its inputs (a chart checksum, a values leaf), not what the
// chart renders from them. This renders the chart with the planned values and diffs the
// objects against what the cluster's release holds now (`helm get manifest`: exactly what the
// provider's Helm rendered at the last upgrade). TodoRelease logs the result on the Release,
// so the plain CLI, `--json` and a pulumi/actions PR comment all carry it.
import { parseManifests, RenderedObject, renderChart } from "../../policy/rules/chartRender";
import { diffObjects } from "./objectDiff";
import { Host } from "../shared/host";

export interface ReleaseChangesRequest {
    readonly chartDir: string;
    readonly releaseName: string;
    readonly namespace: string;
    /** The pinned context of the stack's cluster, where the deployed release lives. */
    readonly kubeContext: string;
    /** The values the Release will get, every one known. */
    readonly values: Readonly<Record<string, unknown>>;
}

/** Hooks (helm test pods) are not part of the release's manifest; leave them out of both sides. */
function withoutHooks(objects: readonly RenderedObject[]): RenderedObject[] {
    return objects.filter((o) => o.metadata.annotations?.["helm.sh/hook"] === undefined);
}

/** A heading line, then one line per object change (or "no object changes"). */
export function releaseChanges(host: Host, req: ReleaseChangesRequest): string[] {
    const planned = withoutHooks(renderChart(host, req));
    const heading = `Objects the Release ${req.namespace}/${req.releaseName} would change`;
    let deployed: string;
    try {
        deployed = host.run("helm", ["get", "manifest", req.releaseName, "--namespace", req.namespace, "--kube-context", req.kubeContext]);
    } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        const why = /release: not found/.test(message) ? "not installed yet" : `the cluster could not be asked: ${message.split("\n")[0]}`;
        return [`${heading} (${why}; every object is new):`, ...diffObjects([], planned)];
    }
    return [`${heading} (the chart rendered with the planned values, against the deployed release):`, ...diffObjects(parseManifests(deployed), planned)];
}
