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

/** A warning, not a failure: the app runs without it; `kubectl top` and autoscaling do not. */
export function checkMetricsApi(run: CommandRunner, context: string, onKind: boolean): CheckResult {
    const name = "metrics API";
    const r = run("kubectl", ["--context", context, "get", "apiservice", "v1beta1.metrics.k8s.io", "-o", "jsonpath={.status.conditions[?(@.type==\"Available\")].status}"]);
    if (r.code === 0 && r.stdout.trim() === "True") {
        return { name, status: "ok", detail: `available on '${context}' (kubectl top, autoscaling)` };
    }
    const found = r.code === 0 ? "registered but not Available" : "not installed";
    return {
        name,
        status: "warn",
        detail: `the metrics API (metrics-server) is ${found} on '${context}': \`kubectl top\` and the chart's autoscaling.enabled will not work`,
        fix: `kubectl --context ${context} apply -f ${METRICS_SERVER}${onKind ? " (on kind, also add --kubelet-insecure-tls to its args)" : ""}`,
    };
}
