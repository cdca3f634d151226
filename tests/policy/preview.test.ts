// During a preview, values computed from other resources' outputs are unknown: the engine sends
// a sentinel that @pulumi/policy's proxy turns into an UnknownValueError on access. The pack
// judges everything that is known and leaves the rest to `pulumi up`, where it runs again.
import * as assert from "assert";
import { DEPLOYMENT, deployment, RELEASE, release, releaseValues } from "./fixtures";
import { runPack, TestResource } from "./util";

/** What the engine sends for a string or number that is not known yet (unknownStringValue / unknownNumberValue). */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const UNKNOWN_NUMBER = "3eeb2bf0-c639-47a8-9e75-3b44932eb421";

describe("policy pack during a preview", () => {
    it("passes the prod Release while its digest-pinned tags and content-named Secret are unknown", async () => {
        const values = releaseValues("prod");
        values.secrets.name = UNKNOWN_STRING;
        values.backend.image.tag = UNKNOWN_STRING;
        const resources: TestResource[] = [{ type: RELEASE, name: "release", stack: "prod", props: release(values) }];
        assert.deepStrictEqual(await runPack(resources), []);
    });

    it("still reports what is known next to what is not", async () => {
        const values = releaseValues("dev");
        values.secrets.name = UNKNOWN_STRING;
        values.backend.image.tag = UNKNOWN_STRING;
        values.frontendWeb.image.tag = "latest";
        values.frontendChatbot.env.OPENAI_API_KEY = UNKNOWN_STRING;
        assert.deepStrictEqual(await runPack([{ type: RELEASE, name: "release", props: release(values) }]), [
            `image-tags-and-pull-policy: Release "release" value frontendWeb.image ("todo-frontend-web:latest") is tagged latest: set frontendWeb.image.tag to an immutable version or content tag (or an @sha256 digest).`,
            `no-plaintext-secrets: Release "release" value frontendChatbot.env.OPENAI_API_KEY looks like a secret (its name): put it in the Kubernetes Secret named by secrets.name (created from a Pulumi secret); Helm keeps values in plaintext release history, Pulumi secret or not.`,
        ]);
    });

    it("does not report a prod Deployment whose replicas or securityContext are unknown", async () => {
        const d = deployment() as unknown as { spec: { replicas: unknown; template: { spec: { containers: Array<{ securityContext: unknown }> } } } };
        d.spec.replicas = UNKNOWN_NUMBER;
        d.spec.template.spec.containers[0].securityContext = UNKNOWN_STRING;
        const budget = { type: "kubernetes:policy/v1:PodDisruptionBudget", name: "web", stack: "prod", props: { metadata: { namespace: "todo" }, spec: { minAvailable: 1, selector: { matchLabels: { app: "web" } } } } };
        assert.deepStrictEqual(await runPack([{ type: DEPLOYMENT, name: "web", stack: "prod", props: d }, budget]), []);
    });
});
