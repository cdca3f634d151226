// Rule family 3: every image is pinned (a tag that is not `latest`, or an @sha256 digest), and in
// a dev stack nothing pulls with `Always` (content tags never move, and Minikube's images are
// loaded into the node, not pulled from a registry). Checked on workload containers, on the
// Helm Release's `<block>.image.{repository,tag,pullPolicy}` values and on docker image names.
import { imageRefProblem } from "../components/images/imageRefs";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, asObj, asString, HELM_RELEASE, isProd, isUnknown, ResourceView, resourceView, releaseValues, subject, valueBlocks } from "./common/resources";
import { containersOf, podSpec } from "./common/workloads";

export const DOCKER_IMAGE = "docker:index/image:Image";
export const DOCKER_BUILD_IMAGE = "docker-build:index:Image";

const PINNED = "an immutable version or content tag (or an @sha256 digest)";
const PULL_FIX = "use IfNotPresent (dev images are content-tagged and loaded into the cluster, not pulled)";

/**
 * Why an image reference is not pinned, or undefined when it is. `repo@sha256:...` is pinned by
 * its digest; a `latest` tag is refused even with a digest, since the tag says the opposite.
 */

function checkWorkload(r: ResourceView, dev: boolean): string[] {
    const out: string[] = [];
    for (const c of containersOf(podSpec(r))) {
        const ref = asString(c.spec.image);
        const problem = ref === undefined ? undefined : imageRefProblem(ref);
        if (problem !== undefined) {
            out.push(`${subject(r)} ${c.role} "${c.name}" image "${ref}" ${problem}: pin ${PINNED}.`);
        }
        if (dev && c.spec.imagePullPolicy === "Always") {
            out.push(`${subject(r)} ${c.role} "${c.name}" has imagePullPolicy Always in a dev stack: ${PULL_FIX}.`);
        }
    }
    return out;
}

function checkRelease(r: ResourceView, dev: boolean): string[] {
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

export function checkImages(r: ResourceView): string[] {
    const dev = !isProd(r);
    if (r.type === HELM_RELEASE) {
        return checkRelease(r, dev);
    }
    if (r.type === DOCKER_IMAGE || r.type === DOCKER_BUILD_IMAGE) {
        return checkDockerImage(r);
    }
    return checkWorkload(r, dev);
}

export const imageTagsAndPullPolicy: ResourceValidationPolicy = {
    name: "image-tags-and-pull-policy",
    description:
        "No image is untagged or tagged latest (workload containers, Helm Release image values, docker image names), and no dev stack pulls with imagePullPolicy Always.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        checkImages(resourceView(args)).forEach((m) => reportViolation(m));
    },
};
