// Which saves the dev loop copies into the running pods and which take the full path (build,
// load, `pulumi up`). A save is synced only when every changed file lies in a folder the dev
// images seed (DEV_SYNC_DIRS) of a service's build context; anything else, a dependency
// manifest, a Dockerfile, the chart, the program, a config file or a removed source file, makes
// the whole batch take the full path, with the reason. A path that is gone and was never a
// source file (an editor's or sed's temporary file, renamed over the real one) is skipped.
import * as fs from "fs";
import * as path from "path";
import { DEV_SYNC_DIRS, DEV_WORKDIR } from "../../components/images/devMode";
import { SERVICE_DIRS, SERVICES, ServiceName } from "../../components/config/settings";

/** Where one service's synced files go. */
export interface SyncTarget {
    readonly service: ServiceName;
    /** The build context, absolute. */
    readonly context: string;
    /** Label selector of its pods (the chart's selector labels). */
    readonly selector: string;
    /** Its container's name in the pod (the chart names it after the component). */
    readonly container: string;
}

export interface FileCopy {
    readonly target: SyncTarget;
    /** Absolute path on this machine. */
    readonly local: string;
    /** Absolute path in the container. */
    readonly remote: string;
}

export type SyncPlan = { readonly kind: "sync"; readonly copies: readonly FileCopy[] } | { readonly kind: "full"; readonly reason: string };

/** The stack's settings the loop needs, as Pulumi.<stack>.yaml holds them (validated by the program). */
export interface StackLayout {
    readonly projectRoot: string;
    /** todo-app:sourceRoot; undefined: apps. */
    readonly sourceRoot?: string;
    /** todo-app:builds.<service>.context, relative to sourceRoot. */
    readonly contexts: Readonly<Partial<Record<ServiceName, string>>>;
    readonly releaseName: string;
}

/** Each service's sync target: its context as validateServices resolves it, its pods by the chart's labels. */
export function syncTargets(layout: StackLayout): SyncTarget[] {
    const sourceRoot = path.resolve(layout.projectRoot, layout.sourceRoot || "apps");
    return SERVICES.map((service) => ({
        service,
        context: path.resolve(sourceRoot, layout.contexts[service] ?? SERVICE_DIRS[service]),
        selector: `app.kubernetes.io/instance=${layout.releaseName},app.kubernetes.io/component=${SERVICE_DIRS[service]}`,
        container: SERVICE_DIRS[service],
    }));
}

/** The files in the targets' synced folders now (absolute paths): what a later removal is judged against. */
export function sourceFiles(targets: readonly SyncTarget[]): Set<string> {
    const files = new Set<string>();
    for (const t of targets) {
        for (const dir of DEV_SYNC_DIRS[t.service].map((d) => path.join(t.context, d)).filter((d) => fs.existsSync(d))) {
            for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
                if (entry.isFile()) {
                    files.add(path.join(entry.parentPath, entry.name));
                }
            }
        }
    }
    return files;
}

/** The plan for a batch of changed files (absolute paths); `known` holds the source files deployed or synced so far. */
export function planSync(changed: readonly string[], targets: readonly SyncTarget[], known: ReadonlySet<string>, exists: (p: string) => boolean = fs.existsSync): SyncPlan {
    const copies: FileCopy[] = [];
    for (const file of changed) {
        if (!exists(file) && !known.has(file)) {
            continue; // a temporary file, gone before the loop looked
        }
        const copy = copyFor(file, targets);
        if (typeof copy === "string") {
            return { kind: "full", reason: copy };
        }
        if (!exists(file)) {
            return { kind: "full", reason: `${copy.target.service}: ${path.relative(copy.target.context, file)} was removed, and a sync only copies files` };
        }
        copies.push(copy);
    }
    return { kind: "sync", copies };
}

/** The copy for one file, or why it takes the full path. */
function copyFor(file: string, targets: readonly SyncTarget[]): FileCopy | string {
    const target = targets.find((t) => file.startsWith(t.context + path.sep));
    if (!target) {
        return `${file} is not in a service's source (the program, the chart, a Dockerfile)`;
    }
    const relative = path.relative(target.context, file);
    const top = relative.split(path.sep)[0];
    if (!DEV_SYNC_DIRS[target.service].includes(top)) {
        return `${target.service}: ${relative} is outside ${DEV_SYNC_DIRS[target.service].map((d) => d + "/").join(", ")} (dependencies and configuration are built into the image)`;
    }
    return { target, local: file, remote: path.posix.join(DEV_WORKDIR, ...relative.split(path.sep)) };
}
