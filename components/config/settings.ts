// The typed shape of a stack's settings, shared by validation, the components and the tests.
// Plain data only: secrets travel separately as Pulumi secret Outputs (see loadConfig.ts).

export const SERVICES = ["backend", "frontendWeb", "frontendChatbot"] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Directory, image and Dockerfile name of each service (the chart's keys are the camelCase names). */
export const SERVICE_DIRS: Readonly<Record<ServiceName, string>> = {
    backend: "backend",
    frontendWeb: "frontend-web",
    frontendChatbot: "frontend-chatbot",
};

export const ENVIRONMENTS = ["dev", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const TARGETS = ["minikube", "kind", "context"] as const;
export type TargetKind = (typeof TARGETS)[number];

/**
 * How built images reach the cluster:
 * - docker-env: build inside Minikube's own Docker daemon (Minikube with the docker runtime);
 * - minikube-image-load: build on the host, then `minikube image load` (containerd / cri-o runtimes);
 * - kind-load: build on the host, then `kind load docker-image`;
 * - command: build on the host, then run `imageLoadCommand` with `{image}` replaced;
 * - registry: push to `registry` and deploy by digest (prod).
 */
export const IMAGE_LOAD_MODES = ["docker-env", "minikube-image-load", "kind-load", "command", "registry"] as const;
export type ImageLoadMode = (typeof IMAGE_LOAD_MODES)[number];

/** Pod Security Standards levels (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
// The levels are the policy pack's rules, which the program's own pre-render check shares.
import { POD_SECURITY_LEVELS, PodSecurityLevel } from "../../policy/rules/podSecurityStandard";
export { POD_SECURITY_LEVELS };
export type { PodSecurityLevel };

/**
 * What `npm run up` checks after a deploy: full (this project's services: health, a todo round
 * trip, the chatbot), probes (any chart: each workload's own readiness probe through its
 * NodePort, and each URL output answering below 500) or off.
 */
export const SMOKE_DEPTHS = ["full", "probes", "off"] as const;
export type SmokeDepth = (typeof SMOKE_DEPTHS)[number];

/** The project's own chart: the one whose services follow the runtime contract the full smoke test knows. */
export const OWN_CHART = "charts/todo-app";

export const LOG_LEVELS = ["debug", "info", "warning", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface CpuMemory {
    readonly cpu: string;
    readonly memory: string;
}

export interface ResourceSpec {
    readonly requests: CpuMemory;
    readonly limits: CpuMemory;
}

export interface BuildSettings {
    /**
     * Build context, relative to the project root (forward slashes), so the docker.Image
     * inputs are the same in every checkout: a PR runner's preview shows no phantom change.
     */
    readonly context: string;
    /** Dockerfile, relative to the project root like `context`. */
    readonly dockerfile: string;
    /** Target stage; empty builds the last stage. */
    readonly target?: string;
    /**
     * Non-secret build args. Values may use `{nodeAddress}`, `{backendNodePort}`,
     * `{frontendWebNodePort}`, `{frontendChatbotNodePort}`, `{backendPublicUrl}`,
     * `{frontendWebUrl}` and `{frontendChatbotUrl}`, resolved by the program.
     */
    readonly args: Readonly<Record<string, string>>;
}

export interface ServiceSettings {
    readonly replicas: number;
    readonly resources: ResourceSpec;
    /** NodePort; undefined keeps the Service internal (ClusterIP). */
    readonly nodePort?: number;
    readonly build: BuildSettings;
}

export interface ClusterSettings {
    readonly kind: TargetKind;
    readonly minikubeProfile: string;
    /** Addons the program enables on the Minikube target (empty: none). */
    readonly minikubeAddons: readonly string[];
    /** Per addon, the `--images` its enable passes (Name=ref,...); absent: minikube's default. */
    readonly minikubeAddonImages: Readonly<Record<string, string>>;
    readonly kindCluster: string;
    /** The kubeconfig context the program pins; derived for minikube (profile) and kind (kind-<name>). */
    readonly kubeContext: string;
    /** Overrides the address used in URL outputs and build args. */
    readonly nodeAddress?: string;
}

export interface ImageSettings {
    /**
     * How images reach the cluster. Undefined on a Minikube target with `imageLoad` unset: it
     * follows the profile's container runtime (see minikube.ts `loadModeForRuntime`).
     */
    readonly loadMode?: ImageLoadMode;
    /** Build platform, e.g. linux/amd64 (prod's default); undefined builds for the host's. */
    readonly platform?: string;
    /** For loadMode "command": a template with `{image}`. */
    readonly loadCommand?: string;
    /** For loadMode "registry": e.g. `ghcr.io/acme`. */
    readonly registry?: string;
    readonly registryUsername?: string;
    readonly buildOnPreview: boolean;
}

export interface ReleaseSettings {
    readonly name: string;
    readonly namespace: string;
    /** Chart directory relative to the project root, so the Release input is the same on every machine. */
    readonly chartPath: string;
    readonly timeoutSeconds: number;
    readonly maxHistory: number;
    /** The level the namespace enforces; the chart's pods are checked against it first. */
    readonly podSecurityLevel: PodSecurityLevel;
}

/** Where people reach the app from outside the cluster (an Ingress), when it is not a NodePort. */
export interface PublicSettings {
    /** https://todo.example.com: the web UI's URL; BETTER_AUTH_URL and a CORS origin. */
    readonly frontendWebUrl?: string;
    /** The chatbot's URL on its own host, routed by the same Ingress. */
    readonly frontendChatbotUrl?: string;
    readonly ingressClassName?: string;
    /** TLS Secret for the Ingress hosts (e.g. made by cert-manager); https URLs need one. */
    readonly tlsSecret?: string;
    /** PEM certificate the program writes into that Secret, with the secret ingressTlsKey; undefined: it exists already. */
    readonly tlsCertificate?: string;
}

export interface Settings {
    readonly project: string;
    readonly stack: string;
    /** Directory holding Pulumi.yaml; relative paths in config are resolved against it. */
    readonly projectRoot: string;
    readonly environment: Environment;
    readonly cluster: ClusterSettings;
    readonly images: ImageSettings;
    readonly release: ReleaseSettings;
    readonly sourceRoot: string;
    readonly services: Readonly<Record<ServiceName, ServiceSettings>>;
    readonly public: PublicSettings;
    readonly logLevel: LogLevel;
    readonly allowedOrigins: readonly string[];
    /** Plain values merged over the computed ones, for chart keys the program does not model. */
    readonly extraValues: Readonly<Record<string, unknown>>;
    /** The smoke test's depth after a deploy (default: full for OWN_CHART, probes for any other chart). */
    readonly smokeDepth: SmokeDepth;
    /** `npm run dev`'s variant (../images/devMode.ts): services are already its settings when true. */
    readonly devMode: boolean;
}
