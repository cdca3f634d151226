// Stage 1 of a deployment: the tools the program itself calls are there and work (docker,
// helm, kubectl, and minikube or the metrics API of the target). Every check runs and
// every failure is listed at once with its fix, as a RunError before the first resource, so
// the plain `pulumi preview` and `npm run up` say the same thing. What must hold before the
// program can even start (Node.js, the Pulumi CLI, the secrets passphrase) is scripts/lib/prerequisites.ts.
import * as pulumi from "@pulumi/pulumi";
import { ClusterSettings } from "../../config/settings";
import { CommandRunner } from "../../shared/commandRunner";
import { CheckResult } from "./checkResult";
import { checkKubectl, checkMetricsApi } from "./clusterTools";
import { checkDocker, checkHelm } from "./localTools";
import { checkMinikube } from "./minikubeProfile";

export type { CheckResult } from "./checkResult";

/** Runs every check; never stops at the first failure. */
export function checkToolchain(run: CommandRunner, cluster: ClusterSettings, stack: string, autoscaled: boolean): CheckResult[] {
    return [
        checkDocker(run),
        checkHelm(run),
        checkKubectl(run),
        cluster.kind === "minikube" ? checkMinikube(run, cluster.minikubeProfile, stack) : checkMetricsApi(run, cluster.kubeContext, cluster.kind === "kind", autoscaled),
    ];
}

/** The CLI prints the list once, with no stack frames: the fixes are the user's to make, not a bug. */
export class PrerequisiteError extends pulumi.RunError {
    constructor(readonly failures: readonly CheckResult[], stack: string) {
        super(
            `Missing prerequisites for stack '${stack}' (${failures.length} problem${failures.length === 1 ? "" : "s"}); nothing was created or changed:\n` +
                failures.map((f) => `  - ${f.name}: ${f.detail}. Fix: ${f.fix}`).join("\n"),
        );
        this.name = "PrerequisiteError";
    }
}

export interface ToolchainLog {
    info(message: string): void;
    warn(message: string): void;
}

/** Throws PrerequisiteError when a check failed; otherwise one line of what was found, and each warning with its fix. */
export function requireToolchain(results: readonly CheckResult[], stack: string, log: ToolchainLog): void {
    const failures = results.filter((r) => r.status === "fail");
    if (failures.length > 0) {
        throw new PrerequisiteError(failures, stack);
    }
    log.info(`Toolchain: ${results.filter((r) => r.status === "ok").map((r) => `${r.name} ${r.detail}`).join("; ")}`);
    results.filter((r) => r.status === "warn").forEach((r) => log.warn(`${r.name}: ${r.detail}. Fix: ${r.fix}`));
}
