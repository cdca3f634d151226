// A prod stack that can run: images built for linux/amd64 and pulled with the registry's
// credentials, and the public URL driving the Ingress, the outputs, BETTER_AUTH_URL and CORS.
import * as assert from "assert";
import { byType, PROD_CONFIG, PROD_SECRETS, releaseValuesOf, runProgram, T } from "./harness";

describe("prod", () => {
    it("builds every image for linux/amd64 by default (dev: the daemon's own platform), and the platform is part of the tag", async () => {
        const prod = byType((await runProgram({ stack: "prod", config: PROD_CONFIG, secrets: PROD_SECRETS })).resources, T.image);
        assert.ok(prod.every((i) => (i.inputs.build as { platform?: string }).platform === "linux/amd64"));
        const dev = byType((await runProgram({ stack: "dev" })).resources, T.image);
        assert.ok(dev.every((i) => (i.inputs.build as { platform?: string }).platform === undefined));
        const arm = byType((await runProgram({ stack: "dev", config: { imagePlatform: "linux/arm64" } })).resources, T.image);
        const tag = (images: typeof dev, name: string): string => String(images.find((i) => i.name === name)?.inputs.imageName).split(":")[1];
        assert.notStrictEqual(tag(arm, "images-backend"), tag(dev, "images-backend"), "another platform, another tag");
    });

    it("the public URLs are the outputs, the Ingress hosts (TLS), BETTER_AUTH_URL and the CORS origins", async () => {
        const { resources, outputs } = await runProgram({ stack: "prod", config: PROD_CONFIG, secrets: PROD_SECRETS });
        assert.strictEqual(outputs.frontendWebUrl, "https://todo.example.com");
        assert.strictEqual(outputs.frontendChatbotUrl, "https://chat.todo.example.com");
        const values = releaseValuesOf(resources);
        assert.deepStrictEqual(values.ingress, { enabled: true, className: "nginx", host: "todo.example.com", chatbotHost: "chat.todo.example.com", tlsSecretName: "todo-app-tls" });
        assert.strictEqual(values.frontendWeb.env.BETTER_AUTH_URL, "https://todo.example.com");
        assert.strictEqual(values.backend.env.ALLOWED_ORIGINS, "https://todo.example.com,https://chat.todo.example.com");
    });

    it("explicit allowedOrigins and ingressTlsSecret win over the derived ones", async () => {
        const { resources } = await runProgram({ stack: "prod", config: { ...PROD_CONFIG, allowedOrigins: "https://todo.example.com", ingressTlsSecret: "wildcard-tls" }, secrets: PROD_SECRETS });
        const values = releaseValuesOf(resources);
        assert.strictEqual(values.backend.env.ALLOWED_ORIGINS, "https://todo.example.com");
        assert.strictEqual((values.ingress as { tlsSecretName: string }).tlsSecretName, "wildcard-tls");
    });

    it("without registry credentials, no pull Secret and no imagePullSecrets (the nodes pull with their own)", async () => {
        const config = { ...PROD_CONFIG, registryUsername: "" };
        const secrets = { databaseUrl: PROD_SECRETS.databaseUrl, betterAuthSecret: PROD_SECRETS.betterAuthSecret };
        const { resources } = await runProgram({ stack: "prod", config, secrets });
        assert.ok(!byType(resources, T.secret).some((s) => s.name === "secrets-registry"));
        assert.strictEqual(releaseValuesOf(resources).imagePullSecrets, undefined);
    });
});
