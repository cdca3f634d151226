// Rule family 1: every container runs with the "restricted" Pod Security Standard's settings.
// Kubernetes workloads are checked field by field; for the Helm Release, whose pods the chart
// renders out of the pack's sight, values may only keep or tighten the chart's restricted
// defaults, never weaken them.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, asObj, at, hasUnknown, HELM_RELEASE, Obj, ResourceView, resourceView, releaseValues, subject, valueBlocks } from "./common/resources";
import { containersOf, podSpec } from "./common/workloads";

const SECCOMP_OK = ["RuntimeDefault", "Localhost"];

/**
 * What to change in one securityContext. `pod` supplies runAsNonRoot, runAsUser and
 * seccompProfile where the container leaves them unset. With `explicitOnly`, only settings that
 * are present and wrong count (Helm values, merged over the chart's defaults).
 */
function securityFixes(sc: Obj, pod: Obj, explicitOnly: boolean): string[] {
    const fixes: string[] = [];
    const runAsNonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
    if (explicitOnly ? runAsNonRoot === false : runAsNonRoot !== true) {
        fixes.push("set runAsNonRoot: true");
    }
    if ((sc.runAsUser ?? pod.runAsUser) === 0) {
        fixes.push("remove runAsUser: 0");
    }
    if (sc.privileged === true) {
        fixes.push("remove privileged: true");
    }
    if (explicitOnly ? sc.allowPrivilegeEscalation === true : sc.allowPrivilegeEscalation !== false) {
        fixes.push("set allowPrivilegeEscalation: false");
    }
    const drop = at(sc, "capabilities", "drop");
    if ((!explicitOnly || drop !== undefined) && !asArray(drop).includes("ALL")) {
        fixes.push("set capabilities.drop: [ALL]");
    }
    if (asArray(at(sc, "capabilities", "add")).some((c) => c !== "NET_BIND_SERVICE")) {
        fixes.push("remove capabilities.add other than NET_BIND_SERVICE");
    }
    const seccomp = at(sc, "seccompProfile", "type") ?? at(pod, "seccompProfile", "type");
    if ((!explicitOnly || seccomp !== undefined) && !SECCOMP_OK.includes(String(seccomp))) {
        fixes.push("set seccompProfile.type: RuntimeDefault");
    }
    return fixes;
}

/** Violations of one resource: workload containers, or a Release's per-service securityContext values. */
export function checkPodSecurity(r: ResourceView): string[] {
    if (r.type === HELM_RELEASE) {
        return valueBlocks(releaseValues(r)).flatMap(([key, block]) => {
            const sc = asObj(block.securityContext);
            const fixes = sc === undefined || hasUnknown(sc) ? [] : securityFixes(sc, {}, true);
            return fixes.length === 0
                ? []
                : [`${subject(r)} value ${key}.securityContext weakens the restricted Pod Security Standard: ${fixes.join("; ")} (the chart's defaults are restricted; values may only keep or tighten them).`];
        });
    }
    const spec = podSpec(r);
    const pod = asObj(spec?.securityContext) ?? {};
    return containersOf(spec).flatMap((c) => {
        // A securityContext not known until the update is judged then.
        if (hasUnknown(spec?.securityContext) || hasUnknown(c.spec.securityContext)) {
            return [];
        }
        const fixes = securityFixes(asObj(c.spec.securityContext) ?? {}, pod, false);
        return fixes.length === 0
            ? []
            : [`${subject(r)} ${c.role} "${c.name}" breaks the restricted Pod Security Standard: in its securityContext ${fixes.join("; ")} (runAsNonRoot, runAsUser and seccompProfile may instead come from the pod's securityContext).`];
    });
}

export const podSecurityRestricted: ResourceValidationPolicy = {
    name: "pod-security-restricted",
    description:
        "Every container of a Kubernetes workload runs as non-root, without privilege escalation, with all capabilities dropped and the RuntimeDefault seccomp profile (the restricted Pod Security Standard); Helm Release values never weaken the chart's restricted securityContext.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        checkPodSecurity(resourceView(args)).forEach((m) => reportViolation(m));
    },
};
