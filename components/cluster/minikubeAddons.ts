// The Minikube addons the dev stack relies on: metrics-server (so `kubectl top` and the
// chart's optional HorizontalPodAutoscaler have the metrics API) and the dashboard. Enabled
// before the Release, one Command per addon, so `pulumi preview` shows them; the command is
// idempotent (`addons enable` of an enabled addon changes nothing), and keyed on the profile
// and addon only, so a no-op `up` changes nothing. Destroy leaves them enabled: the profile
// belongs to the user, who may have enabled them before this stack existed.
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
export interface MinikubeAddonsArgs {
    readonly profile: string;
    readonly addons: readonly string[];
}

export class MinikubeAddons extends pulumi.ComponentResource {
    /** One per addon; the Release waits for them. */
    readonly enabled: command.local.Command[];

    constructor(name: string, args: MinikubeAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("todo:cluster:MinikubeAddons", name, {}, opts);
        this.enabled = args.addons.map(
            (addon) =>
                new command.local.Command(
                    `${name}-${addon}`,
                    { create: `minikube -p ${args.profile} addons enable ${addon}`, triggers: [args.profile, addon] },
                    { parent: this },
                ),
        );
        this.registerOutputs({ addons: args.addons });
    }
}
