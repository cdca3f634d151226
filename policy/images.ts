// Rule family 3: every image is pinned (a tag that is not `latest`, or an @sha256 digest), and in
// a dev stack nothing pulls with `Always` (content tags never move, and Minikube's images are
// loaded into the node, not pulled from a registry). With `allowedRegistries` configured, a prod
// stack's images come from those registries only. Checked on workload containers, on the Helm
// Release's `<block>.image.{repository,tag,pullPolicy}` values and on docker image names.
import { imageRefProblem } from "./rules/imageRefs";
import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, asObj, asString, HELM_RELEASE, isProd, isUnknown, ResourceView, resourceView, releaseValues, subject, valueBlocks } from "./common/resources";
import { containersOf, podSpec } from "./common/workloads";

export const DOCKER_IMAGE = "docker:index/image:Image";
export const DOCKER_BUILD_IMAGE = "docker-build:index:Image";

const PINNED = "an immutable version or content tag (or an @sha256 digest)";
const PULL_FIX = "use IfNotPresent (dev images are content-tagged and loaded into the cluster, not pulled)";

/** The policy's configuration (`pulumi preview --policy-pack policy --policy-pack-config <file>`). */
export interface ImagePolicyConfig {
    /** Registry prefixes a prod stack's images must start with, e.g. `ghcr.io/acme`; empty: any. */
    readonly allowedRegistries: readonly string[];
}

const CONFIG_SCHEMA: PolicyConfigSchema = {
    properties: {
        allowedRegistries: {
            type: "array",
            items: { type: "string", pattern: "^[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)*$" },
            default: [],
            description: "Registry prefixes (host[:port][/path]) a prod stack's images must come from; empty allows any.",
        },
    },
};

/** Why `ref` is outside the allowed registries, or undefined (always, with none configured). */
function registryProblem(ref: string, allowed: readonly string[]): string | undefined {
    if (allowed.length === 0 || allowed.some((prefix) => ref.startsWith(`${prefix.replace(/\/+$/, "")}/`))) {
        return undefined;
    }
    return `is not from an allowed registry (${allowed.join(", ")}): push it to one of them, or add its registry to the pack's allowedRegistries`;
}

/**
 * Why an image reference is not pinned, or undefined when it is. `repo@sha256:...` is pinned by
 * its digest; a `latest` tag is refused even with a digest, since the tag says the opposite.
 */

function checkWorkload(r: ResourceView, dev: boolean, allowed: readonly string[]): string[] {
    const out: string[] = [];
    for (const c of containersOf(podSpec(r))) {
        const ref = asString(c.spec.image);
        const problem = ref === undefined ? undefined : imageRefProblem(ref);
        if (problem !== undefined) {
            out.push(`${subject(r)} ${c.role} "${c.name}" image "${ref}" ${problem}: pin ${PINNED}.`);
        }
        const registry = ref === undefined || dev ? undefined : registryProblem(ref, allowed);
        if (registry !== undefined) {
            out.push(`${subject(r)} ${c.role} "${c.name}" image "${ref}" ${registry}.`);
        }
        if (dev && c.spec.imagePullPolicy === "Always") {
            out.push(`${subject(r)} ${c.role} "${c.name}" has imagePullPolicy Always in a dev stack: ${PULL_FIX}.`);
        }
    }
    return out;
}

function checkRelease(r: ResourceView, dev: boolean, allowed: readonly string[]): string[] {
    const out: string[] = [];
    for (const [key, block] of valueBlocks(releaseValues(r))) {
        const image = asObj(block.image);
        const repository = asString(image?.repository);
        if (image === undefined || repository === undefined || repository === "") {
            continue;
        }
        const tag = typeof image.tag === "number" ? String(image.tag) : (asString(image.tag) ?? "");
        const ref = tag === "" ? repository : `${repository}:${tag}`;
        // A tag computed from a registry digest is unknown until the push: judged at update time.
        const problem = isUnknown(image.tag) ? undefined : imageRefProblem(ref);
        if (problem !== undefined) {
            out.push(`${subject(r)} value ${key}.image ("${ref}") ${problem}: set ${key}.image.tag to ${PINNED}.`);
        }
        const registry = dev ? undefined : registryProblem(ref, allowed);
        if (registry !== undefined) {
            out.push(`${subject(r)} value ${key}.image ("${ref}") ${registry}.`);
        }
        if (dev && image.pullPolicy === "Always") {
            out.push(`${subject(r)} value ${key}.image.pullPolicy is Always in a dev stack: ${PULL_FIX}.`);
        }
    }
    return out;
}

function checkDockerImage(r: ResourceView): string[] {
    const refs = r.type === DOCKER_IMAGE ? [r.props.imageName] : asArray(r.props.tags);
    const field = r.type === DOCKER_IMAGE ? "imageName" : "tag";
    return refs.flatMap((v) => {
        const ref = asString(v);
        const problem = ref === undefined ? undefined : imageRefProblem(ref);
        return problem === undefined ? [] : [`${subject(r)} ${field} "${ref}" ${problem}: tag it with an immutable version or content tag (a hash of the build inputs).`];
    });
}

export function checkImages(r: ResourceView, config: ImagePolicyConfig = { allowedRegistries: [] }): string[] {
    const dev = !isProd(r);
    if (r.type === HELM_RELEASE) {
        return checkRelease(r, dev, config.allowedRegistries);
    }
    if (r.type === DOCKER_IMAGE || r.type === DOCKER_BUILD_IMAGE) {
        return checkDockerImage(r);
    }
    return checkWorkload(r, dev, config.allowedRegistries);
}

export const imageTagsAndPullPolicy: ResourceValidationPolicy = {
    name: "image-tags-and-pull-policy",
    description:
        "No image is untagged or tagged latest (workload containers, Helm Release image values, docker image names), no dev stack pulls with imagePullPolicy Always, and a prod stack's images come from the allowedRegistries when they are configured.",
    enforcementLevel: "mandatory",
    configSchema: CONFIG_SCHEMA,
    validateResource: (args, reportViolation) => {
        checkImages(resourceView(args), args.getConfig<ImagePolicyConfig>()).forEach((m) => reportViolation(m));
    },
};
