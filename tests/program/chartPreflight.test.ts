// The checks on the rendered chart (components/release/chartPreflight.ts, podSecurityStandard.ts), on
// pod specs built to hit one rule each, so every rule is seen to fail and to pass.
import * as assert from "assert";
import { checkRenderedChart } from "../../components/release/chartPreflight";
import { RenderedObject } from "../../policy/rules/chartRender";
import { podSecurityViolations } from "../../policy/rules/podSecurityStandard";

const RESTRICTED_CONTAINER = {
    name: "app",
    securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
};
const pod = (container: object = {}, podExtra: object = {}): Record<string, unknown> => ({ containers: [{ ...RESTRICTED_CONTAINER, ...container }], ...podExtra });
const fields = (spec: Record<string, unknown>, level: "restricted" | "baseline"): string[] => podSecurityViolations(spec, level).map((v) => v.field);

describe("Pod Security Standards on a pod spec", () => {
    it("restricted admits the restricted settings, from the container or the pod", () => {
        assert.deepStrictEqual(fields(pod(), "restricted"), []);
        const podLevel = { containers: [{ name: "app", securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } }], securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } } };
        assert.deepStrictEqual(fields(podLevel, "restricted"), []);
    });

    it("restricted names each missing or weakened field", () => {
        assert.deepStrictEqual(fields({ containers: [{ name: "app", securityContext: { runAsNonRoot: true, runAsUser: 10001 } }] }, "restricted"), [
            "securityContext.allowPrivilegeEscalation",
            "securityContext.seccompProfile.type",
            "securityContext.capabilities.drop",
        ]);
        assert.deepStrictEqual(fields(pod({ securityContext: { ...RESTRICTED_CONTAINER.securityContext, runAsUser: 0 } }), "restricted"), ["securityContext.runAsUser"]);
        assert.deepStrictEqual(fields(pod({ securityContext: { ...RESTRICTED_CONTAINER.securityContext, capabilities: { drop: ["ALL"], add: ["CHOWN"] } } }), "restricted"), ["securityContext.capabilities.add"]);
        assert.deepStrictEqual(fields(pod({}, { volumes: [{ name: "nfs", nfs: { server: "x", path: "/" } }] }), "restricted"), ["volumes[nfs].nfs"]);
    });

    it("baseline admits what only restricted forbids, and refuses host access and privilege", () => {
        assert.deepStrictEqual(fields({ containers: [{ name: "app" }] }, "baseline"), []);
        assert.deepStrictEqual(fields(pod({ securityContext: { privileged: true } }), "baseline"), ["securityContext.privileged"]);
        assert.deepStrictEqual(fields(pod({ securityContext: { capabilities: { add: ["SYS_ADMIN"] } } }), "baseline"), ["securityContext.capabilities.add"]);
        assert.deepStrictEqual(fields(pod({ ports: [{ containerPort: 80, hostPort: 80 }] }), "baseline"), ["ports[].hostPort"]);
        assert.deepStrictEqual(fields(pod({}, { hostNetwork: true, volumes: [{ name: "root", hostPath: { path: "/" } }] }), "baseline"), ["hostNetwork", "volumes[root].hostPath"]);
        assert.deepStrictEqual(fields(pod({}, { hostNetwork: true }), "privileged" as "baseline"), []);
    });
});

describe("required Secret keys in the rendered chart", () => {
    const deployment = (env: object[], volumes: object[] = []): RenderedObject => ({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "app" },
        spec: { template: { spec: { containers: [{ ...RESTRICTED_CONTAINER, env }], volumes } } },
    });
    const secrets = { s1: { valuesKey: "secrets.name", keys: ["DATABASE_URL"], unset: { OPENAI_API_KEY: "openaiApiKey" } } };
    const check = (o: RenderedObject): ReturnType<typeof checkRenderedChart> => checkRenderedChart({ chartPath: "chart", level: "restricted", objects: [o], secrets });

    it("an unset optional key a pod requires is written empty, with a warning", () => {
        const r = check(deployment([{ name: "K", valueFrom: { secretKeyRef: { name: "s1", key: "OPENAI_API_KEY" } } }]));
        assert.deepStrictEqual(r.emptyKeys, { s1: ["OPENAI_API_KEY"] });
        assert.deepStrictEqual(r.problems, []);
        assert.match(r.warnings[0], /requires key OPENAI_API_KEY of the Secret secrets\.name.*openaiApiKey/);
    });

    it("a key the program never writes is a problem; optional references and other Secrets are not", () => {
        const r = check(deployment([{ name: "K", valueFrom: { secretKeyRef: { name: "s1", key: "STRIPE_KEY" } } }], [{ name: "v", secret: { secretName: "s1", items: [{ key: "TLS", path: "t" }] } }]));
        assert.strictEqual(r.problems.length, 2);
        assert.match(r.problems[0], /Deployment app container "app" \(env K\) requires key STRIPE_KEY of the Secret secrets\.name, which holds only DATABASE_URL/);
        assert.match(r.problems[1], /volume v requires key TLS/);
        const fine = check(deployment([
            { name: "K", valueFrom: { secretKeyRef: { name: "s1", key: "STRIPE_KEY", optional: true } } },
            { name: "L", valueFrom: { secretKeyRef: { name: "theirs", key: "X" } } },
            { name: "M", valueFrom: { secretKeyRef: { name: "s1", key: "DATABASE_URL" } } },
        ]));
        assert.deepStrictEqual([fine.problems, fine.emptyKeys], [[], {}]);
    });
});
