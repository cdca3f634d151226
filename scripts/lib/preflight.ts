// What every command that deploys does first (`npm run up|preview|destroy`, `npm run dev`):
// check what Pulumi needs before it can run the program, print the report, name the backend.
import { systemRunner } from "../../components/shared/commandRunner";
import { checkPrerequisites, formatReport, hasFailures, readStackTarget } from "./prerequisites";
import { Backend, readStackFile, resolveBackend } from "./stack";

export interface Preflight {
    /** False when a prerequisite is missing (the report says which and how to fix it). */
    readonly ok: boolean;
    readonly backend: Backend;
}

export function preflight(stack: string, out: (text: string) => void): Preflight {
    const backend = resolveBackend(process.env);
    const target = readStackTarget(stack, readStackFile(stack));
    const results = checkPrerequisites(systemRunner(), { stack: target, nodeVersion: process.versions.node, backendUrl: backend.url, env: process.env });
    out(`${formatReport(target, results)}\n`);
    return { ok: !hasFailures(results), backend };
}
