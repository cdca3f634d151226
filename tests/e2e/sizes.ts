// The size table of the end-to-end run: what each image measures here on its stand-in base,
// and the estimate with the official base image's documented size, against the budgets.
import * as fs from "fs";
import * as path from "path";
import { IMAGE_BUDGETS } from "../../scripts/lib/imageBudgets";
import { RecordedResource, T, unwrapSecrets } from "../program/harness";
import { sh } from "./cluster";
import { ReplayResult } from "./replay";

const MB = 1024 * 1024;

function imageBytes(ref: string): number {
    return Number(sh("docker", ["image", "inspect", "--format", "{{.Size}}", ref]).stdout.trim());
}

/** The runtime stage's base: the last FROM of the Dockerfile. */
function runtimeBase(dockerfile: string): string {
    const froms = [...fs.readFileSync(dockerfile, "utf8").matchAll(/^FROM\s+(\S+)/gim)].map((m) => m[1]);
    return froms[froms.length - 1];
}

export function sizeTable(resources: readonly RecordedResource[], firstReplay: ReplayResult, projectRoot: string): string {
    const header = ["image", "build s", "size here MB", "stand-in base MB", "layers added MB", "official base MB", "estimate MB", "budget", "goal", "status"];
    const rows = resources
        .filter((r) => r.type === T.image)
        .map((r) => {
            const { imageName, build } = unwrapSecrets(r.inputs) as { imageName: string; build: { dockerfile: string } };
            const service = r.name.replace(/^images-/, "") as keyof typeof IMAGE_BUDGETS;
            const budget = IMAGE_BUDGETS[service];
            const size = imageBytes(imageName) / MB;
            const base = imageBytes(runtimeBase(path.resolve(projectRoot, build.dockerfile))) / MB;
            const estimate = budget.base.uncompressedMB + (size - base);
            const seconds = firstReplay.steps.find((s) => s.resource === `Image ${r.name}`)?.seconds ?? 0;
            const status = estimate > budget.budgetMB ? "OVER BUDGET" : estimate > budget.goalMB ? "within budget, over goal" : "within goal";
            return [service, seconds.toFixed(1), size.toFixed(1), base.toFixed(1), (size - base).toFixed(1), budget.base.uncompressedMB.toFixed(1), estimate.toFixed(1), String(budget.budgetMB), String(budget.goalMB), status];
        });
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    const line = (cells: string[]): string => "      " + cells.map((c, i) => c.padEnd(widths[i])).join("  ");
    const helm = firstReplay.steps.find((s) => s.action === "helm upgrade");
    return [line(header), ...rows.map(line), "", `      helm upgrade --install --wait to all pods Ready: ${helm?.seconds.toFixed(1)} s`].join("\n");
}
