// kubectl on the machine that runs `pulumi up`: the program's secret-history step prunes the
// Secrets older than Helm's kept revisions with it (components/secretHistory.ts).
import { CommandRunner, NOT_FOUND } from "./commandRunner";
import type { CheckResult } from "./prerequisites";

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
