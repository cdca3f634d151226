/**
 * `npm run image-sizes`: estimate the size of each service image and compare it with its
 * budget (fail) and goal (report only).
 *
 *   estimate = documented on-disk size of the official base image
 *            + measured size of what the Dockerfile's runtime stage copies on top
 *
 * What the runtime stage copies is measured one of two ways:
 * - from Docker, when images are given (`npm run image-sizes -- --image backend=REF ...`):
 *   `docker image inspect` size of REF minus that of its local base image (the local base
 *   images here are stand-ins whose own sizes are not the official ones);
 * - otherwise on disk: the backend's virtualenv (built into a temporary directory with
 *   `pip install -r apps/backend/requirements.txt`, as the deps stage does) plus app/; each
 *   frontend's .next/standalone + .next/static + public/ (run `next build` first).
 * Exit code 1 when an image is over its budget, 2 when something can't be measured.
 */
import { parseArgs } from "node:util";
import { runOrThrow } from "../components/shared/commandRunner";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BaseImage, IMAGE_BUDGETS, NODE_BASE, PYTHON_BASE } from "./lib/imageBudgets";

const ROOT = path.resolve(__dirname, "..");
const MB = 1024 * 1024;

interface ImageSpec {
  name: "backend" | "frontend-web" | "frontend-chatbot";
  base: BaseImage;
  budgetMB: number;
  goalMB: number;
  /** Bytes the runtime stage adds, measured without Docker. */
  measureOnDisk: () => number;
}

/** Apparent size of a file or directory tree, symlinks not followed. */
function treeBytes(p: string): number {
  const st = fs.lstatSync(p);
  if (!st.isDirectory()) return st.size;
  let total = 0;
  for (const entry of fs.readdirSync(p)) total += treeBytes(path.join(p, entry));
  return total;
}

function requirePath(p: string, hint: string): string {
  if (!fs.existsSync(p)) throw new Error(`${path.relative(ROOT, p)} is missing: ${hint}`);
  return p;
}

function backendOnDisk(): number {
  const app = path.join(ROOT, "apps/backend");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "image-sizes-venv-"));
  try {
    const venv = path.join(tmp, "venv");
    // Like the deps stage: a venv without pip, filled by the interpreter's own pip.
    runOrThrow("python3", ["-m", "venv", "--without-pip", venv], { inheritOutput: true });
    runOrThrow(
      "python3",
      ["-m", "pip", "--disable-pip-version-check", "--python", path.join(venv, "bin/python"), "install", "-q", "-r", path.join(app, "requirements.txt")],
      { inheritOutput: true, timeoutMs: 10 * 60_000 },
    );
    return treeBytes(venv) + treeBytes(path.join(app, "app"));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function frontendOnDisk(name: string): () => number {
  return () => {
    const app = path.join(ROOT, "apps", name);
    const hint = `run \`npx next build\` in apps/${name} first`;
    return (
      treeBytes(requirePath(path.join(app, ".next/standalone"), hint)) +
      // The standalone tree may already hold copies made by tests/apps/check_frontends.py;
      // count static/public once, as the image does.
      treeBytes(requirePath(path.join(app, ".next/static"), hint)) +
      treeBytes(path.join(app, "public")) -
      existingBytes(path.join(app, ".next/standalone/.next/static")) -
      existingBytes(path.join(app, ".next/standalone/public"))
    );
  };
}

function existingBytes(p: string): number {
  return fs.existsSync(p) ? treeBytes(p) : 0;
}

const IMAGES: ImageSpec[] = [
  { name: "backend", ...IMAGE_BUDGETS.backend, measureOnDisk: backendOnDisk },
  { name: "frontend-web", ...IMAGE_BUDGETS["frontend-web"], measureOnDisk: frontendOnDisk("frontend-web") },
  { name: "frontend-chatbot", ...IMAGE_BUDGETS["frontend-chatbot"], measureOnDisk: frontendOnDisk("frontend-chatbot") },
];

function dockerImageBytes(ref: string): number {
  const out = runOrThrow("docker", ["image", "inspect", "--format", "{{.Size}}", ref]);
  return Number(out.trim());
}

function parseImageArgs(argv: string[]): Map<string, string> {
  const refs = new Map<string, string>();
  // node's parseArgs: strict, so an unknown option or a missing value is an error.
  const { values } = parseArgs({ args: argv, options: { image: { type: "string", multiple: true } }, strict: true });
  for (const spec of values.image ?? []) {
    const [name, ref] = spec.split("=", 2);
    if (!name || !ref || !IMAGES.some((img) => img.name === name)) {
      throw new Error(`--image wants NAME=REF with NAME one of ${IMAGES.map((img) => img.name).join(", ")}`);
    }
    refs.set(name, ref);
  }
  return refs;
}

function pad(s: string, n: number, left = false): string {
  return left ? s.padStart(n) : s.padEnd(n);
}

function main(): number {
  const refs = parseImageArgs(process.argv.slice(2));
  const rows: string[][] = [];
  let over = 0;
  let errors = 0;
  for (const img of IMAGES) {
    let addedMB: number;
    let how: string;
    try {
      const ref = refs.get(img.name);
      if (ref) {
        addedMB = (dockerImageBytes(ref) - dockerImageBytes(img.base.ref)) / MB;
        how = `docker ${ref}`;
      } else {
        addedMB = img.measureOnDisk() / MB;
        how = "on disk";
      }
    } catch (err) {
      console.error(`${img.name}: ${err instanceof Error ? err.message : String(err)}`);
      errors++;
      continue;
    }
    const total = img.base.uncompressedMB + addedMB;
    const status = total > img.budgetMB ? "OVER BUDGET" : total > img.goalMB ? "over goal" : "ok";
    if (total > img.budgetMB) over++;
    rows.push([
      img.name,
      `${img.base.ref} ${img.base.uncompressedMB.toFixed(1)} (${img.base.compressedMB.toFixed(1)} gz)`,
      addedMB.toFixed(1),
      how,
      total.toFixed(1),
      String(img.budgetMB),
      String(img.goalMB),
      status,
    ]);
  }
  const header = ["image", "base MB (compressed)", "added MB", "measured", "estimate MB", "budget", "goal", "status"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = new Set([2, 4, 5, 6]);
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], numeric.has(i))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
  console.log(`\nbase sizes: ${PYTHON_BASE.source}; ${NODE_BASE.source} (linux/amd64, on-disk)`);
  if (errors) return 2;
  return over ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (e) {
  // A usage error (node's parseArgs, or a bad --image): the message, not a stack.
  process.stderr.write(`image-sizes: ${(e as Error).message}\nusage: npm run image-sizes [-- --image NAME=REF ...]\n`);
  process.exitCode = 2;
}
