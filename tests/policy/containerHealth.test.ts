import * as assert from "assert";
import { containerResourcesAndProbes } from "../../policy/containerHealth";
import { runResourcePolicy } from "./util";
import { container, CRON_JOB, cronJob, DEPLOYMENT, deployment, RELEASE, release, releaseValues, STATEFUL_SET } from "./fixtures";

const run = (type: string, props: object) => runResourcePolicy(containerResourcesAndProbes, { type, props, name: "web" });

describe("policy container-resources-and-probes", () => {
    it("passes a Deployment whose containers have requests, limits and both probes", async () => {
        assert.deepStrictEqual(await run(DEPLOYMENT, deployment()), []);
    });

    it("reports a container without a memory limit", async () => {
        const d = deployment();
        delete d.spec.template.spec.containers[0].resources!.limits!.memory;
        assert.deepStrictEqual(await run(DEPLOYMENT, d), [`Deployment "web" container "app" has no resources.limits.memory: add it to the container's spec.`]);
    });

    it("reports a container without a readiness probe", async () => {
        const d = deployment();
        delete d.spec.template.spec.containers[0].readinessProbe;
        assert.deepStrictEqual(await run(DEPLOYMENT, d), [`Deployment "web" container "app" has no readinessProbe: add it to the container's spec.`]);
    });

    it("lists everything a container lacks", async () => {
        const d = deployment();
        d.spec.template.spec.containers.push({ name: "sidecar", image: "busybox:1.36" });
        assert.deepStrictEqual(await run(STATEFUL_SET, d), [
            `StatefulSet "web" container "sidecar" has no resources.requests.cpu, resources.requests.memory, resources.limits.cpu, resources.limits.memory, livenessProbe, readinessProbe: add them to the container's spec.`,
        ]);
    });

    it("asks init containers for resources but not probes", async () => {
        const d = deployment();
        const init = { ...container("migrate"), livenessProbe: undefined, readinessProbe: undefined };
        d.spec.template.spec.initContainers = [init];
        assert.deepStrictEqual(await run(DEPLOYMENT, d), []);
        delete init.resources!.requests!.cpu;
        assert.deepStrictEqual(await run(DEPLOYMENT, d), [`Deployment "web" init container "migrate" has no resources.requests.cpu: add it to the init container's spec.`]);
    });

    it("finds the containers of a CronJob", async () => {
        const spec = deployment().spec.template.spec;
        delete spec.containers[0].livenessProbe;
        assert.deepStrictEqual(await run(CRON_JOB, cronJob(spec)), [`CronJob "web" container "app" has no livenessProbe: add it to the container's spec.`]);
    });

    it("leaves the Release alone: the chart renders its containers", async () => {
        assert.deepStrictEqual(await run(RELEASE, release(releaseValues())), []);
    });
});
