import * as assert from "assert";
import { imageRefProblem } from "../../policy/rules/imageRefs";
import { imageTagsAndPullPolicy } from "../../policy/images";
import { runResourcePolicy } from "./util";
import { DEPLOYMENT, deployment, DOCKER_IMAGE, RELEASE, release, releaseValues } from "./fixtures";

const run = (type: string, props: object, stack = "dev") => runResourcePolicy(imageTagsAndPullPolicy, { type, props, name: "web", stack });
const dockerImage = (imageName: string) => ({ imageName, build: { context: "apps/backend", args: {} }, skipPush: true });

describe("policy image-tags-and-pull-policy", () => {
    it("knows a pinned reference from an untagged or latest one", () => {
        assert.strictEqual(imageRefProblem("todo-backend:33bc1be2620d849d"), undefined);
        assert.strictEqual(imageRefProblem("ghcr.io/acme/todo-backend:33bc@sha256:abc"), undefined);
        assert.strictEqual(imageRefProblem("ghcr.io/acme/todo-backend@sha256:abc"), undefined);
        assert.strictEqual(imageRefProblem("localhost:5000/todo-backend"), "has no tag");
        assert.strictEqual(imageRefProblem("localhost:5000/todo-backend:latest"), "is tagged latest");
        assert.strictEqual(imageRefProblem("todo-backend:latest@sha256:abc"), "is tagged latest");
    });

    it("passes pinned container images, the program's Release values and docker image names", async () => {
        assert.deepStrictEqual(await run(DEPLOYMENT, deployment()), []);
        assert.deepStrictEqual(await run(RELEASE, release(releaseValues())), []);
        assert.deepStrictEqual(await run(DOCKER_IMAGE, dockerImage("todo-backend:33bc1be2620d849d")), []);
    });

    it("reports an untagged container image", async () => {
        const d = deployment();
        d.spec.template.spec.containers[0].image = "ghcr.io/acme/app";
        assert.deepStrictEqual(await run(DEPLOYMENT, d), [
            `Deployment "web" container "app" image "ghcr.io/acme/app" has no tag: pin an immutable version or content tag (or an @sha256 digest).`,
        ]);
    });

    it("reports a container image tagged latest", async () => {
        const d = deployment();
        d.spec.template.spec.containers[0].image = "ghcr.io/acme/app:latest";
        assert.deepStrictEqual(await run(DEPLOYMENT, d), [
            `Deployment "web" container "app" image "ghcr.io/acme/app:latest" is tagged latest: pin an immutable version or content tag (or an @sha256 digest).`,
        ]);
    });

    it("reports imagePullPolicy Always in a dev stack, not in prod", async () => {
        const d = deployment();
        d.spec.template.spec.containers[0].imagePullPolicy = "Always";
        assert.deepStrictEqual(await run(DEPLOYMENT, d), [
            `Deployment "web" container "app" has imagePullPolicy Always in a dev stack: use IfNotPresent (dev images are content-tagged and loaded into the cluster, not pulled).`,
        ]);
        assert.deepStrictEqual(await run(DEPLOYMENT, d, "prod"), []);
    });

    it("reports a Release image tagged latest", async () => {
        const values = releaseValues();
        values.backend.image.tag = "latest";
        assert.deepStrictEqual(await run(RELEASE, release(values)), [
            `Release "web" value backend.image ("todo-backend:latest") is tagged latest: set backend.image.tag to an immutable version or content tag (or an @sha256 digest).`,
        ]);
    });

    it("reports a Release image with no tag", async () => {
        const values = releaseValues();
        delete values.frontendWeb.image.tag;
        assert.deepStrictEqual(await run(RELEASE, release(values)), [
            `Release "web" value frontendWeb.image ("todo-frontend-web") has no tag: set frontendWeb.image.tag to an immutable version or content tag (or an @sha256 digest).`,
        ]);
    });

    it("reports a Release pulling Always in dev, whether the stack or global.environment says dev", async () => {
        const values = releaseValues("dev");
        values.frontendChatbot.image.pullPolicy = "Always";
        const message = `Release "web" value frontendChatbot.image.pullPolicy is Always in a dev stack: use IfNotPresent (dev images are content-tagged and loaded into the cluster, not pulled).`;
        assert.deepStrictEqual(await run(RELEASE, release(values)), [message]);
        assert.deepStrictEqual(await run(RELEASE, release(values), "prod"), []);
        values.global.environment = "prod";
        assert.deepStrictEqual(await run(RELEASE, release(values), "staging"), []);
    });

    it("reports a docker image named latest or without a tag", async () => {
        assert.deepStrictEqual(await run(DOCKER_IMAGE, dockerImage("todo-backend:latest")), [
            `Image "web" imageName "todo-backend:latest" is tagged latest: tag it with an immutable version or content tag (a hash of the build inputs).`,
        ]);
        assert.deepStrictEqual(await run(DOCKER_IMAGE, dockerImage("todo-backend")), [
            `Image "web" imageName "todo-backend" has no tag: tag it with an immutable version or content tag (a hash of the build inputs).`,
        ]);
    });

    it("allowedRegistries (the pack's config): a prod image from elsewhere is refused; dev stacks and allowed prefixes pass", async () => {
        const config = { allowedRegistries: ["ghcr.io/acme"] };
        const d = deployment();
        d.spec.template.spec.containers[0].image = "docker.io/someone/app:1.2.3";
        assert.deepStrictEqual(await runResourcePolicy(imageTagsAndPullPolicy, { type: DEPLOYMENT, props: d, name: "web", stack: "prod" }, config), [
            `Deployment "web" container "app" image "docker.io/someone/app:1.2.3" is not from an allowed registry (ghcr.io/acme): push it to one of them, or add its registry to the pack's allowedRegistries.`,
        ]);
        // Negative controls: an allowed prefix, a dev stack (images are loaded, not pulled), no config.
        d.spec.template.spec.containers[0].image = "ghcr.io/acme/app:1.2.3";
        assert.deepStrictEqual(await runResourcePolicy(imageTagsAndPullPolicy, { type: DEPLOYMENT, props: d, name: "web", stack: "prod" }, config), []);
        d.spec.template.spec.containers[0].image = "docker.io/someone/app:1.2.3";
        assert.deepStrictEqual(await runResourcePolicy(imageTagsAndPullPolicy, { type: DEPLOYMENT, props: d, name: "web", stack: "dev" }, config), []);
        assert.deepStrictEqual(await runResourcePolicy(imageTagsAndPullPolicy, { type: DEPLOYMENT, props: d, name: "web", stack: "prod" }), []);
    });
});
