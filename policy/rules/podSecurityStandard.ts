// The Pod Security Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/,
// policy version "latest" as of Kubernetes 1.31), applied to a pod spec the way the API server's
// PodSecurity admission does, so that a chart whose pods the namespace would reject is refused
// before anything is created instead of after a 10-minute Helm timeout. Pure data in, messages
// out: the program's pre-render check and the policy pack share it.
import { asList, asRecord, PlainRecord } from "./plainData";

/** The levels of PodSecurity admission, strictest first. */
export const POD_SECURITY_LEVELS = ["restricted", "baseline", "privileged"] as const;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

type Obj = PlainRecord;

/** One field of one container (or the pod) that the level forbids, and what to set instead. */
export interface PodSecurityViolation {
    /** `pod` or `container "name"` (`initContainer "name"`, `ephemeralContainer "name"`). */
    readonly where: string;
    /** The field path inside the pod spec, e.g. `securityContext.allowPrivilegeEscalation`. */
    readonly field: string;
    readonly fix: string;
}

const BASELINE_CAPABILITIES = ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"];
const SAFE_SYSCTLS = [
    "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
];
const SELINUX_TYPES = ["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"];
const RESTRICTED_VOLUMES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];
const CONTAINER_LISTS = [["containers", "container"], ["initContainers", "initContainer"], ["ephemeralContainers", "ephemeralContainer"]] as const;


/** Everything `level` forbids in `spec` (a PodSpec); empty when the namespace would admit it. */
export function podSecurityViolations(spec: Obj, level: PodSecurityLevel): PodSecurityViolation[] {
    if (level === "privileged") {
        return [];
    }
    const found: PodSecurityViolation[] = [];
    const add = (where: string, field: string, fix: string): void => {
        found.push({ where, field, fix });
    };
    const podSc = asRecord(spec.securityContext);
    const containers = CONTAINER_LISTS.flatMap(([key, role]) => asList(spec[key]).map((c) => ({ c: asRecord(c), where: `${role} "${String(asRecord(c).name)}"` })));

    // --- baseline -----------------------------------------------------------------------------
    for (const ns of ["hostNetwork", "hostPID", "hostIPC"]) {
        if (spec[ns] === true) add("pod", ns, `remove ${ns}: true`);
    }
    for (const v of asList(spec.volumes)) {
        if (asRecord(v).hostPath !== undefined) add("pod", `volumes[${String(asRecord(v).name)}].hostPath`, "use a persistentVolumeClaim, configMap or emptyDir volume");
    }
    for (const s of asList(podSc.sysctls)) {
        const name = String(asRecord(s).name);
        if (!SAFE_SYSCTLS.includes(name)) add("pod", `securityContext.sysctls[${name}]`, "remove it (only the safe sysctls are allowed)");
    }
    checkCommonContext("pod", podSc, add);
    for (const { c, where } of containers) {
        const sc = asRecord(c.securityContext);
        if (sc.privileged === true) add(where, "securityContext.privileged", "remove privileged: true");
        const added = asList(asRecord(sc.capabilities).add).map(String).filter((cap) => !BASELINE_CAPABILITIES.includes(cap));
        if (added.length > 0) add(where, "securityContext.capabilities.add", `remove ${added.join(", ")}`);
        if (asList(c.ports).some((p) => Number(asRecord(p).hostPort ?? 0) !== 0)) add(where, "ports[].hostPort", "remove hostPort (use a Service)");
        if (sc.procMount !== undefined && sc.procMount !== "Default") add(where, "securityContext.procMount", "remove procMount or set it to Default");
        checkCommonContext(where, sc, add);
    }
    if (level === "baseline") {
        return found;
    }

    // --- restricted ---------------------------------------------------------------------------
    for (const v of asList(spec.volumes)) {
        const kinds = Object.keys(asRecord(v)).filter((k) => k !== "name");
        const bad = kinds.filter((k) => !RESTRICTED_VOLUMES.includes(k) && k !== "hostPath");
        if (bad.length > 0) add("pod", `volumes[${String(asRecord(v).name)}].${bad[0]}`, `use one of ${RESTRICTED_VOLUMES.join(", ")}`);
    }
    if (podSc.runAsUser === 0) add("pod", "securityContext.runAsUser", "remove runAsUser: 0");
    const podSeccomp = asRecord(podSc.seccompProfile).type;
    for (const { c, where } of containers) {
        const sc = asRecord(c.securityContext);
        if (sc.allowPrivilegeEscalation !== false) add(where, "securityContext.allowPrivilegeEscalation", "set allowPrivilegeEscalation: false");
        if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) add(where, "securityContext.runAsNonRoot", "set runAsNonRoot: true (here or in the pod's securityContext)");
        if (sc.runAsUser === 0) add(where, "securityContext.runAsUser", "remove runAsUser: 0");
        const seccomp = asRecord(sc.seccompProfile).type ?? podSeccomp;
        if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") add(where, "securityContext.seccompProfile.type", "set seccompProfile.type: RuntimeDefault (here or in the pod's securityContext)");
        const caps = asRecord(sc.capabilities);
        if (!asList(caps.drop).includes("ALL")) add(where, "securityContext.capabilities.drop", "set capabilities.drop: [ALL]");
        const extra = asList(caps.add).map(String).filter((cap) => cap !== "NET_BIND_SERVICE" && BASELINE_CAPABILITIES.includes(cap));
        if (extra.length > 0) add(where, "securityContext.capabilities.add", `remove ${extra.join(", ")} (only NET_BIND_SERVICE may be added)`);
    }
    return found;
}

/** Settings baseline checks the same way on the pod and on each container. */
function checkCommonContext(where: string, sc: Obj, add: (where: string, field: string, fix: string) => void): void {
    if (asRecord(sc.windowsOptions).hostProcess === true) add(where, "securityContext.windowsOptions.hostProcess", "remove hostProcess: true");
    if (asRecord(sc.seccompProfile).type === "Unconfined") add(where, "securityContext.seccompProfile.type", "set seccompProfile.type: RuntimeDefault");
    if (asRecord(sc.appArmorProfile).type === "Unconfined") add(where, "securityContext.appArmorProfile.type", "set appArmorProfile.type: RuntimeDefault");
    const se = asRecord(sc.seLinuxOptions);
    if (!SELINUX_TYPES.includes(String(se.type ?? ""))) add(where, "securityContext.seLinuxOptions.type", `use one of ${SELINUX_TYPES.filter(Boolean).join(", ")}`);
    for (const k of ["user", "role"]) {
        if (se[k] !== undefined && se[k] !== "") add(where, `securityContext.seLinuxOptions.${k}`, `remove seLinuxOptions.${k}`);
    }
}

/** The pod spec inside a rendered workload (Pod, Deployment, StatefulSet, Job, CronJob, ...). */
export function podSpecOf(manifest: Obj): Obj | undefined {
    const spec = asRecord(manifest.spec);
    switch (manifest.kind) {
        case "Pod":
            return spec;
        case "CronJob":
            return asRecord(asRecord(asRecord(asRecord(spec.jobTemplate).spec).template).spec);
        case "Deployment":
        case "StatefulSet":
        case "DaemonSet":
        case "ReplicaSet":
        case "ReplicationController":
        case "Job":
            return asRecord(asRecord(spec.template).spec);
        default:
            return undefined;
    }
}
