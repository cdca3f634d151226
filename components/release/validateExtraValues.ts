// extraValues: plain Helm values merged over the computed ones, for chart keys the program
// does not model. Refused when they carry a secret (they are stored and shown in plaintext),
// when they override what the program computes, or when the chart's values.schema.json would
// reject a key (additionalProperties: false), so the mistake surfaces before any resource.
import * as fs from "fs";
import * as path from "path";
import { isRecord, nearest, Problems, REDACTED } from "../config/problems";
import { findSecretLookingEntries } from "../../policy/rules/secretPatterns";
import { SERVICES } from "../config/settings";

export interface ExtraValuesContext {
    readonly chartDir: string;
    readonly exists: (absolutePath: string) => boolean;
    readonly readFile?: (absolutePath: string) => string;
}

/** Values the program sets from typed settings: an extraValues override would contradict them. */
const PROGRAM_OWNED = [
    "global", "secrets", "imagePullSecrets", "ingress",
    ...SERVICES.flatMap((s) => [`${s}.image`, `${s}.replicaCount`, `${s}.service`, `${s}.resources`, `${s}.secretName`]),
    "postgresql.enabled", "postgresql.secretName",
];

export function validateExtraValues(value: unknown, ctx: ExtraValuesContext, p: Problems): Record<string, unknown> {
    const extra = p.object("extraValues", value);
    for (const [keyPath, found] of findSecretLookingEntries(extra)) {
        p.add(`extraValues.${keyPath}`, found === undefined ? "" : REDACTED, "looks like a secret; plain Helm values are stored and shown in plaintext", "put it in a --secret config key the program maps into the Kubernetes Secret");
    }
    for (const owned of PROGRAM_OWNED) {
        const parts = owned.split(".");
        let node: unknown = extra;
        for (const part of parts) {
            node = isRecord(node) ? node[part] : undefined;
        }
        if (node !== undefined) {
            p.add(`extraValues.${owned}`, REDACTED, "is computed by the program from typed settings", `remove it and use the matching setting in Pulumi.yaml (replicas, NodePorts, resources, publicUrl, registry...)`);
        }
    }
    const schemaFile = path.join(ctx.chartDir, "values.schema.json");
    if (ctx.exists(schemaFile)) {
        let schema: unknown;
        try {
            schema = JSON.parse((ctx.readFile ?? ((f: string) => fs.readFileSync(f, "utf8")))(schemaFile));
        } catch {
            schema = undefined; // not readable here: helm reports it when the Release renders
        }
        if (isRecord(schema)) {
            for (const [keyPath, allowed] of keysOutsideSchema(extra, schema, schema)) {
                const near = nearest(keyPath.split(".").pop() ?? "", allowed);
                p.add(`extraValues.${keyPath}`, REDACTED, `is not a key of the chart (values.schema.json allows: ${allowed.join(", ")})`, near ? `rename it to ${near}` : "remove it");
            }
        }
    }
    return extra;
}

/** Dotted paths of keys the schema forbids (additionalProperties: false), with the keys it allows there. */
export function keysOutsideSchema(value: unknown, node: Record<string, unknown>, root: Record<string, unknown>, prefix = ""): Array<[string, string[]]> {
    const schema = resolveRef(node, root);
    if (!isRecord(value) || !isRecord(schema.properties)) {
        return [];
    }
    const properties = schema.properties;
    const found: Array<[string, string[]]> = [];
    for (const [key, child] of Object.entries(value)) {
        const keyPath = prefix ? `${prefix}.${key}` : key;
        const childSchema = properties[key];
        if (isRecord(childSchema)) {
            found.push(...keysOutsideSchema(child, childSchema, root, keyPath));
        } else if (schema.additionalProperties === false) {
            found.push([keyPath, Object.keys(properties)]);
        }
    }
    return found;
}

function resolveRef(node: Record<string, unknown>, root: Record<string, unknown>): Record<string, unknown> {
    const ref = node.$ref;
    if (typeof ref !== "string" || !ref.startsWith("#/")) {
        return node;
    }
    let target: unknown = root;
    for (const part of ref.slice(2).split("/")) {
        target = isRecord(target) ? target[part] : undefined;
    }
    return isRecord(target) ? { ...resolveRef(target, root), ...Object.fromEntries(Object.entries(node).filter(([k]) => k !== "$ref")) } : node;
}
