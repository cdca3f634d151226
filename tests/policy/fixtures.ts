// Compliant resources for the policy tests: each test copies one, changes one field, and
// asserts the exact violation. Types are the few fields the tests change.

export const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
export const STATEFUL_SET = "kubernetes:apps/v1:StatefulSet";
export const CRON_JOB = "kubernetes:batch/v1:CronJob";
export const SERVICE = "kubernetes:core/v1:Service";
export const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
export const SECRET = "kubernetes:core/v1:Secret";
export const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
export const RELEASE = "kubernetes:helm.sh/v3:Release";
export const DOCKER_IMAGE = "docker:index/image:Image";

export interface SecurityContextFixture {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    privileged?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
    seccompProfile?: { type: string };
}

export interface ContainerFixture {
    name: string;
    image?: string;
    imagePullPolicy?: string;
    securityContext?: SecurityContextFixture;
    resources?: { requests?: { cpu?: string; memory?: string }; limits?: { cpu?: string; memory?: string } };
    livenessProbe?: object;
    readinessProbe?: object;
    env?: Array<{ name: string; value?: string; valueFrom?: object }>;
}

export interface PodSpecFixture {
    securityContext?: SecurityContextFixture;
    initContainers?: ContainerFixture[];
    containers: ContainerFixture[];
}

export interface DeploymentFixture {
    metadata: { name: string; namespace?: string };
    spec: {
        replicas?: number;
        selector: { matchLabels: Record<string, string> };
        template: { metadata: { labels: Record<string, string> }; spec: PodSpecFixture };
    };
}

export function container(name = "app"): ContainerFixture {
    return {
        name,
        image: "ghcr.io/acme/app:1.4.2",
        imagePullPolicy: "IfNotPresent",
        securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        },
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
        livenessProbe: { httpGet: { path: "/health", port: 8000 } },
        readinessProbe: { httpGet: { path: "/ready", port: 8000 } },
        env: [{ name: "LOG_LEVEL", value: "info" }],
    };
}

export function deployment(): DeploymentFixture {
    return {
        metadata: { name: "web", namespace: "todo" },
        spec: {
            replicas: 2,
            selector: { matchLabels: { app: "web" } },
            template: { metadata: { labels: { app: "web", tier: "frontend" } }, spec: { containers: [container()] } },
        },
    };
}

export function cronJob(spec: PodSpecFixture): object {
    return { metadata: { name: "nightly" }, spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template: { spec } } } } };
}

export interface ServiceValuesFixture {
    replicaCount?: number;
    image: { repository: string; tag?: string | number; pullPolicy?: string };
    service: { type: string; port: number; nodePort?: number };
    env: Record<string, string>;
    resources: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
    securityContext?: SecurityContextFixture;
    autoscaling?: { enabled: boolean; minReplicas: number; maxReplicas: number; targetCPUUtilizationPercentage: number };
}

export interface ReleaseValuesFixture {
    global: { environment: string };
    chartChecksum: string;
    secrets: { name: string; managed: boolean; data?: Record<string, string> };
    postgresql: { enabled: boolean; auth?: { passwordKey?: string } };
    podDisruptionBudget?: { enabled: boolean };
    backend: ServiceValuesFixture;
    frontendWeb: ServiceValuesFixture;
    frontendChatbot: ServiceValuesFixture;
    [extra: string]: unknown;
}

function serviceValues(repository: string, port: number, nodePort?: number): ServiceValuesFixture {
    return {
        replicaCount: 2,
        image: { repository, tag: "33bc1be2620d849d", pullPolicy: "IfNotPresent" },
        service: nodePort === undefined ? { type: "ClusterIP", port } : { type: "NodePort", port, nodePort },
        env: { BACKEND_URL: "http://todo-app-backend.todo-dev.svc.cluster.local:8000" },
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
    };
}

/** The values contract, as the program fills it in dev. */
export function releaseValues(environment = "dev"): ReleaseValuesFixture {
    return {
        global: { environment },
        chartChecksum: "02104858d2148d85",
        secrets: { name: "todo-app-backend-5e0c2a91d4", managed: false },
        postgresql: { enabled: environment === "dev" },
        backend: serviceValues("todo-backend", 8000),
        frontendWeb: serviceValues("todo-frontend-web", 3000, 30000),
        frontendChatbot: serviceValues("todo-frontend-chatbot", 3001, 30001),
    };
}

export function release(values: ReleaseValuesFixture): object {
    return { name: "todo-app", namespace: "todo-dev", chart: "charts/todo-app", atomic: true, values };
}
