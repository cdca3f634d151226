// Renders the chart with the values the Release will get (Secret names and image tags stood in
// by placeholders, since neither exists yet) and checks what it renders, before the first
// resource is registered: a chart the namespace would refuse, or one needing a Secret key the
// program does not write, fails in seconds with every problem listed and nothing created.
import * as pulumi from "@pulumi/pulumi";
import { SecretReader } from "../secrets/appSecrets";
import { checkRenderedChart, ProgramSecret } from "./chartPreflight";
import { renderChart } from "./chartRender";
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
    if (result.problems.length > 0) {
        throw new ConfigError(result.problems, a.stack);
    }
    result.warnings.forEach((w) => pulumi.log.warn(w));
    const empty: Partial<Record<SecretReader, string[]>> = {};
    for (const r of readers) {
        const keys = result.emptyKeys[nameOf(r)];
        if (keys) {
            empty[r] = [...keys];
        }
    }
    return empty;
}
