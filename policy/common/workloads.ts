// Kubernetes workload resources and the pod spec inside each: where the containers are.
import { asArray, asObj, asString, at, hasUnknown, Obj, ResourceView } from "./resources";

/** Path from a workload's inputs to its pod spec, by kind. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
    Pod: ["spec"],
    Deployment: ["spec", "template", "spec"],
    StatefulSet: ["spec", "template", "spec"],
    DaemonSet: ["spec", "template", "spec"],
    ReplicaSet: ["spec", "template", "spec"],
    ReplicationController: ["spec", "template", "spec"],
    Job: ["spec", "template", "spec"],
    CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

/** `kubernetes:<group>/<version>:<Kind>` of the core, apps, extensions and batch groups (any version). */
const WORKLOAD_TYPE = /^kubernetes:(core|apps|extensions|batch)\/v[0-9a-z]+:([A-Za-z]+)$/;

/** The workload kind (`Deployment`, `CronJob`, ...) of a type token, undefined for anything else. */
export function workloadKind(type: string): string | undefined {
    const m = WORKLOAD_TYPE.exec(type);
    return m && POD_SPEC_PATHS[m[2]] !== undefined ? m[2] : undefined;
}

export function isWorkload(type: string): boolean {
    return workloadKind(type) !== undefined;
}

/** The pod spec of a workload, undefined when the resource is not one or has none. */
export function podSpec(r: Pick<ResourceView, "type" | "props">): Obj | undefined {
    const kind = workloadKind(r.type);
    return kind === undefined ? undefined : asObj(at(r.props, ...POD_SPEC_PATHS[kind]));
}

/** The pod template's labels (`spec.template.metadata.labels`; a Pod's own labels); undefined while not known. */
export function podLabels(r: Pick<ResourceView, "type" | "props">): Readonly<Record<string, string>> | undefined {
    const kind = workloadKind(r.type);
    if (kind === undefined) {
        return {};
    }
    const specPath = POD_SPEC_PATHS[kind];
    const metadata = kind === "Pod" ? at(r.props, "metadata") : at(r.props, ...specPath.slice(0, -1), "metadata");
    if (hasUnknown(at(metadata, "labels"))) {
        return undefined;
    }
    const labels = asObj(at(metadata, "labels")) ?? {};
    return Object.fromEntries(Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === "string"));
}

export interface ContainerView {
    /** "container" or "init container", as used in messages. */
    readonly role: "container" | "init container";
    readonly name: string;
    readonly spec: Obj;
}

/** Every container and init container of a pod spec. */
export function containersOf(spec: Obj | undefined): ContainerView[] {
    const out: ContainerView[] = [];
    const add = (role: ContainerView["role"], list: unknown): void => {
        asArray(list).forEach((c, i) => {
            const o = asObj(c);
            if (o !== undefined) {
                out.push({ role, name: asString(o.name) ?? `#${i}`, spec: o });
            }
        });
    };
    add("init container", spec?.initContainers);
    add("container", spec?.containers);
    return out;
}
