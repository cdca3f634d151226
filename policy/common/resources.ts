// What every policy needs to know about one resource, independent of @pulumi/policy's argument
// types: the check functions take a ResourceView, so tests call them with plain data.
//
// Inputs reach a policy as plain JSON: @pulumi/policy 1.21 deserializes them with secret markers
// stripped (deserializeProperties(props, false)), so a policy can't tell a Pulumi secret from a
// plain value. During a preview, reading a value that is not known yet (an image digest, a
// generated password's checksum) throws UnknownValueError, and the SDK would then skip the whole
// policy for that resource with an advisory. The views below are snapshots in which such a value
// is the UNKNOWN marker instead, so each check skips only what it can't judge yet; `pulumi up`
// runs the policies again with every value known.
import { PolicyResource, ResourceValidationArgs, UnknownValueError } from "@pulumi/policy";

/** A value that is not known until the update (preview only). */
export const UNKNOWN: unique symbol = Symbol("unknown until the update");

export function isUnknown(v: unknown): v is typeof UNKNOWN {
    return v === UNKNOWN;
}

/** Whether an UNKNOWN marker lies anywhere below `v`. */
export function hasUnknown(v: unknown): boolean {
    if (isUnknown(v)) {
        return true;
    }
    return typeof v === "object" && v !== null && Object.values(v).some(hasUnknown);
}

function readField(o: object, key: string | number): unknown {
    try {
        return snapshot((o as Record<string | number, unknown>)[key]);
    } catch (e) {
        // By name as well as by class: the pack's own copy of @pulumi/policy (policy/node_modules)
        // and the one that built the proxy (the project's, in tests) are different classes.
        if (e instanceof UnknownValueError || (e instanceof Error && e.constructor.name === "UnknownValueError")) {
            return UNKNOWN;
        }
        throw e;
    }
}

/** A plain deep copy of policy props (read through the SDK's proxy), unknown values as UNKNOWN. */
export function snapshot(v: unknown): unknown {
    if (Array.isArray(v)) {
        return Array.from({ length: v.length }, (_, i) => readField(v, i));
    }
    if (typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
        return Object.fromEntries(Object.keys(v).map((k) => [k, readField(v, k)]));
    }
    return v;
}

/** One resource as a policy sees it. */
export interface ResourceView {
    /** Type token, e.g. `kubernetes:apps/v1:Deployment`. */
    readonly type: string;
    /** Pulumi resource name (what the program wrote), used in every message. */
    readonly name: string;
    /** `urn:pulumi:<stack>::<project>::<type>::<name>`: the stack name comes from here. */
    readonly urn: string;
    /** Resource inputs (stack policies: the resource's state). */
    readonly props: Readonly<Record<string, unknown>>;
    /** URN of the resource's provider, when known: NodePorts only collide within one cluster. */
    readonly providerUrn?: string;
}

/** A violation found by a stack check: the message and the resource it is reported on. */
export interface StackViolation {
    readonly message: string;
    readonly urn: string;
}

export const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

export type Obj = Readonly<Record<string, unknown>>;

export function asObj(v: unknown): Obj | undefined {
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

export function asArray(v: unknown): readonly unknown[] {
    return Array.isArray(v) ? v : [];
}

export function asString(v: unknown): string | undefined {
    return typeof v === "string" ? v : undefined;
}

export function asNumber(v: unknown): number | undefined {
    return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** The value at a path of plain objects: undefined where a step is missing, UNKNOWN below an unknown. */
export function at(v: unknown, ...path: string[]): unknown {
    let cur: unknown = v;
    for (const key of path) {
        if (isUnknown(cur)) {
            return UNKNOWN;
        }
        const o = asObj(cur);
        if (o === undefined) {
            return undefined;
        }
        cur = o[key];
    }
    return cur;
}

/** `Deployment "web"`, `Release "release"`, `Image "images-backend"`: the kind and the Pulumi name. */
export function subject(r: Pick<ResourceView, "type" | "name">): string {
    const kind = r.type.slice(r.type.lastIndexOf(":") + 1);
    return `${kind} "${r.name}"`;
}

/** The stack segment of a URN (`urn:pulumi:<stack>::...`), "" when the URN has another shape. */
export function stackOf(urn: string): string {
    const m = /^urn:pulumi:([^:]+)::/.exec(urn);
    return m ? m[1] : "";
}

/**
 * A stack is prod when its name has a `prod` or `production` word (`prod`, `prod-eu`, `eu-prod`),
 * or, for a Helm Release, when its values say `global.environment: prod`. Every other stack is
 * treated as dev. (@pulumi/policy 1.21 passes only stack tags to a policy, not the stack name or
 * config, so the URN is the one place the stack name is always available.)
 */
export function isProd(r: Pick<ResourceView, "urn" | "type" | "props">): boolean {
    const words = stackOf(r.urn).toLowerCase().split(/[-_.]/);
    if (words.includes("prod") || words.includes("production")) {
        return true;
    }
    return r.type === HELM_RELEASE && at(r.props.values, "global", "environment") === "prod";
}

/** The Release's values object (empty when unset). */
export function releaseValues(r: ResourceView): Obj {
    return asObj(r.props.values) ?? {};
}

/**
 * The per-service blocks of a Release's values (`backend`, `frontendWeb`, `postgresql`, ...): every
 * top-level key whose value is an object. Each rule then looks only for the keys it knows
 * (`image`, `replicaCount`, `service`, `securityContext`), so a block without them is skipped.
 */
export function valueBlocks(values: Obj): Array<[string, Obj]> {
    const out: Array<[string, Obj]> = [];
    for (const [key, value] of Object.entries(values)) {
        const o = asObj(value);
        if (o !== undefined) {
            out.push([key, o]);
        }
    }
    return out;
}

/** The resource a resource policy validates, as a snapshot view. */
export function resourceView(args: ResourceValidationArgs): ResourceView {
    return { type: args.type, name: args.name, urn: args.urn, props: asObj(snapshot(args.props)) ?? {}, providerUrn: args.provider?.urn };
}

/** The stack's resources as snapshot views (stack policies see each resource's state). */
export function stackViews(resources: readonly PolicyResource[]): ResourceView[] {
    return resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: asObj(snapshot(r.props)) ?? {}, providerUrn: r.provider?.urn }));
}
