// Whether the chart's pods fit in the cluster, judged before anything is created: the rendered
// workloads' requests (replicas × containers), plus the one surge pod a RollingUpdate adds while
// it rolls, against the nodes' allocatable CPU and memory less what every other namespace's pods
// already request. A fixed minimum (4 CPUs, 8 GiB) judged the wrong thing: on a 2-core Minikube a
// backend update waited out the whole Release timeout on an unschedulable surge pod (issue 31).
import { parseQuantity } from "../config/quantity";
import { asList, asRecord, PlainRecord } from "../../policy/rules/plainData";
import { podSpecOf } from "../../policy/rules/podSecurityStandard";
import { RenderedObject } from "../../policy/rules/chartRender";

/** CPU in millicores and memory in MiB: the units people set requests in. */
export interface Amount {
    readonly cpu: number;
    readonly memory: number;
}

/** What the cluster has for the app: allocatable, and what pods outside its namespace request. */
export interface ClusterCapacity {
    readonly nodes: number;
    readonly allocatable: Amount;
    readonly requestedByOthers: Amount;
}

export interface CapacityVerdict {
    /** Set when the app cannot fit even with the rollouts one at a time: refuse. */
    readonly problem?: string;
    /** One line with the numbers, for the log; says so when rollouts must take turns. */
    readonly summary: string;
}

const ZERO: Amount = { cpu: 0, memory: 0 };
const add = (a: Amount, b: Amount, times = 1): Amount => ({ cpu: a.cpu + b.cpu * times, memory: a.memory + b.memory * times });
const show = (a: Amount): string => `${Math.round(a.cpu)}m CPU and ${Math.round(a.memory)} MiB`;

/** The requests of one pod spec (its containers; init containers run before them, so the larger counts). */
export function podRequests(spec: PlainRecord): Amount {
    const sum = (list: unknown): Amount =>
        asList(list).reduce<Amount>((total, c) => {
            const requests = asRecord(asRecord(asRecord(c).resources).requests);
            return add(total, { cpu: (parseQuantity(String(requests.cpu ?? "0")) ?? 0) * 1000, memory: (parseQuantity(String(requests.memory ?? "0")) ?? 0) / 2 ** 20 });
        }, ZERO);
    const main = sum(spec.containers);
    const init = asList(spec.initContainers).map((c) => sum([c]));
    return init.reduce<Amount>((m, i) => ({ cpu: Math.max(m.cpu, i.cpu), memory: Math.max(m.memory, i.memory) }), main);
}

interface Workload {
    readonly name: string;
    readonly perPod: Amount;
    readonly replicas: number;
    /** Pods a rollout adds on top of `replicas` (a Deployment's RollingUpdate surge; 0 for Recreate and StatefulSets). */
    readonly surge: number;
}

/** The chart's long-running workloads (hooks and test pods left out: they come and go). */
export function workloadsOf(objects: readonly RenderedObject[]): Workload[] {
    return objects.flatMap((o): Workload[] => {
        const spec = podSpecOf(o);
        if (spec === undefined || o.metadata.annotations?.["helm.sh/hook"] !== undefined || !["Deployment", "StatefulSet", "ReplicaSet"].includes(o.kind)) {
            return [];
        }
        const workloadSpec = asRecord(o.spec);
        // A chart that leaves replicas to an autoscaler starts at 1 (the API server's default).
        const replicas = typeof workloadSpec.replicas === "number" ? workloadSpec.replicas : 1;
        const strategy = asRecord(workloadSpec.strategy);
        const surge = o.kind === "Deployment" && strategy.type !== "Recreate" ? surgePods(asRecord(strategy.rollingUpdate).maxSurge, replicas) : 0;
        return [{ name: `${o.kind} ${o.metadata.name}`, perPod: podRequests(spec), replicas, surge }];
    });
}

/** maxSurge as pods: a number, or a percentage of replicas rounded up (Kubernetes' default 25%). */
function surgePods(maxSurge: unknown, replicas: number): number {
    if (typeof maxSurge === "number") return maxSurge;
    const percent = typeof maxSurge === "string" && maxSurge.endsWith("%") ? parseFloat(maxSurge) : 25;
    return Math.ceil((replicas * percent) / 100);
}

/** Fits (with the largest single surge), fits only one rollout at a time, or cannot fit at all. */
export function judgeCapacity(objects: readonly RenderedObject[], capacity: ClusterCapacity): CapacityVerdict {
    const workloads = workloadsOf(objects);
    const steady = workloads.reduce<Amount>((t, w) => add(t, w.perPod, w.replicas), ZERO);
    const surges = workloads.map((w) => ({ name: w.name, amount: { cpu: w.perPod.cpu * w.surge, memory: w.perPod.memory * w.surge } }));
    const largest = surges.reduce((m, s) => (s.amount.cpu + s.amount.memory / 1024 > m.amount.cpu + m.amount.memory / 1024 ? s : m), { name: "none", amount: ZERO });
    const allSurges = surges.reduce<Amount>((t, s) => add(t, s.amount), ZERO);
    const free: Amount = { cpu: capacity.allocatable.cpu - capacity.requestedByOthers.cpu, memory: capacity.allocatable.memory - capacity.requestedByOthers.memory };
    const needed = add(steady, largest.amount);
    const summary =
        `the chart's pods request ${show(steady)}, plus ${show(largest.amount)} for the largest rolling surge (${largest.name}); ` +
        `the cluster (${capacity.nodes} node${capacity.nodes === 1 ? "" : "s"}) has ${show(capacity.allocatable)} allocatable, of which other namespaces' pods request ${show(capacity.requestedByOthers)}, leaving ${show(free)}`;
    const short = (["cpu", "memory"] as const).filter((k) => needed[k] > free[k]);
    if (short.length > 0) {
        const biggest = [...workloads].sort((a, b) => b.perPod.cpu * b.replicas - a.perPod.cpu * a.replicas)[0];
        return {
            summary,
            problem:
                `the app does not fit in the cluster: ${summary}; short of ${short.map((k) => (k === "cpu" ? `${Math.round(needed.cpu - free.cpu)}m CPU` : `${Math.round(needed.memory - free.memory)} MiB of memory`)).join(" and ")}. ` +
                `Pods that cannot be scheduled stay Pending until the Release times out. Fix: lower the requests (e.g. pulumi config set --path 'resources.${serviceKey(biggest?.name)}.requests.cpu' 100m), ` +
                `run fewer replicas (pulumi config set backendReplicas 1), or give the cluster more CPU and memory`,
        };
    }
    // Not a problem, so not a warning: a surge pod that waits is scheduled when another rollout ends.
    const allAtOnce = add(steady, allSurges);
    const turns = allAtOnce.cpu > free.cpu || allAtOnce.memory > free.memory;
    return { summary: turns ? `${summary}; it fits, but not every Deployment's surge pod at once (${show(allAtOnce)}), so rollouts of several Deployments take turns` : `${summary}; it fits` };
}

/** `Deployment todo-app-frontend-web` → `frontendWeb`, for the fix's config key (backend otherwise). */
function serviceKey(workload: string | undefined): string {
    if (workload?.includes("frontend-web")) return "frontendWeb";
    if (workload?.includes("frontend-chatbot")) return "frontendChatbot";
    return "backend";
}

/** Reads `kubectl get nodes -o json` and `kubectl get pods -A -o json` into what the app may use. */
export function clusterCapacity(nodesJson: string, podsJson: string, appNamespace: string): ClusterCapacity {
    const nodes = asList(asRecord(JSON.parse(nodesJson)).items).map(asRecord).filter((n) => asRecord(n.spec).unschedulable !== true);
    const allocatable = nodes.reduce<Amount>((t, n) => {
        const a = asRecord(asRecord(n.status).allocatable);
        return add(t, { cpu: (parseQuantity(String(a.cpu ?? "0")) ?? 0) * 1000, memory: (parseQuantity(String(a.memory ?? "0")) ?? 0) / 2 ** 20 });
    }, ZERO);
    const requestedByOthers = asList(asRecord(JSON.parse(podsJson)).items)
        .map(asRecord)
        .filter((p) => asRecord(p.metadata).namespace !== appNamespace && !["Succeeded", "Failed"].includes(String(asRecord(p.status).phase)))
        .reduce<Amount>((t, p) => add(t, podRequests(asRecord(p.spec))), ZERO);
    return { nodes: nodes.length, allocatable, requestedByOthers };
}
