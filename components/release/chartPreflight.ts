// What the rendered chart asks of the cluster, checked before any resource exists: pods the
// namespace's Pod Security level would reject (else Helm waits its whole timeout for pods that
// are never created) and Secret keys the pods require (else CreateContainerConfigError).
import { asList, asRecord, PlainRecord } from "../../policy/rules/plainData";
import { RenderedObject } from "../../policy/rules/chartRender";
import { podSecurityViolations, podSpecOf } from "../../policy/rules/podSecurityStandard";
import { PodSecurityLevel } from "../config/settings";

type Obj = PlainRecord;

/** What one Secret the program creates holds, under the name the render used for it. */
export interface ProgramSecret {
    /** How the chart's values name it, for messages: `secrets.name`, `frontendWeb.secretName`. */
    readonly valuesKey: string;
    /** Keys it holds, with a value. */
    readonly keys: readonly string[];
    /** Keys the program knows but has no value for: written empty if a pod requires one. */
    readonly unset: Readonly<Record<string, string>>;
}

export interface ChartCheckInput {
    readonly chartPath: string;
    readonly level: PodSecurityLevel;
    readonly objects: readonly RenderedObject[];
    /** By the Secret name the render used. */
    readonly secrets: Readonly<Record<string, ProgramSecret>>;
}

export interface ChartCheckResult {
    readonly problems: string[];
    readonly warnings: string[];
    /** Secret name (as rendered) → keys to write as "" because a pod requires them. */
    readonly emptyKeys: Readonly<Record<string, readonly string[]>>;
}


export function checkRenderedChart(input: ChartCheckInput): ChartCheckResult {
    const problems: string[] = [];
    const warnings: string[] = [];
    const emptyKeys: Record<string, string[]> = {};
    for (const o of input.objects) {
        const spec = podSpecOf(o);
        if (spec === undefined) {
            continue;
        }
        const subject = `chart ${input.chartPath}: ${o.kind} ${o.metadata.name}`;
        const violations = podSecurityViolations(spec, input.level);
        if (violations.length > 0) {
            const lowest = podSecurityViolations(spec, "baseline").length === 0 ? "baseline" : "privileged";
            const byWhere = [...new Set(violations.map((v) => v.where))].map((w) => `${w}: ${violations.filter((v) => v.where === w).map((v) => v.field).join(", ")}`);
            const fixes = [...new Set(violations.map((v) => v.fix))];
            problems.push(
                `${subject} would be rejected by the namespace's Pod Security level "${input.level}" (${byWhere.join("; ")}). ` +
                    `Fix: in the chart's template ${fixes.join("; ")}; or lower the level (what that costs: docs/EXISTING-REPO.md): pulumi config set podSecurityLevel ${lowest}`,
            );
        }
        for (const ref of requiredSecretKeys(spec)) {
            const secret = input.secrets[ref.secret];
            if (secret === undefined || secret.keys.includes(ref.key)) {
                continue;
            }
            const configKey = secret.unset[ref.key];
            if (configKey !== undefined) {
                (emptyKeys[ref.secret] ??= []).includes(ref.key) || emptyKeys[ref.secret].push(ref.key);
                warnings.push(`${subject} ${ref.where} requires key ${ref.key} of the Secret ${secret.valuesKey}; it is written empty because ${configKey} is not set (pulumi config set --secret ${configKey} <value> sets it)`);
            } else {
                problems.push(
                    `${subject} ${ref.where} requires key ${ref.key} of the Secret ${secret.valuesKey}, which holds only ${secret.keys.join(", ")}. ` +
                        `Fix: read one of those keys, or mark the reference optional: true in the chart`,
                );
            }
        }
    }
    return { problems, warnings, emptyKeys };
}

interface SecretKeyRef {
    readonly secret: string;
    readonly key: string;
    readonly where: string;
}

/** Non-optional references to one key of a Secret: env secretKeyRef and secret volume items. */
function requiredSecretKeys(spec: Obj): SecretKeyRef[] {
    const refs: SecretKeyRef[] = [];
    for (const c of [...asList(spec.initContainers).map(asRecord), ...asList(spec.containers).map(asRecord)]) {
        for (const e of asList(c.env).map(asRecord)) {
            const ref = asRecord(asRecord(e.valueFrom).secretKeyRef);
            if (typeof ref.name === "string" && typeof ref.key === "string" && ref.optional !== true) {
                refs.push({ secret: ref.name, key: ref.key, where: `container "${String(c.name)}" (env ${String(e.name)})` });
            }
        }
    }
    for (const v of asList(spec.volumes).map(asRecord)) {
        const s = asRecord(v.secret);
        if (typeof s.secretName === "string" && s.optional !== true) {
            for (const item of asList(s.items).map(asRecord)) {
                refs.push({ secret: s.secretName, key: String(item.key), where: `volume ${String(v.name)}` });
            }
        }
    }
    return refs;
}
