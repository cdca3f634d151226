// Every policy over the resources the real program registers (under mocks, tests/program/harness.ts)
// for dev and prod: the program must pass its own policy pack.
//
// Secrets: the engine sends a policy pack the inputs with secret markers (KeepSecrets), and
// @pulumi/policy 1.21 strips them before any validation sees the props
// (deserializeProperties(props, false)). The recorded inputs are converted the same way,
// with the harness's unwrapSecrets, so the policies see exactly what they would in `pulumi preview`.
import * as assert from "assert";
import { policies } from "../../policy/policies";
import { PROD_CONFIG, PROD_SECRETS, RunOptions, stackConfig, T } from "../program/harness";
import { isStackPolicy, runPack } from "./util";

import { programResources } from "./programResources";

describe("policy pack over the program", function () {
    this.timeout(120000);

    it("has uniquely named, mandatory policies with descriptions", () => {
        const names = policies.map((p) => p.name);
        assert.strictEqual(new Set(names).size, names.length);
        for (const p of policies) {
            assert.strictEqual(p.enforcementLevel, "mandatory", p.name);
            assert.ok(p.description.length > 40, p.name);
        }
        assert.deepStrictEqual(policies.filter(isStackPolicy).map((p) => p.name), ["release-rendered-pods", "prod-pod-disruption-budget", "nodeports-in-range-and-unique"]);
    });

    const stacks: Array<[string, RunOptions & { stack: string }]> = [
        ["dev (defaults)", { stack: "dev" }],
        ["dev (Pulumi.dev.yaml)", { stack: "dev", config: stackConfig("dev") }],
        ["prod (Pulumi.prod.yaml and its secrets)", { stack: "prod", config: PROD_CONFIG, secrets: PROD_SECRETS }],
    ];
    for (const [label, opts] of stacks) {
        it(`finds no violation in ${label}`, async () => {
            const resources = await programResources(opts);
            // The policies did have something to check: the Release, its values and the images.
            assert.strictEqual(resources.filter((r) => r.type === T.release).length, 1);
            assert.strictEqual(resources.filter((r) => r.type === T.image).length, 3);
            assert.deepStrictEqual(await runPack(resources), []);
        });
    }

    it("reports what a change to the program's prod Release would break", async () => {
        const resources = await programResources({ stack: "prod", config: PROD_CONFIG, secrets: PROD_SECRETS });
        const rel = resources.find((r) => r.type === T.release)!;
        const props = rel.props as { values: { backend: { autoscaling: { minReplicas: number }; env: Record<string, string> }; frontendWeb: { service: { nodePort: number } } } };
        // Prod's autoscaler owns the count: its floor is what a change could break.
        props.values.backend.autoscaling.minReplicas = 1;
        props.values.backend.env.OPENAI_API_KEY = "sk-live";
        props.values.frontendWeb.service.nodePort = 30001;
        assert.deepStrictEqual(await runPack(resources), [
            // The chart itself refuses the clash (templates/validate.yaml), so its pods can't be rendered.
            `release-rendered-pods: Release "release": chart charts/todo-app does not render with its values, so its pods can't be checked: Error: execution error at (todo-app/templates/validate.yaml:2:4): \nvalues validation failed:\n- frontendWeb.service.nodePort: 30001 is also frontendChatbot.service.nodePort; NodePorts must be distinct\n\nUse --debug flag to render out invalid YAML`,
            `prod-min-replicas: Release "release" value backend.autoscaling.minReplicas is 1 in prod: set it to at least 2, so a rollout or a node drain keeps the service serving.`,
            `nodeports-in-range-and-unique: NodePort 30001 is used 2 times (Release "release" value frontendChatbot.service.nodePort, Release "release" value frontendWeb.service.nodePort): give each its own port in 30000-32767.`,
            `no-plaintext-secrets: Release "release" value backend.env.OPENAI_API_KEY looks like a secret (its name): put it in the Kubernetes Secret named by secrets.name (created from a Pulumi secret); Helm keeps values in plaintext release history, Pulumi secret or not.`,
        ]);
    });
});
