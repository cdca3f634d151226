// One line per Minikube addon the stack enables, as the deploy starts: whether Minikube has it
// enabled and whether its pods are Ready. The deploy never waits on an addon (they are extras:
// metrics for `kubectl top` and HPAs, a dashboard), but a broken one is worth saying once: an
// aggregated API with no Ready pod behind it (metrics-server's) also keeps any namespace that is
// being deleted Terminating, which is how a `pulumi destroy` ends up waiting (issue 31).
import { Host } from "../shared/host";

/** The `k8s-app` label of each addon's pods, as Minikube's addon manifests set it. */
const ADDON_POD_LABEL: Readonly<Record<string, string>> = {
    "metrics-server": "metrics-server",
    dashboard: "kubernetes-dashboard",
};

/** The label selector that finds the pods of the addons this reads. */
export const ADDON_POD_SELECTOR = `k8s-app in (${Object.values(ADDON_POD_LABEL).join(",")})`;

export interface AddonStatus {
    readonly addon: string;
    /** False when enabled with pods that are not all Ready: worth a warning. */
    readonly healthy: boolean;
    readonly line: string;
}

interface PodsJson {
    readonly items?: ReadonlyArray<{
        readonly metadata: { readonly name: string; readonly labels?: Readonly<Record<string, string>> };
        readonly status?: {
            readonly phase?: string;
            readonly conditions?: ReadonlyArray<{ readonly type: string; readonly status: string }>;
            readonly containerStatuses?: ReadonlyArray<{ readonly name: string; readonly state?: { readonly waiting?: { readonly reason?: string; readonly message?: string } } }>;
        };
    }>;
}

/**
 * From `minikube addons list -o json` and `kubectl get pods -A -l <ADDON_POD_SELECTOR> -o json`,
 * each addon's state, e.g. `metrics-server: enabled, 1/1 pods Ready`.
 */
export function addonStatuses(addonsListJson: string, podsJson: string, addons: readonly string[]): AddonStatus[] {
    const list = JSON.parse(addonsListJson) as Record<string, { Status?: string } | undefined>;
    const pods = (JSON.parse(podsJson) as PodsJson).items ?? [];
    return addons.map((addon): AddonStatus => {
        if (list[addon]?.Status !== "enabled") {
            return { addon, healthy: true, line: `${addon}: not enabled yet; this deploy enables it and does not wait for its pods` };
        }
        const label = ADDON_POD_LABEL[addon];
        if (label === undefined) {
            return { addon, healthy: true, line: `${addon}: enabled` };
        }
        const own = pods.filter((p) => p.metadata.labels?.["k8s-app"] === label);
        const ready = own.filter((p) => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"));
        const counts = `${ready.length}/${own.length} pods Ready`;
        if (own.length > 0 && ready.length === own.length) {
            return { addon, healthy: true, line: `${addon}: enabled, ${counts}` };
        }
        const why = own
            .filter((p) => !ready.includes(p))
            .map((p) => {
                const waiting = p.status?.containerStatuses?.find((c) => c.state?.waiting)?.state?.waiting;
                return `pod ${p.metadata.name} ${waiting?.reason ?? p.status?.phase ?? "not Ready"}${waiting?.message ? ` (${waiting.message})` : ""}`;
            });
        return { addon, healthy: false, line: `${addon}: enabled, ${counts}${why.length > 0 ? `: ${why.join("; ")}` : ` (no pod labelled k8s-app=${label})`}` };
    });
}

/** Reads and judges the addons' state on the profile; one unhealthy-free line when it cannot be read. */
export function readAddonStatuses(host: Host, profile: string, kubeContext: string, addons: readonly string[]): AddonStatus[] {
    try {
        const list = host.run("minikube", ["-p", profile, "addons", "list", "-o", "json"]);
        const pods = host.run("kubectl", ["--context", kubeContext, "get", "pods", "--all-namespaces", "-l", ADDON_POD_SELECTOR, "-o", "json"]);
        return addonStatuses(list, pods, addons);
    } catch (e) {
        return [{ addon: addons.join(", "), healthy: true, line: `${addons.join(", ")}: state not read (${(e as Error).message.split("\n")[0]})` }];
    }
}
