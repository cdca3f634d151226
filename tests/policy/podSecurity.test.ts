import * as assert from "assert";
import { podSecurityRestricted } from "../../policy/podSecurity";
import { clone, runResourcePolicy } from "./util";
import { CONFIG_MAP, container, CRON_JOB, cronJob, DEPLOYMENT, deployment, RELEASE, release, releaseValues } from "./fixtures";

const run = (type: string, props: object) => runResourcePolicy(podSecurityRestricted, { type, props, name: "web" });
const POD_NOTE = "(runAsNonRoot, runAsUser and seccompProfile may instead come from the pod's securityContext).";

describe("policy pod-security-restricted", () => {
    it("passes a Deployment whose containers set the restricted securityContext", async () => {
        assert.deepStrictEqual(await run(DEPLOYMENT, deployment()), []);
    });

    it("passes runAsNonRoot and seccompProfile set once on the pod", async () => {
        const d = deployment();
        const sc = d.spec.template.spec.containers[0].securityContext!;
        delete sc.runAsNonRoot;
        delete sc.seccompProfile;
        d.spec.template.spec.securityContext = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };
        assert.deepStrictEqual(await run(DEPLOYMENT, d), []);
    });

    it("reports a container that allows privilege escalation", async () => {
        const d = deployment();
        delete d.spec.template.spec.containers[0].securityContext!.allowPrivilegeEscalation;
        assert.deepStrictEqual(await run(DEPLOYMENT, d), [
            `Deployment "web" container "app" breaks the restricted Pod Security Standard: in its securityContext set allowPrivilegeEscalation: false ${POD_NOTE}`,
        ]);
    });

    it("reports capabilities that are not all dropped", async () => {
        const d = deployment();
        d.spec.template.spec.containers[0].securityContext!.capabilities = { drop: ["NET_RAW"] };
        assert.deepStrictEqual(await run(DEPLOYMENT, d), [
            `Deployment "web" container "app" breaks the restricted Pod Security Standard: in its securityContext set capabilities.drop: [ALL] ${POD_NOTE}`,
        ]);
    });

    it("reports a container that overrides the pod's runAsNonRoot with false", async () => {
        const d = deployment();
        d.spec.template.spec.securityContext = { runAsNonRoot: true };
        d.spec.template.spec.containers[0].securityContext!.runAsNonRoot = false;
        assert.deepStrictEqual(await run(DEPLOYMENT, d), [
            `Deployment "web" container "app" breaks the restricted Pod Security Standard: in its securityContext set runAsNonRoot: true ${POD_NOTE}`,
        ]);
    });

    it("reports an Unconfined seccomp profile on the container despite RuntimeDefault on the pod", async () => {
        const d = deployment();
        d.spec.template.spec.securityContext = { seccompProfile: { type: "RuntimeDefault" } };
        d.spec.template.spec.containers[0].securityContext!.seccompProfile = { type: "Unconfined" };
        assert.deepStrictEqual(await run(DEPLOYMENT, d), [
            `Deployment "web" container "app" breaks the restricted Pod Security Standard: in its securityContext set seccompProfile.type: RuntimeDefault ${POD_NOTE}`,
        ]);
    });

    it("reports root, privileged and added capabilities", async () => {
        const d = deployment();
        Object.assign(d.spec.template.spec.containers[0].securityContext!, { runAsUser: 0, privileged: true, capabilities: { drop: ["ALL"], add: ["SYS_ADMIN"] } });
        assert.deepStrictEqual(await run(DEPLOYMENT, d), [
            `Deployment "web" container "app" breaks the restricted Pod Security Standard: in its securityContext remove runAsUser: 0; remove privileged: true; remove capabilities.add other than NET_BIND_SERVICE ${POD_NOTE}`,
        ]);
    });

    it("checks init containers too, listing every missing setting", async () => {
        const d = deployment();
        d.spec.template.spec.initContainers = [{ ...container("migrate"), securityContext: undefined }];
        assert.deepStrictEqual(await run(DEPLOYMENT, d), [
            `Deployment "web" init container "migrate" breaks the restricted Pod Security Standard: in its securityContext set runAsNonRoot: true; set allowPrivilegeEscalation: false; set capabilities.drop: [ALL]; set seccompProfile.type: RuntimeDefault ${POD_NOTE}`,
        ]);
    });

    it("finds the pod spec of a CronJob", async () => {
        const spec = clone(deployment().spec.template.spec);
        spec.containers[0].securityContext!.allowPrivilegeEscalation = true;
        assert.deepStrictEqual(await run(CRON_JOB, cronJob(spec)), [
            `CronJob "web" container "app" breaks the restricted Pod Security Standard: in its securityContext set allowPrivilegeEscalation: false ${POD_NOTE}`,
        ]);
    });

    it("ignores resources that run no containers", async () => {
        assert.deepStrictEqual(await run(CONFIG_MAP, { data: { A: "b" } }), []);
    });

    it("passes Release values that leave the chart's restricted securityContext alone or tighten it", async () => {
        const values = releaseValues();
        values.backend.securityContext = { runAsNonRoot: true, capabilities: { drop: ["ALL"] } };
        assert.deepStrictEqual(await run(RELEASE, release(values)), []);
    });

    it("reports Release values that enable privilege escalation", async () => {
        const values = releaseValues();
        values.backend.securityContext = { allowPrivilegeEscalation: true };
        assert.deepStrictEqual(await run(RELEASE, release(values)), [
            `Release "web" value backend.securityContext weakens the restricted Pod Security Standard: set allowPrivilegeEscalation: false (the chart's defaults are restricted; values may only keep or tighten them).`,
        ]);
    });

    it("reports Release values that run as root without a seccomp profile", async () => {
        const values = releaseValues();
        values.frontendWeb.securityContext = { runAsNonRoot: false, runAsUser: 0, seccompProfile: { type: "Unconfined" } };
        assert.deepStrictEqual(await run(RELEASE, release(values)), [
            `Release "web" value frontendWeb.securityContext weakens the restricted Pod Security Standard: set runAsNonRoot: true; remove runAsUser: 0; set seccompProfile.type: RuntimeDefault (the chart's defaults are restricted; values may only keep or tighten them).`,
        ]);
    });
});
