import * as assert from "assert";
import { nodePortsInRangeAndUnique } from "../../policy/nodePorts";
import { runStackPolicy, TestResource, urnOf } from "./util";
import { RELEASE, release, releaseValues, SERVICE } from "./fixtures";

const run = (resources: TestResource[]) => runStackPolicy(nodePortsInRangeAndUnique, resources);
const service = (type: string, nodePort?: number, provider?: string): TestResource => ({
    type: SERVICE,
    name: "admin",
    provider,
    props: { metadata: { name: "admin" }, spec: { type, ports: [{ port: 80, targetPort: 8080, ...(nodePort === undefined ? {} : { nodePort }) }] } },
});
const theRelease = (values = releaseValues()): TestResource => ({ type: RELEASE, name: "release", props: release(values) });

describe("policy nodeports-in-range-and-unique", () => {
    it("passes distinct NodePorts in range across Services and the Release", async () => {
        assert.deepStrictEqual(await run([theRelease(), service("NodePort", 30080), service("NodePort")]), []);
    });

    it("ignores ClusterIP Services and nodePort values of ClusterIP services", async () => {
        const values = releaseValues();
        values.backend.service.nodePort = 30000;
        assert.deepStrictEqual(await run([theRelease(values), service("ClusterIP", 30001)]), []);
    });

    it("reports a Service NodePort outside 30000-32767", async () => {
        assert.deepStrictEqual(await run([service("NodePort", 8080)]), [
            {
                message: `Service "admin" spec.ports[0].nodePort is 8080, outside 30000-32767: pick a free port in that range (the API server's default --service-node-port-range).`,
                urn: urnOf("dev", SERVICE, "admin"),
            },
        ]);
    });

    it("reports a Release nodePort outside 30000-32767", async () => {
        const values = releaseValues();
        values.frontendWeb.service.nodePort = 32768;
        assert.deepStrictEqual(await run([theRelease(values)]), [
            {
                message: `Release "release" value frontendWeb.service.nodePort is 32768, outside 30000-32767: pick a free port in that range (the API server's default --service-node-port-range).`,
                urn: urnOf("dev", RELEASE, "release"),
            },
        ]);
    });

    it("reports a Service that takes a NodePort of the Release", async () => {
        assert.deepStrictEqual(await run([theRelease(), service("LoadBalancer", 30000)]), [
            {
                message: `NodePort 30000 is used 2 times (Release "release" value frontendWeb.service.nodePort, Service "admin" spec.ports[0].nodePort): give each its own port in 30000-32767.`,
                urn: urnOf("dev", SERVICE, "admin"),
            },
        ]);
    });

    it("reports two Release services on one NodePort", async () => {
        const values = releaseValues();
        values.frontendChatbot.service.nodePort = 30000;
        assert.deepStrictEqual(await run([theRelease(values)]), [
            {
                message: `NodePort 30000 is used 2 times (Release "release" value frontendWeb.service.nodePort, Release "release" value frontendChatbot.service.nodePort): give each its own port in 30000-32767.`,
                urn: urnOf("dev", RELEASE, "release"),
            },
        ]);
    });

    it("lets two clusters (Kubernetes providers) use the same port", async () => {
        assert.deepStrictEqual(await run([theRelease(), service("NodePort", 30000, urnOf("dev", "pulumi:providers:kubernetes", "other-cluster"))]), []);
    });
});
