// The Minikube addons the dev stack relies on: metrics-server (so `kubectl top` and the
// chart's optional HorizontalPodAutoscaler have the metrics API) and the dashboard. Enabled
// before the Release, one Command per addon, so `pulumi preview` shows them; the command is
// idempotent (`addons enable` of an enabled addon changes nothing), and keyed on the profile
// and addon only, so a no-op `up` changes nothing. Destroy leaves them enabled: the profile
// belongs to the user, who may have enabled them before this stack existed.
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { AddonStatus } from "./addonStatus";

export interface MinikubeAddonsArgs {
    readonly profile: string;
    readonly addons: readonly string[];
    /** Per addon, the `--images` value (minikubeAddonImages). */
    readonly images: Readonly<Record<string, string>>;
    /** Their state before this deploy enables them (one line each in the log). */
    readonly statuses: readonly AddonStatus[];
    readonly kubeContext: string;
}

export class MinikubeAddons extends pulumi.ComponentResource {
    /** One per addon, enabled in order; the Release waits for them. */
    readonly enabled: command.local.Command[];

    constructor(name: string, args: MinikubeAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("todo:cluster:MinikubeAddons", name, {}, opts);
        this.reportState(args);
        // One at a time: each `addons enable` rewrites the profile's config file, and two at once
        // lose one of the writes. On the real Minikube, metrics-server then ran while `minikube
        // addons list` called it disabled.
        this.enabled = [];
        for (const addon of args.addons) {
            const previous = this.enabled[this.enabled.length - 1];
            const images = args.images[addon];
            // The images join the triggers only when set, so stacks without them see no change.
            const flags = images === undefined ? "" : ` --images=${images}`;
            this.enabled.push(
                new command.local.Command(
                    `${name}-${addon}`,
                    { create: `minikube -p ${args.profile} addons enable ${addon}${flags}`, triggers: [args.profile, addon, ...(images === undefined ? [] : [images])] },
                    { parent: this, dependsOn: previous ? [previous] : [] },
                ),
            );
        }
        this.registerOutputs({ addons: args.addons });
    }

    /** Logs each addon's state; a broken one is a warning with the way to see why, never a failure. */
    private reportState(args: MinikubeAddonsArgs): void {
        for (const s of args.statuses) {
            if (s.healthy) {
                pulumi.log.info(`Minikube addon ${s.line}`, this);
            } else {
                pulumi.log.warn(`Minikube addon ${s.line}. The app does not need it; see why with: kubectl --context ${args.kubeContext} get pods -A -l k8s-app -o wide (docs/TROUBLESHOOTING.md, "A Minikube addon is not Ready")`, this);
            }
        }
    }
}
