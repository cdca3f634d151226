// The chart rendered with exactly the values the program computes (under mocks), for dev and
// prod: the schema accepts them, and the rendered objects match the program's outputs.
import * as assert from "assert";
import { PROD_CONFIG, PROD_SECRETS, releaseValuesOf, runProgram, single, T } from "../program/harness";
import { named, ofKind, render, Service, Workload } from "./helm";

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
            for (const [url, service] of [[outputs.frontendWebUrl, "todo-app-frontend-web"], [outputs.frontendChatbotUrl, "todo-app-frontend-chatbot"]] as const) {
                const port = named<Service>(manifests, "Service", service).spec.ports[0].nodePort;
                assert.ok(String(url).endsWith(`:${port}`), `${url} ends with the Service's NodePort ${port}`);
            }
            const backendService = named<Service>(manifests, "Service", "todo-app-backend");
            assert.strictEqual(String(outputs.backendUrl), `http://${backendService.metadata.name}.${release.namespace}.svc.cluster.local:${backendService.spec.ports[0].port}`);
            assert.strictEqual(ofKind(manifests, "Secret").length, 0, "the program owns the Secret; the chart renders none");
            assert.strictEqual(ofKind(manifests, "StatefulSet").length, stack === "dev" ? 1 : 0, "in-cluster PostgreSQL only in dev without databaseUrl");
            const annotations = named<Workload>(manifests, "Deployment", "todo-app-backend").spec.template.metadata?.annotations ?? {};
            assert.strictEqual(annotations["checksum/secret"], values.secretChecksum);
            assert.strictEqual(annotations["checksum/chart"], values.chartChecksum);
        });
    }
});
