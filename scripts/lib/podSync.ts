// Copies saved files into a service's running dev pods through the Kubernetes API's exec, as
// `kubectl cp` does, but without needing tar in the image: the container's own sh writes stdin
// to a hidden file beside the target and renames it, so a reloading server never reads half a
// file. Only into the folders the dev variant mounts writable (the root filesystem stays
// read-only, so a write anywhere else fails loudly instead of being allowed).
import * as fs from "fs";
import * as path from "path";
import { runCommand } from "../../components/shared/commandRunner";
import { FileCopy, SyncTarget } from "./syncPlan";

export type SyncResult = { readonly ok: true; readonly pods: readonly string[] } | { readonly ok: false; readonly reason: string };

interface PodList {
    readonly items: ReadonlyArray<{
        readonly metadata: { readonly name: string; readonly deletionTimestamp?: string };
        readonly status: { readonly phase?: string; readonly containerStatuses?: ReadonlyArray<{ readonly name: string; readonly ready: boolean }> };
    }>;
}

// $1 is the target path, passed as an argument: never part of the script's text.
const WRITE_STDIN = 'set -e; dir=$(dirname "$1"); mkdir -p "$dir"; tmp="$dir/.$(basename "$1").sync"; cat > "$tmp"; mv "$tmp" "$1"';

export class PodSync {
    constructor(private readonly kubeContext: string, private readonly namespace: string) {}

    /** Copies every file into every ready pod of its service; the first failure ends it, with why. */
    copy(copies: readonly FileCopy[]): SyncResult {
        const synced = new Set<string>();
        const podsOf = new Map<SyncTarget, string[]>();
        for (const c of copies) {
            let pods = podsOf.get(c.target);
            if (!pods) {
                const found = this.readyPods(c.target);
                if (typeof found === "string") {
                    return { ok: false, reason: found };
                }
                podsOf.set(c.target, (pods = found));
            }
            let content: Buffer;
            try {
                content = fs.readFileSync(c.local);
            } catch (e) {
                return { ok: false, reason: `${path.basename(c.local)} could not be read (${(e as Error).message})` };
            }
            for (const pod of pods) {
                const r = runCommand("kubectl", ["--context", this.kubeContext, "-n", this.namespace, "exec", "-i", pod, "-c", c.target.container, "--", "sh", "-c", WRITE_STDIN, "sh", c.remote], { input: content, timeoutMs: 20_000 });
                if (r.code !== 0) {
                    return { ok: false, reason: `writing ${c.remote} in pod ${pod} failed: ${lastLine(r.stderr || r.stdout)}` };
                }
                synced.add(pod);
            }
        }
        return { ok: true, pods: [...synced] };
    }

    /** The service's pods that run and are ready (a restarting or terminating one is not a target), or why there are none. */
    private readyPods(target: SyncTarget): string[] | string {
        const r = runCommand("kubectl", ["--context", this.kubeContext, "-n", this.namespace, "get", "pods", "-l", target.selector, "-o", "json"], { timeoutMs: 20_000 });
        if (r.code !== 0) {
            return `listing ${target.service}'s pods failed: ${lastLine(r.stderr)}`;
        }
        const items = (JSON.parse(r.stdout) as PodList).items;
        const ready = items.filter((p) => p.metadata.deletionTimestamp === undefined && p.status.phase === "Running"
            && (p.status.containerStatuses ?? []).some((s) => s.name === target.container && s.ready));
        if (ready.length === 0) {
            return `no ready pod of ${target.service} (${items.length} found: restarting, starting or gone)`;
        }
        if (ready.length < items.filter((p) => p.metadata.deletionTimestamp === undefined).length) {
            return `${target.service} has pods that are not ready (one may be restarting): a copy would miss them`;
        }
        return ready.map((p) => p.metadata.name);
    }
}

function lastLine(text: string): string {
    return text.trim().split("\n").pop() ?? "";
}
