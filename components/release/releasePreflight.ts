// Renders the chart with the values the Release will get (the planned image refs; the Secret
// names stood in, since a name holds a hash of contents generated during the update) and checks
// what it renders, before the first resource is registered: a chart the namespace would refuse,
// or one needing a Secret key the program does not write, fails in seconds with every problem
// listed and nothing created.
import * as pulumi from "@pulumi/pulumi";
import { SecretReader } from "../secrets/appSecrets";
import { CapacityVerdict, clusterCapacity, judgeCapacity } from "./capacityCheck";
import { checkRenderedChart, ProgramSecret } from "./chartPreflight";
import { RenderedObject, renderChart } from "../../policy/rules/chartRender";
import { ConfigError } from "../config/problems";
import { Host } from "../shared/host";
import { PodSecurityLevel } from "../config/settings";

type SecretContents = Partial<Record<SecretReader, { readonly keys: readonly string[]; readonly unset: Readonly<Record<string, string>> }>>;

export interface ReleasePreflightArgs {
    readonly stack: string;
    readonly chartDir: string;
    /** As configured, for messages. */
    readonly chartPath: string;
    readonly releaseName: string;
    readonly namespace: string;
    readonly level: PodSecurityLevel;
    readonly fullname: string;
    /** The pinned context, where the capacity check reads the nodes and other pods' requests. */
    readonly kubeContext: string;
    /** What each workload's Secret will hold (appSecrets.ts secretContents). */
    readonly secrets: SecretContents;
    /** The Release's values, given each workload's Secret name. */
    readonly valuesFor: (secretNames: Partial<Record<SecretReader, string>>) => Record<string, unknown>;
}

/** Throws a ConfigError listing every problem; returns the unset keys to write empty, per Secret. */
export function releasePreflight(host: Host, a: ReleasePreflightArgs): Partial<Record<SecretReader, string[]>> {
    const readers = Object.keys(a.secrets) as SecretReader[];
    const nameOf = (r: SecretReader): string => `${a.fullname}-${r.toLowerCase()}-secret-to-be-named`;
    const byName: Record<string, ProgramSecret> = Object.fromEntries(
        readers.map((r) => [nameOf(r), { valuesKey: r === "backend" ? "secrets.name" : `${r}.secretName`, keys: a.secrets[r]!.keys, unset: a.secrets[r]!.unset }]),
    );
    let objects;
    try {
        objects = renderChart(host, {
            chartDir: a.chartDir,
            releaseName: a.releaseName,
            namespace: a.namespace,
            values: a.valuesFor(Object.fromEntries(readers.map((r) => [r, nameOf(r)]))),
        });
    } catch (e) {
        throw new ConfigError([`chartPath: ${a.chartPath} does not render with the computed values: ${(e as Error).message}. Fix: correct the chart (helm template shows the same error), or install Helm 3 if it is missing`], a.stack);
    }
    const result = checkRenderedChart({ chartPath: a.chartPath, level: a.level, objects, secrets: byName });
    const capacity = capacityVerdict(host, a, objects);
    const problems = [...result.problems, ...(capacity.problem ? [capacity.problem] : [])];
    if (problems.length > 0) {
        throw new ConfigError(problems, a.stack);
    }
    [...result.warnings, ...(capacity.warning ? [capacity.warning] : [])].forEach((w) => pulumi.log.warn(w));
    if (capacity.summary) pulumi.log.info(`Capacity: ${capacity.summary}`);
    const empty: Partial<Record<SecretReader, string[]>> = {};
    for (const r of readers) {
        const keys = result.emptyKeys[nameOf(r)];
        if (keys) {
            empty[r] = [...keys];
        }
    }
    return empty;
}

/** The capacity check, or a warning that it could not read the cluster (no access yet, a PR runner). */
function capacityVerdict(host: Host, a: ReleasePreflightArgs, objects: readonly RenderedObject[]): Partial<CapacityVerdict> & { warning?: string } {
    let capacity;
    try {
        const kubectl = (args: string[]): string => host.run("kubectl", ["--context", a.kubeContext, ...args]);
        capacity = clusterCapacity(kubectl(["get", "nodes", "-o", "json"]), kubectl(["get", "pods", "--all-namespaces", "-o", "json"]), a.namespace);
    } catch (e) {
        const why = (e as Error).message.split("\n")[0];
        return { warning: `could not read the nodes' capacity from context ${a.kubeContext} (${why}): the check that the chart's requests fit is skipped` };
    }
    return judgeCapacity(objects, capacity);
}
