import * as assert from "assert";
import { prodMinReplicas, prodPodDisruptionBudget, selects } from "../../policy/availability";
import { runResourcePolicy, runStackPolicy, TestResource, urnOf } from "./util";
import { DEPLOYMENT, deployment, DeploymentFixture, PDB, RELEASE, release, releaseValues } from "./fixtures";

const runReplicas = (type: string, props: object, stack: string) => runResourcePolicy(prodMinReplicas, { type, props, name: "web", stack });

function pdb(namespace: string, matchLabels: Record<string, string>): TestResource {
    return { type: PDB, name: "web-pdb", stack: "prod", props: { metadata: { namespace }, spec: { minAvailable: 1, selector: { matchLabels } } } };
}
const prodDeployment = (d: DeploymentFixture): TestResource => ({ type: DEPLOYMENT, name: "web", stack: "prod", props: d });
const NO_PDB = `Deployment "web" has no PodDisruptionBudget in prod: add a policy/v1 PodDisruptionBudget in namespace "todo" whose selector matches its pod labels (e.g. minAvailable: 1).`;

describe("policy prod-min-replicas", () => {
    it("passes two replicas in prod, and one in dev", async () => {
        assert.deepStrictEqual(await runReplicas(DEPLOYMENT, deployment(), "prod"), []);
        const d = deployment();
        d.spec.replicas = 1;
        assert.deepStrictEqual(await runReplicas(DEPLOYMENT, d, "dev"), []);
    });

    it("reports a prod Deployment with one replica", async () => {
        const d = deployment();
        d.spec.replicas = 1;
        assert.deepStrictEqual(await runReplicas(DEPLOYMENT, d, "prod"), [
            `Deployment "web" runs 1 replica in prod: set spec.replicas to at least 2, so a rollout or a node drain keeps it serving.`,
        ]);
    });

    it("reports a prod Deployment that leaves spec.replicas unset", async () => {
        const d = deployment();
        delete d.spec.replicas;
        assert.deepStrictEqual(await runReplicas(DEPLOYMENT, d, "prod-eu"), [
            `Deployment "web" runs 1 replica (spec.replicas is unset) in prod: set spec.replicas to at least 2, so a rollout or a node drain keeps it serving.`,
        ]);
    });

    it("reports a Release service with replicaCount 1 in prod, by stack name or global.environment", async () => {
        const values = releaseValues("prod");
        values.backend.replicaCount = 1;
        const message = `Release "web" value backend.replicaCount is 1 in prod: set it to at least 2, so a rollout or a node drain keeps the service serving.`;
        assert.deepStrictEqual(await runReplicas(RELEASE, release(values), "prod"), [message]);
        assert.deepStrictEqual(await runReplicas(RELEASE, release(values), "staging"), [message]);
        values.global.environment = "dev";
        assert.deepStrictEqual(await runReplicas(RELEASE, release(values), "dev"), []);
    });

    it("with the chart's autoscaler on, judges its minReplicas (replicaCount is then unused)", async () => {
        const values = releaseValues("prod");
        values.backend.replicaCount = 1;
        values.backend.autoscaling = { enabled: true, minReplicas: 3, maxReplicas: 6, targetCPUUtilizationPercentage: 70 };
        assert.deepStrictEqual(await runReplicas(RELEASE, release(values), "prod"), []);
        values.backend.autoscaling.minReplicas = 1;
        assert.deepStrictEqual(await runReplicas(RELEASE, release(values), "prod"), [
            `Release "web" value backend.autoscaling.minReplicas is 1 in prod: set it to at least 2, so a rollout or a node drain keeps the service serving.`,
        ]);
    });
});

describe("policy prod-pod-disruption-budget", () => {
    it("passes a prod Deployment selected by a PodDisruptionBudget in its namespace", async () => {
        assert.deepStrictEqual(await runStackPolicy(prodPodDisruptionBudget, [prodDeployment(deployment()), pdb("todo", { app: "web" })]), []);
    });

    it("does not ask dev stacks for a PodDisruptionBudget", async () => {
        assert.deepStrictEqual(await runStackPolicy(prodPodDisruptionBudget, [{ type: DEPLOYMENT, name: "web", stack: "dev", props: deployment() }]), []);
    });

    it("reports a prod Deployment without a PodDisruptionBudget", async () => {
        assert.deepStrictEqual(await runStackPolicy(prodPodDisruptionBudget, [prodDeployment(deployment())]), [
            { message: NO_PDB, urn: urnOf("prod", DEPLOYMENT, "web") },
        ]);
    });

    it("reports a PodDisruptionBudget in another namespace", async () => {
        assert.deepStrictEqual(await runStackPolicy(prodPodDisruptionBudget, [prodDeployment(deployment()), pdb("other", { app: "web" })]), [
            { message: NO_PDB, urn: urnOf("prod", DEPLOYMENT, "web") },
        ]);
    });

    it("reports a PodDisruptionBudget whose selector misses the pod labels", async () => {
        assert.deepStrictEqual(await runStackPolicy(prodPodDisruptionBudget, [prodDeployment(deployment()), pdb("todo", { app: "api" })]), [
            { message: NO_PDB, urn: urnOf("prod", DEPLOYMENT, "web") },
        ]);
    });

    it("matches selectors with matchExpressions", () => {
        const labels = { app: "web", tier: "frontend" };
        assert.strictEqual(selects({ matchExpressions: [{ key: "app", operator: "In", values: ["web", "api"] }] }, labels), true);
        assert.strictEqual(selects({ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["frontend"] }] }, labels), false);
        assert.strictEqual(selects({ matchExpressions: [{ key: "canary", operator: "DoesNotExist" }] }, labels), true);
        assert.strictEqual(selects(undefined, labels), false);
    });

    it("passes a prod Release that keeps the chart's PodDisruptionBudgets", async () => {
        assert.deepStrictEqual(await runStackPolicy(prodPodDisruptionBudget, [{ type: RELEASE, name: "release", stack: "prod", props: release(releaseValues("prod")) }]), []);
    });

    it("reports a prod Release that disables podDisruptionBudget", async () => {
        const values = releaseValues("prod");
        values.podDisruptionBudget = { enabled: false };
        assert.deepStrictEqual(await runStackPolicy(prodPodDisruptionBudget, [{ type: RELEASE, name: "release", stack: "prod", props: release(values) }]), [
            {
                message: `Release "release" value podDisruptionBudget.enabled is false in prod: remove it, so the chart renders a PodDisruptionBudget for every service with more than one replica.`,
                urn: urnOf("prod", RELEASE, "release"),
            },
        ]);
        assert.deepStrictEqual(await runStackPolicy(prodPodDisruptionBudget, [{ type: RELEASE, name: "release", stack: "dev", props: release({ ...values, global: { environment: "dev" } }) }]), []);
    });

    it("reports a prod Release that disables one service's podDisruptionBudget", async () => {
        const values = releaseValues("prod");
        values.frontendWeb = { ...values.frontendWeb, podDisruptionBudget: { enabled: false } } as typeof values.frontendWeb;
        assert.deepStrictEqual(await runStackPolicy(prodPodDisruptionBudget, [{ type: RELEASE, name: "release", stack: "prod", props: release(values) }]), [
            {
                message: `Release "release" value frontendWeb.podDisruptionBudget.enabled is false in prod: remove it, so the chart renders a PodDisruptionBudget for every service with more than one replica.`,
                urn: urnOf("prod", RELEASE, "release"),
            },
        ]);
    });
});
