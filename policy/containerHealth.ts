// Rule family 2: every container declares CPU and memory requests and limits, and liveness and
// readiness probes (init containers run to completion, so they need resources only).
// The Helm Release's pods are rendered by the chart from its own defaults merged with the
// values, so their resources and probes are checked by the chart's tests, not here.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { at, ResourceView, resourceView, subject } from "./common/resources";
import { containersOf, podSpec } from "./common/workloads";

const RESOURCE_FIELDS = ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"] as const;

/** Set, or not known yet (UNKNOWN): only a value that is surely missing is reported. */
function isSet(v: unknown): boolean {
    return v !== undefined && v !== null && v !== "";
}

export function checkContainerHealth(r: ResourceView): string[] {
    return containersOf(podSpec(r)).flatMap((c) => {
        const missing: string[] = RESOURCE_FIELDS.filter((f) => !isSet(at(c.spec.resources, ...f.split(".")))).map((f) => `resources.${f}`);
        if (c.role === "container") {
            missing.push(...(["livenessProbe", "readinessProbe"] as const).filter((p) => !isSet(c.spec[p])));
        }
        return missing.length === 0 ? [] : [`${subject(r)} ${c.role} "${c.name}" has no ${missing.join(", ")}: add ${missing.length === 1 ? "it" : "them"} to the ${c.role}'s spec.`];
    });
}

export const containerResourcesAndProbes: ResourceValidationPolicy = {
    name: "container-resources-and-probes",
    description:
        "Every container of a Kubernetes workload sets CPU and memory requests and limits and has liveness and readiness probes; every init container sets CPU and memory requests and limits.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        checkContainerHealth(resourceView(args)).forEach((m) => reportViolation(m));
    },
};
