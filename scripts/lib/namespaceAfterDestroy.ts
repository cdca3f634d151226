// After `npm run destroy`: whether the stack's namespace is gone. Destroy does not wait for it
// (components/release/namespace.ts), so a namespace the cluster cannot finalize (an aggregated
// API with nothing behind it) is reported here, with the cluster's own reason, instead of
// holding the destroy for ten minutes.
import { CommandRunner } from "../../components/shared/commandRunner";

interface NamespaceJson {
    readonly status?: { readonly phase?: string; readonly conditions?: ReadonlyArray<{ readonly type: string; readonly status: string; readonly message?: string }> };
}

/** The conditions that say why a Terminating namespace is not finalized yet (status True = a problem). */
export function terminatingReasons(namespaceJson: string): string[] {
    const ns = JSON.parse(namespaceJson) as NamespaceJson;
    return (ns.status?.conditions ?? []).filter((c) => c.status === "True").map((c) => `${c.type}: ${c.message ?? ""}`.trim());
}

/** Waits up to `waitMs` for the namespace to go; one line saying it went, or why it has not. */
export async function namespaceAfterDestroy(run: CommandRunner, kubeContext: string, namespace: string, waitMs = 30_000): Promise<string> {
    const deadline = Date.now() + waitMs;
    for (;;) {
        const r = run("kubectl", ["--context", kubeContext, "get", "namespace", namespace, "--output", "json"]);
        if (r.code !== 0 && /NotFound/.test(r.stderr)) {
            return `Namespace ${namespace} is deleted.`;
        }
        if (r.code !== 0) {
            return `Namespace ${namespace}: could not read it (${r.stderr.trim().split("\n")[0]}).`;
        }
        if (Date.now() >= deadline) {
            const reasons = terminatingReasons(r.stdout);
            return (
                `Namespace ${namespace} is still Terminating after ${Math.round(waitMs / 1000)} s${reasons.length > 0 ? `: ${reasons.join("; ")}` : ""}.\n` +
                `The cluster deletes it once the cause is fixed; nothing of the app is left in it. See docs/TROUBLESHOOTING.md, "A Minikube addon is not Ready".`
            );
        }
        await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
}
