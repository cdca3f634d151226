// The CrossGuard pack in policy/, run by every `npm run preview` and `npm run up` (and by both
// workflows, `policyPacks: policy`): a violation (a root container, a `latest` tag, a
// plaintext secret) fails the run before anything reaches the cluster.
import { runOrThrow } from "../../components/shared/commandRunner";
import * as fs from "fs";
import * as path from "path";

export const POLICY_PACK_DIR = path.resolve(__dirname, "..", "..", "policy");

/** True when the pack's dependencies are installed (its node_modules, from its lockfile). */
export function policyPackInstalled(dir: string = POLICY_PACK_DIR): boolean {
    return fs.existsSync(path.join(dir, "node_modules", "@pulumi", "policy", "package.json"));
}

/** The pack's directory for `policyPacks`, installing it with `npm ci` from its lockfile first if needed. */
export function ensurePolicyPack(log: (line: string) => void, dir: string = POLICY_PACK_DIR): string {
    if (!policyPackInstalled(dir)) {
        log(`Installing the policy pack (npm ci in ${path.relative(process.cwd(), dir) || dir})...\n`);
        runOrThrow("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, inheritOutput: true, timeoutMs: 10 * 60_000 });
    }
    return dir;
}
