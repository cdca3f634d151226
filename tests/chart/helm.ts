// Helpers for the chart tests: find the pinned helm, run `helm template` / `helm lint`
// against charts/todo-app, and parse what it renders (manifests.ts, re-exported here).
import { runCommand } from "../../components/shared/commandRunner";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Manifest, parseManifests } from "./manifests";

export * from "./manifests";

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

/** `helm template` + parse; throws with helm's stderr when rendering fails. */
export function render(opts: RenderOptions = {}): Manifest[] {
  const r = helmTemplate(opts);
  if (r.status !== 0) throw new Error(`helm template failed (exit ${r.status}):\n${r.stderr}`);
  return parseManifests(r.stdout);
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
