// Reading untyped data (rendered manifests, parsed YAML) without casts at every step: a value
// that is not the shape asked for reads as empty.

export type PlainRecord = Readonly<Record<string, unknown>>;

export function asRecord(v: unknown): PlainRecord {
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as PlainRecord) : {};
}

export function asList(v: unknown): unknown[] {
    return Array.isArray(v) ? v : [];
}
