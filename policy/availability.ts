// Rule family 4: in prod, every Deployment (and every service of the Helm Release) runs at least
// two replicas and is covered by a PodDisruptionBudget, so a rollout or a node drain never takes
// the last pod away. For the Release, the chart renders a PodDisruptionBudget (minAvailable 1)
// for each service with more than one replica unless the values disable it.
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    asArray,
    asNumber,
    asObj,
    asString,
    at,
    hasUnknown,
    HELM_RELEASE,
    isProd,
    isUnknown,
    Obj,
    ResourceView,
    resourceView,
    releaseValues,
    StackViolation,
    stackViews,
    subject,
    valueBlocks,
} from "./common/resources";
import { podLabels, workloadKind } from "./common/workloads";

export const MIN_PROD_REPLICAS = 2;
const PDB_TYPE = /^kubernetes:policy\/v1(beta1)?:PodDisruptionBudget$/;

export function checkMinReplicas(r: ResourceView): string[] {
    if (!isProd(r)) {
        return [];
    }
    if (r.type === HELM_RELEASE) {
        return valueBlocks(releaseValues(r)).flatMap(([key, block]) => {
            // With the chart's autoscaler on, its minReplicas is the floor (replicaCount is unused),
            // and it must stay above the PodDisruptionBudget's minAvailable 1.
            const autoscaled = at(block.autoscaling, "enabled") === true;
            const field = autoscaled ? "autoscaling.minReplicas" : "replicaCount";
            const n = asNumber(autoscaled ? at(block.autoscaling, "minReplicas") : block.replicaCount);
            return n === undefined || n >= MIN_PROD_REPLICAS || block.enabled === false
                ? []
                : [`${subject(r)} value ${key}.${field} is ${n} in prod: set it to at least ${MIN_PROD_REPLICAS}, so a rollout or a node drain keeps the service serving.`];
        });
    }
    if (workloadKind(r.type) !== "Deployment") {
        return [];
    }
    const replicasValue = at(r.props, "spec", "replicas");
    const replicas = asNumber(replicasValue);
    if (isUnknown(replicasValue) || (replicas !== undefined && replicas >= MIN_PROD_REPLICAS)) {
        return [];
    }
    const runs = replicas === undefined ? "runs 1 replica (spec.replicas is unset)" : `runs ${replicas} replica${replicas === 1 ? "" : "s"}`;
    return [`${subject(r)} ${runs} in prod: set spec.replicas to at least ${MIN_PROD_REPLICAS}, so a rollout or a node drain keeps it serving.`];
}

/** Whether a label selector (matchLabels and matchExpressions) selects pods with these labels. */
export function selects(selector: Obj | undefined, labels: Readonly<Record<string, string>>): boolean {
    if (selector === undefined) {
        return false;
    }
    const matchLabels = asObj(selector.matchLabels) ?? {};
    if (!Object.entries(matchLabels).every(([k, v]) => labels[k] === v)) {
        return false;
    }
    return asArray(selector.matchExpressions).every((e) => {
        const key = asString(at(e, "key")) ?? "";
        const values = asArray(at(e, "values"));
        const has = Object.prototype.hasOwnProperty.call(labels, key);
        switch (at(e, "operator")) {
            case "In":
                return has && values.includes(labels[key]);
            case "NotIn":
                return !has || !values.includes(labels[key]);
            case "Exists":
                return has;
            case "DoesNotExist":
                return !has;
            default:
                return false;
        }
    });
}

function namespaceOf(r: ResourceView): string {
    return asString(at(r.props, "metadata", "namespace")) ?? "";
}

export function checkDisruptionBudgets(resources: readonly ResourceView[]): StackViolation[] {
    const budgets = resources.filter((r) => PDB_TYPE.test(r.type));
    const out: StackViolation[] = [];
    for (const r of resources) {
        if (!isProd(r)) {
            continue;
        }
        if (r.type === HELM_RELEASE) {
            const values = releaseValues(r);
            const budgetValues: Array<[string, unknown]> = [
                ["podDisruptionBudget", values.podDisruptionBudget],
                ...valueBlocks(values).map(([key, block]): [string, unknown] => [`${key}.podDisruptionBudget`, block.podDisruptionBudget]),
            ];
            const disabled = budgetValues.filter(([, pdb]) => at(pdb, "enabled") === false).map(([path]) => path);
            for (const path of disabled) {
                out.push({
                    urn: r.urn,
                    message: `${subject(r)} value ${path}.enabled is false in prod: remove it, so the chart renders a PodDisruptionBudget for every service with more than one replica.`,
                });
            }
            continue;
        }
        if (workloadKind(r.type) !== "Deployment") {
            continue;
        }
        const ns = namespaceOf(r);
        const labels = podLabels(r);
        // Labels, namespaces or selectors not known until the update are judged then.
        if (labels === undefined || hasUnknown(at(r.props, "metadata", "namespace")) || budgets.some((b) => hasUnknown(at(b.props, "metadata", "namespace")) || hasUnknown(at(b.props, "spec", "selector")))) {
            continue;
        }
        if (!budgets.some((b) => namespaceOf(b) === ns && selects(asObj(at(b.props, "spec", "selector")), labels))) {
            const where = ns === "" ? "its namespace" : `namespace "${ns}"`;
            out.push({
                urn: r.urn,
                message: `${subject(r)} has no PodDisruptionBudget in prod: add a policy/v1 PodDisruptionBudget in ${where} whose selector matches its pod labels (e.g. minAvailable: 1).`,
            });
        }
    }
    return out;
}

export const prodMinReplicas: ResourceValidationPolicy = {
    name: "prod-min-replicas",
    description: "In a prod stack, every Deployment and every Helm Release service (replicaCount, or autoscaling.minReplicas when the autoscaler is on) runs at least 2 replicas.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        checkMinReplicas(resourceView(args)).forEach((m) => reportViolation(m));
    },
};

export const prodPodDisruptionBudget: StackValidationPolicy = {
    name: "prod-pod-disruption-budget",
    description:
        "In a prod stack, every Deployment is selected by a PodDisruptionBudget in its namespace, and no Helm Release disables the chart's podDisruptionBudget.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        checkDisruptionBudgets(stackViews(args.resources)).forEach((v) => reportViolation(v.message, v.urn));
    },
};
