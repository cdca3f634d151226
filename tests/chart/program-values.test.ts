// The chart rendered with exactly the values the program computes (under mocks), for dev and
// prod: the schema accepts them, and the rendered objects match the program's outputs.
import * as assert from "assert";
import { PROD_CONFIG, PROD_SECRETS, releaseValuesOf, runProgram, single, T } from "../program/harness";
import { Manifest, named, ofKind, render, Service, Workload } from "./helm";

describe("chart rendered with the program's values", () => {
    for (const [stack, config, secrets] of [["dev", {}, {}], ["prod", PROD_CONFIG, PROD_SECRETS]] as const) {
        it(`${stack}: renders, images are the built refs, NodePorts equal the URL outputs`, async () => {
            const { resources, outputs } = await runProgram({ stack, config, secrets });
            const release = single(resources, T.release).inputs;
            const values = releaseValuesOf(resources);
            const manifests = render({ values, release: String(release.name), namespace: String(release.namespace) });

            const images = outputs.images as Record<string, string>;
            for (const [service, component] of [["backend", "backend"], ["frontendWeb", "frontend-web"], ["frontendChatbot", "frontend-chatbot"]] as const) {
                const deployment = named<Workload>(manifests, "Deployment", `todo-app-${component}`);
                assert.strictEqual(deployment.spec.template.spec.containers[0].image, images[service]);
            }
            if (stack === "dev") {
                for (const [url, service] of [[outputs.frontendWebUrl, "todo-app-frontend-web"], [outputs.frontendChatbotUrl, "todo-app-frontend-chatbot"]] as const) {
                    const port = named<Service>(manifests, "Service", service).spec.ports[0].nodePort;
                    assert.ok(String(url).endsWith(`:${port}`), `${url} ends with the Service's NodePort ${port}`);
                }
            } else {
                // prod: the public URLs are the Ingress hosts, over TLS.
                const ingress = named<Manifest & { spec: { rules: Array<{ host: string }>; tls: Array<{ hosts: string[] }> } }>(manifests, "Ingress", "todo-app");
                assert.deepStrictEqual(ingress.spec.rules.map((r) => `https://${r.host}`), [outputs.frontendWebUrl, outputs.frontendChatbotUrl]);
                assert.deepStrictEqual(ingress.spec.tls[0].hosts.map((h) => `https://${h}`), [outputs.frontendWebUrl, outputs.frontendChatbotUrl]);
            }
            const backendService = named<Service>(manifests, "Service", "todo-app-backend");
            assert.strictEqual(String(outputs.backendUrl), `http://${backendService.metadata.name}.${release.namespace}.svc.cluster.local:${backendService.spec.ports[0].port}`);
            assert.strictEqual(ofKind(manifests, "Secret").length, 0, "the program owns the Secrets; the chart renders none");
            for (const [service, component] of [["backend", "backend"], ["frontendWeb", "frontend-web"], ["frontendChatbot", "frontend-chatbot"]] as const) {
                const container = named<Workload>(manifests, "Deployment", `todo-app-${component}`).spec.template.spec.containers[0] as { envFrom?: Array<{ secretRef?: { name: string } }> };
                assert.strictEqual(container.envFrom?.find((e) => e.secretRef)?.secretRef?.name, values[service].secretName, `${component} reads its own Secret`);
            }
            assert.strictEqual(ofKind(manifests, "StatefulSet").length, stack === "dev" ? 1 : 0, "in-cluster PostgreSQL only in dev without databaseUrl");
            const annotations = named<Workload>(manifests, "Deployment", "todo-app-backend").spec.template.metadata?.annotations ?? {};
            assert.deepStrictEqual(Object.keys(annotations).filter((k) => k.startsWith("checksum/")), ["checksum/config"], "a Secret rotation rolls pods by the Secret's new name");
        });
    }

    it("frontends with NodePort 0 install as ClusterIP (nodePort null), and the outputs say how to reach them", async () => {
        const { resources, outputs, infos } = await runProgram({ config: { frontendWebNodePort: 0, frontendChatbotNodePort: 0 } });
        const values = releaseValuesOf(resources);
        assert.deepStrictEqual(values.frontendWeb.service, { type: "ClusterIP", port: 3000, nodePort: null });
        const manifests = render({ values, release: "todo-app", namespace: "todo-dev" });
        for (const name of ["todo-app-frontend-web", "todo-app-frontend-chatbot"]) {
            const svc = named<Service>(manifests, "Service", name);
            assert.deepStrictEqual([svc.spec.type, svc.spec.ports[0].nodePort], ["ClusterIP", undefined]);
        }
        assert.strictEqual(outputs.frontendWebUrl, "");
        assert.ok(infos.includes("frontendWebUrl is empty: no NodePort and no public URL; run: kubectl --context minikube -n todo-dev port-forward svc/todo-app-frontend-web 3000:3000"), infos.join("\n"));
    });
});
