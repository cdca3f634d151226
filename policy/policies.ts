// Every policy of the pack, in the order of one deployment's concerns. Kept apart from index.ts,
// which starts the policy server when it is loaded: tests import this file instead.
import { Policies } from "@pulumi/policy";
import { prodMinReplicas, prodPodDisruptionBudget } from "./availability";
import { containerResourcesAndProbes } from "./containerHealth";
import { imageTagsAndPullPolicy } from "./images";
import { nodePortsInRangeAndUnique } from "./nodePorts";
import { podSecurityRestricted } from "./podSecurity";
import { releaseRenderedPods } from "./renderedPods";
import { noPlaintextSecrets } from "./secrets";

export const policies: Policies = [
    podSecurityRestricted,
    releaseRenderedPods,
    containerResourcesAndProbes,
    imageTagsAndPullPolicy,
    prodMinReplicas,
    prodPodDisruptionBudget,
    nodePortsInRangeAndUnique,
    noPlaintextSecrets,
];
