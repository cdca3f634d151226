// The cluster-side checks: kubectl on the machine that runs `pulumi up` (the program's
// secret-history step prunes the Secrets older than Helm's kept revisions with it), and, on a
// cluster that is not Minikube (whose metrics-server addon the program enables), the metrics
// API that `kubectl top` and the chart's optional autoscaler need.
import { CommandRunner, NOT_FOUND } from "../../shared/commandRunner";
import type { CheckResult } from "./checkResult";

const METRICS_SERVER = "https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml";

export function checkKubectl(run: CommandRunner): CheckResult {
    const fix = "install kubectl: https://kubernetes.io/docs/tasks/tools/ (the deploy prunes Secrets older than Helm's kept revisions with it)";
    const r = run("kubectl", ["version", "--client", "-o", "json"]);
    if (r.code === NOT_FOUND) {
        return { name: "kubectl", status: "fail", detail: "kubectl is not installed or not on PATH", fix };
    }
    const version = r.code === 0 ? (JSON.parse(r.stdout) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion : undefined;
    if (!version) {
        return { name: "kubectl", status: "fail", detail: `'kubectl version --client' failed: ${r.stderr.trim().split("\n")[0] || `exit code ${r.code}`}`, fix };
    }
    return { name: "kubectl", status: "ok", detail: version };
}

/**
 * The metrics API behind `kubectl top` and the chart's autoscalers. Missing, it is a warning
 * when this stack turns an autoscaler on (prod does, for every service: its pod counts would
 * never change), and only a note otherwise. Never a failure: the app runs without it.
 */
export function checkMetricsApi(run: CommandRunner, context: string, onKind: boolean, autoscaled: boolean): CheckResult {
    const name = "metrics API";
    const r = run("kubectl", ["--context", context, "get", "apiservice", "v1beta1.metrics.k8s.io", "-o", "jsonpath={.status.conditions[?(@.type==\"Available\")].status}"]);
    if (r.code === 0 && r.stdout.trim() === "True") {
        return { name, status: "ok", detail: `available on '${context}' (kubectl top, autoscaling)` };
    }
    const found = r.code === 0 ? "registered but not Available" : "not installed";
    if (!autoscaled) {
        return { name, status: "ok", detail: `${found} on '${context}': \`kubectl top\` will not work; nothing this stack deploys needs it` };
    }
    return {
        name,
        status: "warn",
        detail: `the metrics API (metrics-server) is ${found} on '${context}': the chart's autoscalers (autoscaling.enabled) will never change the pod counts, and \`kubectl top\` will not work`,
        fix: `kubectl --context ${context} apply -f ${METRICS_SERVER}${onKind ? " (on kind, also add --kubelet-insecure-tls to its args)" : ""}`,
    };
}
