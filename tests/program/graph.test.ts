// The resource graph per stack: what dev and prod register, and through which providers.
import * as assert from "assert";
import { byType, fakeHost, PROD_CONFIG, PROD_SECRETS, releaseValuesOf, runProgram, single, T, unwrapSecrets, loadCommands } from "./harness";

describe("resource graph", () => {
    it("dev builds three images into Minikube's Docker daemon and pushes nothing", async () => {
        const { resources } = await runProgram({ stack: "dev" });
        const images = byType(resources, T.image);
        assert.deepStrictEqual(images.map((i) => i.name).sort(), ["images-backend", "images-frontend-chatbot", "images-frontend-web"]);
        for (const image of images) {
            assert.strictEqual(image.inputs.skipPush, true, `${image.name} must not push`);
            assert.strictEqual(image.inputs.registry, undefined);
            assert.match(String(image.provider), /cluster-docker/, `${image.name} must build in Minikube's daemon`);
            assert.doesNotMatch(String(image.inputs.imageName), /:latest$/);
        }
        const dockerProvider = single(resources, T.dockerProvider);
        assert.strictEqual(dockerProvider.inputs.host, "tcp://192.168.49.2:2376");
        assert.strictEqual(dockerProvider.inputs.certPath, "/home/dev/.minikube/certs");
        assert.strictEqual(loadCommands(resources).length, 0, "docker-env needs no load command");
    });

    it("prod pushes to the registry, deploys by digest and touches no Minikube", async () => {
        const host = fakeHost();
        const { resources, outputs } = await runProgram({ stack: "prod", config: PROD_CONFIG, secrets: PROD_SECRETS, host });
        // Only the capacity check's read of the pinned context (unanswered here: the check is skipped with a
        // warning) and the registry login, its password through stdin.
        assert.deepStrictEqual(host.calls, [
            "kubectl --context prod get nodes -o json",
            `docker --config <tmp> login ghcr.io --username example-bot --password-stdin <<< ${PROD_SECRETS.registryPassword.length} characters`,
        ], "prod must not ask minikube anything");
        const images = byType(resources, T.image);
        assert.strictEqual(images.length, 3);
        for (const image of images) {
            assert.strictEqual(image.inputs.skipPush, false);
            assert.match(String(image.inputs.imageName), /^ghcr\.io\/example-org\/todo\/todo-[a-z-]+:[0-9a-f]{16}$/);
            assert.strictEqual((unwrapSecrets(image.inputs.registry) as Record<string, unknown>).server, "ghcr.io");
            assert.ok(!image.provider, "prod builds on the host's daemon (default provider)");
        }
        assert.strictEqual(byType(resources, T.dockerProvider).length, 0);
        assert.strictEqual(loadCommands(resources).length, 0);
        const release = single(resources, T.release);
        const values = unwrapSecrets(release.inputs.values) as Record<string, { image: { tag: string } }>;
        assert.match(values.backend.image.tag, /^[0-9a-f]{16}@sha256:[0-9a-f]{64}$/, "prod deploys by digest");
        // Prod's autoscaler owns each count, from the configured replicas up; dev leaves it off.
        const seen = releaseValuesOf(resources);
        assert.deepStrictEqual(seen.backend.autoscaling, { enabled: true, minReplicas: seen.backend.replicaCount, maxReplicas: Math.max(5, 2 * seen.backend.replicaCount), targetCPUUtilizationPercentage: 70 });
        assert.strictEqual(releaseValuesOf((await runProgram()).resources).backend.autoscaling, undefined);
        assert.match(String((outputs.images as Record<string, string>).backend), /@sha256:/);
        assert.strictEqual(single(resources, T.k8sProvider).inputs.context, "prod");
    });

    it("every Kubernetes object and the Release use the explicit provider, never the current context", async () => {
        for (const [stack, config, secrets] of [["dev", {}, {}], ["prod", PROD_CONFIG, PROD_SECRETS]] as const) {
            const { resources } = await runProgram({ stack, config, secrets });
            const provider = single(resources, T.k8sProvider);
            assert.ok(provider.inputs.context, `${stack}: the kubernetes provider pins a context`);
            const kubeResources = resources.filter((r) => r.type.startsWith("kubernetes:"));
            assert.ok(kubeResources.length >= 3, `${stack}: namespace, secret and release registered`);
            for (const r of kubeResources) {
                assert.match(String(r.provider), /::cluster-kubernetes::/, `${stack}: ${r.type} ${r.name} must use the explicit provider`);
            }
        }
    });

    it("the namespace enforces Pod Security 'restricted' and is named todo-<stack>", async () => {
        const { resources, outputs } = await runProgram({ stack: "dev" });
        const ns = single(resources, T.namespace);
        const metadata = ns.inputs.metadata as { name: string; labels: Record<string, string> };
        assert.strictEqual(metadata.name, "todo-dev");
        assert.strictEqual(metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
        assert.strictEqual(outputs.namespace, "todo-dev");
    });
});
