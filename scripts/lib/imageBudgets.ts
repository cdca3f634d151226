// The official base images' documented sizes and each image's budget and goal, shared by
// `npm run image-sizes` and the end-to-end size table.

export interface BaseImage {
  ref: string;
  /** On-disk ("virtual") size, linux/amd64, MB. */
  uncompressedMB: number;
  /** Registry (compressed transfer) size, linux/amd64, MB. */
  compressedMB: number;
  source: string;
}

// Sizes from the Docker Official Images' published metadata (docker-library/repo-info):
// - python:3.13-slim: repos/python/local/3.13-slim.md "Virtual Size: ~ 126.25 Mb (total size
//   of all layers on-disk)" (3.13.15-slim-trixie, amd64); repos/python/remote/3.13-slim.md
//   "Total Size: 43.0 MB (compressed transfer size)" (3.13.14, amd64).
// - node:24-alpine: repos/node/local/24-alpine.md "Virtual Size: ~ 170.75 Mb" (24.21.0, amd64);
//   repos/node/remote/24-alpine.md "Total Size: 58.2 MB" (24.19.0, amd64).
export const PYTHON_BASE: BaseImage = {
  ref: "python:3.13-slim",
  uncompressedMB: 126.25,
  compressedMB: 43.0,
  source: "docker-library/repo-info repos/python/{local,remote}/3.13-slim.md",
};
export const NODE_BASE: BaseImage = {
  ref: "node:24-alpine",
  uncompressedMB: 170.75,
  compressedMB: 58.2,
  source: "docker-library/repo-info repos/node/{local,remote}/24-alpine.md",
};

export interface ImageBudget {
  readonly base: BaseImage;
  readonly budgetMB: number;
  readonly goalMB: number;
}

/** Keyed by the image's service directory name. */
export const IMAGE_BUDGETS: Readonly<Record<"backend" | "frontend-web" | "frontend-chatbot", ImageBudget>> = {
  // Goals: half the seed's budgets (docs/PERFORMANCE.md says where each image stands).
  backend: { base: PYTHON_BASE, budgetMB: 500, goalMB: 150 },
  "frontend-web": { base: NODE_BASE, budgetMB: 300, goalMB: 150 },
  "frontend-chatbot": { base: NODE_BASE, budgetMB: 300, goalMB: 150 },
};
