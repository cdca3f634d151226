// A typed view of what `helm template` renders (only the fields the chart tests read), and
// the queries the tests make of it: objects by kind and name, the pods a chart can create,
// label selection, and quantities parsed as the program's validation parses them.
import { parseAllDocuments } from "yaml";
import { parseQuantity } from "../../components/config/quantity";

export type Labels = Record<string, string>;

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Labels;
  annotations?: Record<string, string>;
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  data?: Record<string, string>;
  type?: string;
}

export interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  fsGroup?: number;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  privileged?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type: string };
}

export interface Probe {
  httpGet?: { path: string; port: number | string };
  exec?: { command: string[] };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
}

export interface ResourceList {
  cpu?: string | number;
  memory?: string | number;
}

export interface Container {
  name: string;
  image: string;
  imagePullPolicy?: string;
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: ResourceList; limits?: ResourceList };
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string }[];
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: SecurityContext;
  automountServiceAccountToken?: boolean;
  serviceAccountName?: string;
  terminationGracePeriodSeconds?: number;
  volumes?: { name: string; emptyDir?: object; persistentVolumeClaim?: object }[];
}

export interface PodTemplate {
  metadata: ObjectMeta;
  spec: PodSpec;
}

export interface LabelSelector {
  matchLabels?: Labels;
}

export interface Workload extends Manifest {
  spec: {
    replicas?: number;
    selector: LabelSelector;
    template: PodTemplate;
    strategy?: { type: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
    serviceName?: string;
    volumeClaimTemplates?: { metadata: ObjectMeta; spec: { resources: { requests: { storage: string } }; storageClassName?: string } }[];
  };
}

export interface Pod extends Manifest {
  spec: PodSpec;
}

export interface Service extends Manifest {
  spec: { type: string; selector: Labels; ports: { name: string; port: number; targetPort: number | string; nodePort?: number }[] };
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
}

export interface NetworkPolicy extends Manifest {
  spec: {
    podSelector: LabelSelector;
    policyTypes: string[];
    ingress?: { from?: NetworkPolicyPeer[]; ports?: { port: number | string; protocol?: string }[] }[];
  };
}

export interface PodDisruptionBudget extends Manifest {
  spec: { minAvailable?: number; selector: LabelSelector };
}

/** Parses `helm template` output; throws on YAML errors. */
export function parseManifests(text: string): Manifest[] {
  const out: Manifest[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`invalid YAML rendered: ${doc.errors.map((e) => e.message).join("; ")}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== "object" || !("kind" in value) || !("metadata" in value)) {
      throw new Error(`rendered document is not a Kubernetes object: ${JSON.stringify(value).slice(0, 200)}`);
    }
    out.push(value as Manifest);
  }
  return out;
}

export function ofKind<T extends Manifest>(manifests: Manifest[], kind: string): T[] {
  return manifests.filter((m) => m.kind === kind) as T[];
}

export function named<T extends Manifest>(manifests: Manifest[], kind: string, name: string): T {
  const found = ofKind<T>(manifests, kind).find((m) => m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} rendered; got ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(", ")}`);
  return found;
}

/** Deployments and StatefulSets. */
export function workloads(manifests: Manifest[]): Workload[] {
  return [...ofKind<Workload>(manifests, "Deployment"), ...ofKind<Workload>(manifests, "StatefulSet")];
}

/** Every pod the chart can create: Deployment/StatefulSet templates and bare Pods (helm test). */
export interface PodSource {
  owner: string;
  labels: Labels;
  annotations: Record<string, string>;
  spec: PodSpec;
}

export function podSources(manifests: Manifest[]): PodSource[] {
  const fromWorkloads = workloads(manifests).map(
    (w) => ({
      owner: `${w.kind}/${w.metadata.name}`,
      labels: w.spec.template.metadata.labels ?? {},
      annotations: { ...(w.metadata.annotations ?? {}), ...(w.spec.template.metadata.annotations ?? {}) },
      spec: w.spec.template.spec,
    }),
  );
  const pods = ofKind<Pod>(manifests, "Pod").map((p) => ({
    owner: `Pod/${p.metadata.name}`,
    labels: p.metadata.labels ?? {},
    annotations: p.metadata.annotations ?? {},
    spec: p.spec,
  }));
  return [...fromWorkloads, ...pods];
}

/** Kubernetes label-selector semantics for matchLabels (all pairs must match). */
export function selects(selector: LabelSelector, labels: Labels): boolean {
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

/** A quantity in base units (cores, bytes), parsed as the program's validation parses it. */
function quantity(q: string | number | undefined, what: string): number {
  const value = q === undefined ? undefined : parseQuantity(String(q));
  if (value === undefined) throw new Error(`missing or invalid ${what} quantity: ${q}`);
  return value;
}

/** CPU quantity in millicores ("250m", "0.5", 1). */
export function cpuMillis(q: string | number | undefined): number {
  return Math.round(quantity(q, "cpu") * 1000);
}

/** Memory quantity in bytes ("256Mi", "1Gi", "500M"). */
export function memoryBytes(q: string | number | undefined): number {
  return quantity(q, "memory");
}

/** The reason of a `checkov.io/skipN: CHECK=reason` annotation for `check`, or undefined. */
export function skipReason(annotations: Record<string, string> | undefined, check: string): string | undefined {
  for (const [key, value] of Object.entries(annotations ?? {})) {
    if (!key.startsWith("checkov.io/skip")) continue;
    const [id, ...reason] = value.split("=");
    if (id === check && reason.join("=").trim()) return reason.join("=").trim();
  }
  return undefined;
}
