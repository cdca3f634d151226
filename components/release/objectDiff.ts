// The difference between two sets of Kubernetes objects (what a Release has deployed and what
// it would deploy), as a reviewer reads it: one line per changed field with old → new, like
// helm-diff or Argo CD, but never a Secret's data (a changed Secret says only "changed").
import { RenderedObject } from "../../policy/rules/chartRender";

export const NO_CHANGES = "no object changes";
const MAX_VALUE = 80;

type Json = unknown;

/** Kind and name: the heading names the release's namespace, where the chart's objects live. */
function keyOf(o: RenderedObject): string {
    return `${o.kind} ${o.metadata.name}`;
}

function show(v: Json): string {
    if (v === undefined) return "(none)";
    const text = typeof v === "string" ? v : JSON.stringify(v);
    return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** Leaf paths that differ, `a.b[0].c` style; a container list is matched by index. */
function fieldChanges(before: Json, after: Json, at: string, out: string[]): void {
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    const bothObjects = typeof before === "object" && before !== null && typeof after === "object" && after !== null;
    if (bothObjects && Array.isArray(before) === Array.isArray(after)) {
        if (Array.isArray(before) && Array.isArray(after)) {
            for (let i = 0; i < Math.max(before.length, after.length); i++) fieldChanges(before[i], after[i], `${at}[${i}]`, out);
            return;
        }
        const b = before as Record<string, Json>;
        const a = after as Record<string, Json>;
        for (const k of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
            fieldChanges(b[k], a[k], at ? `${at}.${k}` : k, out);
        }
        return;
    }
    out.push(`${at} ${show(before)} → ${show(after)}`);
}

/** One line per added, removed or changed object; `no object changes` when there is none. */
export function diffObjects(before: readonly RenderedObject[], after: readonly RenderedObject[]): string[] {
    const old = new Map(before.map((o) => [keyOf(o), o]));
    const now = new Map(after.map((o) => [keyOf(o), o]));
    const lines: string[] = [];
    for (const [key, o] of now) {
        const prior = old.get(key);
        if (prior === undefined) {
            lines.push(`+ ${key} (new)`);
        } else if (o.kind === "Secret") {
            if (JSON.stringify(prior) !== JSON.stringify(o)) lines.push(`~ ${key}: changed (Secret contents are not shown)`);
        } else {
            const changes: string[] = [];
            fieldChanges(prior, o, "", changes);
            changes.forEach((c) => lines.push(`~ ${key}: ${c}`));
        }
    }
    for (const key of old.keys()) {
        if (!now.has(key)) lines.push(`- ${key} (removed)`);
    }
    return lines.length > 0 ? lines : [NO_CHANGES];
}
