// The benchmark's baseline: what the seed's shell scripts do on every deploy, whatever
// changed. Build all three images under a fixed tag, load all three into the cluster,
// `helm upgrade --install` (the Secret's data in the values, as plain helm users pass it),
// `kubectl rollout restart` every Deployment (a fixed tag never changes the pod spec), and
// wait for the rollouts. Same chart, same cluster, same Docker cache as this program.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { serviceNames } from "../../../components/release/chartNames";
import { backendUrl } from "../../../components/release/releaseValues";
import { SERVICE_DIRS, SERVICES } from "../../../components/config/settings";
import { Kube, sh } from "../cluster";
import { healthUrls, waitServing } from "../serving";
import { runSmoke } from "../smoke";
import { Deployer, EDITED_FILES, editLine, pythonEditLine, timed, Timing } from "./deployer";

export interface BaselineTarget {
    readonly kube: Kube;
    /** Image-load command template with {image}. */
    readonly imageLoad: string;
    readonly nodeAddress: string;
    /** The chart's PostgreSQL image (a local stand-in here). */
    readonly postgresImage: { repository: string; tag: string };
}

const TAG = "baseline";
const DEPLOYMENTS = ["todo-app-backend", "todo-app-frontend-web", "todo-app-frontend-chatbot"];

export class BaselineDeployer implements Deployer {
    readonly label = "baseline (the seed's scripts)";
    private edits = 0;
    private authSecret = "baseline-auth-secret-0123456789abcdef0123456789";
    private readonly dbPassword = `baseline-db-${Date.now()}`;

    constructor(private readonly projectDir: string, private readonly target: BaselineTarget) {}

    async coldDeploy(): Promise<Timing> {
        const timing = await this.deploy();
        const [web, chatbot] = this.urls();
        const smoke = await runSmoke({ web, chatbot });
        if (!smoke.ok) {
            throw new Error("baseline: smoke test failed after the cold deploy");
        }
        return timing;
    }

    rerun(): Promise<Timing> {
        return this.deploy();
    }

    editBackend(): Promise<Timing> {
        fs.appendFileSync(path.join(this.projectDir, ...EDITED_FILES.backend), pythonEditLine(++this.edits));
        return this.deploy();
    }

    editFrontend(): Promise<Timing> {
        fs.appendFileSync(path.join(this.projectDir, ...EDITED_FILES.frontendWeb), editLine(++this.edits));
        return this.deploy();
    }

    rotateSecret(): Promise<Timing> {
        this.authSecret = `baseline-rotated-${Date.now()}-0123456789abcdef0123`;
        return this.deploy();
    }

    async teardown(): Promise<void> {
        sh("kubectl", ["--context", this.target.kube.context, "delete", "namespace", this.target.kube.namespace, "--wait=true", "--timeout=180s", "--ignore-not-found"]);
    }

    private urls(): [string, string] {
        return [`http://${this.target.nodeAddress}:30000`, `http://${this.target.nodeAddress}:30001`];
    }

    private async deploy(): Promise<Timing> {
        const phases: Record<string, number> = { build: 0, load: 0 };
        const [seconds] = await timed(async () => {
            for (const s of SERVICES) {
                const dir = SERVICE_DIRS[s];
                phases.build += (await timed(() => sh("docker", ["build", "--quiet", "--tag", `todo-${dir}:${TAG}`, "--file", path.join(this.projectDir, "docker", `${dir}.Dockerfile`), path.join(this.projectDir, "apps", dir)])))[0];
                phases.load += (await timed(() => sh("sh", ["-c", this.target.imageLoad.split("{image}").join(`todo-${dir}:${TAG}`)])))[0];
            }
            phases.helm = (await timed(() => this.helmUpgrade()))[0];
            const kube = this.target.kube;
            phases.rollout = (await timed(() => {
                kube.kubectl(["rollout", "restart", ...DEPLOYMENTS.map((d) => `deployment/${d}`)]);
                DEPLOYMENTS.forEach((d) => kube.kubectl(["rollout", "status", `deployment/${d}`, "--timeout=300s"]));
            }))[0];
            const [serve, serving] = await timed(() => waitServing(healthUrls({ frontendWebUrl: this.urls()[0], frontendChatbotUrl: this.urls()[1] }), 120_000));
            phases.serve = serve;
            if (!serving) {
                throw new Error("baseline: the app did not serve within 120 s of the rollout");
            }
        });
        return { seconds, phases };
    }

    /** The values a plain helm user writes: images by fixed tag, the Secret's data inline. */
    private helmUpgrade(): void {
        const ns = this.target.kube.namespace;
        const api = backendUrl(serviceNames("todo-app"), ns);
        const image = (dir: string): Record<string, string> => ({ repository: `todo-${dir}`, tag: TAG, pullPolicy: "IfNotPresent" });
        const values = {
            backend: { image: image("backend"), env: { ALLOWED_ORIGINS: this.urls()[0] } },
            frontendWeb: { image: image("frontend-web"), env: { BACKEND_URL: api, BETTER_AUTH_URL: this.urls()[0] } },
            frontendChatbot: { image: image("frontend-chatbot"), env: { BACKEND_URL: api } },
            postgresql: { image: this.target.postgresImage },
            secrets: {
                managed: true,
                name: "todo-app-secrets",
                data: {
                    DATABASE_URL: `postgresql://todo:${this.dbPassword}@todo-app-postgresql.${ns}.svc.cluster.local:5432/todo`,
                    POSTGRES_PASSWORD: this.dbPassword,
                    BETTER_AUTH_SECRET: this.authSecret,
                },
            },
        };
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "todo-bench-values-"));
        try {
            const file = path.join(dir, "values.json");
            fs.writeFileSync(file, JSON.stringify(values), { mode: 0o600 });
            const chart = path.join(this.projectDir, "charts", "todo-app");
            this.target.kube.helm(["upgrade", "--install", "todo-app", chart, "--create-namespace", "--values", path.join(chart, "values-dev.yaml"), "--values", file]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }
}
