// Helpers for the chart tests: find the pinned helm, run `helm template` / `helm lint`
// against charts/todo-app, and parse the rendered multi-document YAML into typed objects.
import { runCommand } from "../../components/commandRunner";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { parseQuantity } from "../../components/quantity";

export const repoRoot = path.resolve(__dirname, "..", "..");
export const chartDir = path.join(repoRoot, "charts", "todo-app");
export const devValues = path.join(chartDir, "values-dev.yaml");
export const prodValues = path.join(chartDir, "values-prod.yaml");
/** The release name the program pins (fullname is then "todo-app"), and the namespace these renders use. */
export const RELEASE = "todo-app";
export const NAMESPACE = "todo-app";

const HELM_CACHE_BIN = path.join(os.homedir(), ".cache", "local-cluster", "bin", "helm");
export const HELM_INSTALL_HINT =
  "helm not found (looked at $HELM_BIN, `helm` on PATH and " + HELM_CACHE_BIN + "). " +
  "Install the pinned version with `bash scripts/install-helm.sh` (go install with the version ldflags), " +
  "or set HELM_BIN to an existing helm 3 binary.";

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** First executable named `name` on PATH, or undefined. */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

let helmPath: string | undefined;

/** $HELM_BIN, else `helm` on PATH, else the local-cluster cache; throws the install hint. */
export function findHelm(): string {
  if (helmPath) return helmPath;
  const fromEnv = process.env.HELM_BIN;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`HELM_BIN=${fromEnv} is not an executable. ${HELM_INSTALL_HINT}`);
    return (helmPath = fromEnv);
  }
  const found = onPath("helm") ?? (isExecutable(HELM_CACHE_BIN) ? HELM_CACHE_BIN : undefined);
  if (!found) throw new Error(HELM_INSTALL_HINT);
  return (helmPath = found);
}

export interface CommandResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[], cwd = repoRoot): CommandResult {
  const r = runCommand(command, args, { cwd });
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

export interface RenderOptions {
  /** Chart directory; default charts/todo-app. */
  chart?: string;
  /** Values files, in order (paths). */
  valuesFiles?: string[];
  /** Extra values, written to a temporary file passed last. */
  values?: object;
  release?: string;
  namespace?: string;
}

let tmpDir: string | undefined;

/** This run's temporary directory, removed when the process exits. */
export function tempDir(): string {
  if (!tmpDir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "todo-chart-test-"));
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    tmpDir = dir;
  }
  return tmpDir;
}

/** A new file in this run's temporary directory. */
export function tempFile(name: string, content: string): string {
  tempDir();
  const file = path.join(tempDir(), `${Date.now()}-${Math.random().toString(36).slice(2)}-${name}`);
  fs.writeFileSync(file, content);
  return file;
}

function valuesArgs(opts: RenderOptions): string[] {
  const files = [...(opts.valuesFiles ?? [])];
  if (opts.values) files.push(tempFile("values.json", JSON.stringify(opts.values)));
  return files.flatMap((f) => ["--values", f]);
}

/** `helm template` (test hooks included); returns the raw result. */
export function helmTemplate(opts: RenderOptions = {}): CommandResult {
  return run(findHelm(), [
    "template", opts.release ?? RELEASE, opts.chart ?? chartDir,
    "--namespace", opts.namespace ?? NAMESPACE,
    ...valuesArgs(opts),
  ]);
}

/** `helm lint --strict`; returns the raw result. */
export function helmLint(opts: RenderOptions = {}): CommandResult {
  return run(findHelm(), ["lint", "--strict", chartDir, "--namespace", opts.namespace ?? NAMESPACE, ...valuesArgs(opts)]);
}

// ---- typed view of the rendered objects (only the fields the tests read) ----

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

/** `helm template` + parse; throws with helm's stderr when rendering fails. */
export function render(opts: RenderOptions = {}): Manifest[] {
  const r = helmTemplate(opts);
  if (r.status !== 0) throw new Error(`helm template failed (exit ${r.status}):\n${r.stderr}`);
  return parseManifests(r.stdout);
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

/** A copy of `chart` with lines of one of its files replaced (each `from` must be there); delete it when done. */
export function editedChartCopy(chart: string, file: string, ...edits: Array<[string, string]>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "todo-chart-edit-"));
  fs.cpSync(chart, dir, { recursive: true });
  let text = fs.readFileSync(path.join(dir, file), "utf8");
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`${file} has no '${from}' to edit`);
    text = text.replace(from, to);
  }
  fs.writeFileSync(path.join(dir, file), text);
  return dir;
}
