// Step 6 of a deployment: the Secrets that `helm rollback` needs, and no more.
//
// Each workload's Secret is replaced (under a fresh name) whenever its data changes, and Helm
// keeps `maxHistory` revisions, each pointing at the Secret names of its time. Deleting the
// old Secret at once would make `helm rollback` start pods whose Secret is gone
// (CreateContainerConfigError), so the Secrets are retained on replacement (retainOnDelete in
// appSecrets.ts) and this step, after every successful Release, deletes a workload's Secrets
// beyond the newest `keep`: at most one Secret per revision, so the kept revisions always find
// theirs. It runs only when a Secret name changed (its triggers), so a no-op `up` stays a no-op.
// Needs kubectl on the machine that runs `pulumi up`, like `helm rollback` itself.
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";

export interface SecretHistoryArgs {
    readonly kubeContext: string;
    readonly namespace: string;
    /** Secrets kept per workload: the Release's maxHistory. */
    readonly keep: number;
    /** The label every retained Secret carries, and the component labels to prune by. */
    readonly selector: Readonly<Record<string, string>>;
    readonly components: readonly string[];
    /** The names in use now: never deleted, and their change is what triggers a run. */
    readonly current: readonly pulumi.Input<string>[];
    /** The Release: pruning waits until it succeeded (a failed one rolls back to old names). */
    readonly after: pulumi.Input<pulumi.Resource>[];
}

/** POSIX sh: list oldest first, drop the newest $KEEP and the current names, delete the rest. */
export const PRUNE_SCRIPT = [
    "set -eu",
    'for component in $COMPONENTS; do',
    '  kubectl --context "$KUBE_CONTEXT" -n "$NAMESPACE" get secrets -l "$SELECTOR,app.kubernetes.io/component=$component" \\',
    "    --sort-by=.metadata.creationTimestamp -o name |",
    "  awk -v keep=\"$KEEP\" '{ names[NR] = $0 } END { for (i = 1; i <= NR - keep; i++) print names[i] }' |",
    "  while read -r secret; do",
    '    case " $CURRENT " in *" ${secret#secret/} "*) continue ;; esac',
    '    kubectl --context "$KUBE_CONTEXT" -n "$NAMESPACE" delete "$secret" --ignore-not-found',
    "  done",
    "done",
].join("\n");

export class SecretHistory extends pulumi.ComponentResource {
    constructor(name: string, args: SecretHistoryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("todo:secrets:SecretHistory", name, {}, opts);
        const current = pulumi.all([...args.current]).apply((names) => names.join(" "));
        new command.local.Command(
            `${name}-prune`,
            {
                create: PRUNE_SCRIPT,
                interpreter: ["/bin/sh", "-c"],
                environment: {
                    KUBE_CONTEXT: args.kubeContext,
                    NAMESPACE: args.namespace,
                    KEEP: String(args.keep),
                    SELECTOR: Object.entries(args.selector).map(([k, v]) => `${k}=${v}`).join(","),
                    COMPONENTS: args.components.join(" "),
                    CURRENT: current,
                },
                triggers: [current],
            },
            { parent: this, dependsOn: args.after },
        );
        this.registerOutputs({});
    }
}
