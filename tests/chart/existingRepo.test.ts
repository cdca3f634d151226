// Issue 8: the program pointed at the users' existing repository (tests/fixtures/existing-repo)
// without editing it: root-context Dockerfiles, build-time URLs, their chart's values keys.
import * as assert from "assert";
import * as path from "path";
import { byType, fakeHost, PROJECT_ROOT, runProgram, releaseValuesOf, single, T, unwrapSecrets } from "../program/harness";
import { Manifest, ofKind, render } from "./helm";

import { EXISTING_REPO_CONFIG } from "./existingRepoConfig";

const REPO = EXISTING_REPO_CONFIG.sourceRoot;
const CHART = EXISTING_REPO_CONFIG.chartPath;
const SECRETS = { databaseUrl: "postgresql://todo:EXISTING-REPO-SECRET@neon.example.com/todo", betterAuthSecret: "EXISTING-REPO-SECRET-0123456789abcdef" };

interface ConfigMap extends Manifest {
    data?: Record<string, string>;
}

describe("an existing repository, deployed as it is", () => {
    it("builds with the repository root as context, its Dockerfiles and target, and URL build args", async () => {
        const { resources, outputs, warnings } = await runProgram({ config: EXISTING_REPO_CONFIG, secrets: SECRETS });
        const root = path.resolve(PROJECT_ROOT, REPO);
        // Their repository has only a root .dockerignore, which @pulumi/docker does not read for
        // a Dockerfile named <service>.Dockerfile: the program says so once per image, with the fix.
        assert.deepStrictEqual(
            warnings.filter((w) => w.includes("dockerignore")).map((w) => /\/([a-z-]+\.Dockerfile\.dockerignore) is missing or differs .* Fix: ln -s \.dockerignore /.exec(w)?.[1]).sort(),
            ["backend.Dockerfile.dockerignore", "frontend-chatbot.Dockerfile.dockerignore", "frontend-web.Dockerfile.dockerignore"],
        );
        const builds = Object.fromEntries(byType(resources, T.image).map((i) => [i.name, unwrapSecrets(i.inputs) as { imageName: string; build: Record<string, unknown> }]));
        console.log(`      images: ${Object.values(builds).map((b) => b.imageName).join(", ")}`);
        // Relative to the project, as the docker provider resolves them: the same in every checkout.
        assert.deepStrictEqual(builds["images-backend"].build.context, path.relative(PROJECT_ROOT, root));
        assert.deepStrictEqual(builds["images-backend"].build.dockerfile, path.relative(PROJECT_ROOT, path.join(root, "docker", "backend.Dockerfile")));
        assert.strictEqual(builds["images-frontend-web"].build.target, "runtime");
        assert.deepStrictEqual(builds["images-frontend-web"].build.args, { NEXT_PUBLIC_API_URL: "http://192.168.49.2:30002", NEXT_PUBLIC_BETTER_AUTH_URL: "http://192.168.49.2:30000" });
        assert.deepStrictEqual(builds["images-frontend-chatbot"].build.args, { VITE_API_URL: "http://192.168.49.2:30002" });
        for (const b of Object.values(builds)) {
            assert.match(b.imageName, /^todo-[a-z-]+:[0-9a-f]{16}$/, "content-tagged");
        }
        assert.strictEqual(outputs.backendPublicUrl, "http://192.168.49.2:30002", "their chart exposes the backend on a NodePort");
        assert.strictEqual(outputs.frontendWebUrl, "http://192.168.49.2:30000");
    });

    it("a new node address or NodePort rebuilds exactly the images whose args use it", async () => {
        const tags = async (config: Record<string, unknown>): Promise<Record<string, string>> =>
            Object.fromEntries(byType((await runProgram({ config: { ...EXISTING_REPO_CONFIG, ...config }, secrets: SECRETS })).resources, T.image).map((i) => [i.name, String(i.inputs.imageName)]));
        const base = await tags({});
        const movedWeb = await tags({ frontendWebNodePort: 30010 });
        assert.deepStrictEqual(Object.keys(base).filter((k) => base[k] !== movedWeb[k]), ["images-frontend-web"], "only frontend-web bakes its own URL");
        const movedNode = await tags({ nodeAddress: "192.168.58.2" });
        assert.deepStrictEqual(Object.keys(base).filter((k) => base[k] !== movedNode[k]).sort(), ["images-frontend-chatbot", "images-frontend-web"], "the backend bakes no URL");
    });

    it("their chart renders with the computed values: refs, names, NodePorts consistent; no secret in a ConfigMap", async () => {
        for (const releaseName of ["todo-app", "demo"]) {
            const { resources, outputs } = await runProgram({ config: { ...EXISTING_REPO_CONFIG, releaseName }, secrets: SECRETS, host: fakeHost() });
            const release = single(resources, T.release).inputs;
            assert.strictEqual(release.chart, CHART);
            const values = releaseValuesOf(resources);
            const manifests = render({ chart: path.resolve(PROJECT_ROOT, CHART), values, release: releaseName, namespace: String(release.namespace) });
            const fullname = releaseName === "demo" ? "demo-todo-app" : "todo-app";
            const images = outputs.images as Record<string, string>;
            const deployments = ofKind<Manifest & { spec: { template: { spec: { containers: Array<{ image: string }> } } } }>(manifests, "Deployment");
            assert.deepStrictEqual(deployments.map((d) => d.spec.template.spec.containers[0].image).sort(), Object.values(images).sort());
            const services = ofKind<Manifest & { spec: { ports: Array<{ nodePort?: number }> } }>(manifests, "Service");
            assert.deepStrictEqual(services.map((s) => s.metadata.name).sort(), ["backend", "frontend-chatbot", "frontend-web"].map((s) => `${fullname}-${s}`));
            const nodePort = (name: string): number | undefined => services.find((s) => s.metadata.name === `${fullname}-${name}`)!.spec.ports[0].nodePort;
            assert.strictEqual(outputs.frontendWebUrl, `http://192.168.49.2:${nodePort("frontend-web")}`);
            assert.strictEqual(outputs.backendPublicUrl, `http://192.168.49.2:${nodePort("backend")}`);
            const configMaps = ofKind<ConfigMap>(manifests, "ConfigMap");
            const web = configMaps.find((c) => c.metadata.name === `${fullname}-frontend-web-config`)!;
            assert.strictEqual(web.data?.API_URL, `http://${fullname}-backend.todo-dev.svc.cluster.local:8000`);
            assert.strictEqual(configMaps.find((c) => c.metadata.name === `${fullname}-frontend-chatbot-config`)!.data?.VITE_API_URL, outputs.backendUrl);
            assert.ok(!JSON.stringify(configMaps).includes("EXISTING-REPO-SECRET"), "no secret in a ConfigMap");
            assert.strictEqual(ofKind(manifests, "Secret").length, 0, "secrets.managed false: the program's Secret is used");
            console.log(`      release ${releaseName}: backendUrl ${outputs.backendUrl}, web ${outputs.frontendWebUrl}, backend ${outputs.backendPublicUrl}`);
        }
    });

    it("refuses a secret as a build arg, explaining why and what to do instead", async () => {
        const leaky = { ...EXISTING_REPO_CONFIG, builds: { ...EXISTING_REPO_CONFIG.builds, frontendWeb: { ...EXISTING_REPO_CONFIG.builds.frontendWeb, args: { BETTER_AUTH_SECRET: "x".repeat(40) } } } };
        await assert.rejects(runProgram({ config: leaky, secrets: SECRETS }), /builds\.frontendWeb\.args\.BETTER_AUTH_SECRET = "<redacted>": looks like a secret, and build args are stored in the image's history.*pulumi config set -s dev --secret/s);
    });
});
