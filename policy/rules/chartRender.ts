// `helm template` of the chart with given values, parsed into objects: what the Release would
// create, known before anything is. The values hold Secret names and image refs, never secret
// data, so writing them to a temporary file is safe.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments } from "yaml";

/** What runs helm: the program's Host (faked in tests), or the pack's own runner. */
export interface CommandHost {
    /** Runs a command and returns its stdout; throws with the command's stderr when it fails. */
    run(command: string, args: readonly string[]): string;
}

export interface RenderedObject {
    readonly apiVersion: string;
    readonly kind: string;
    readonly metadata: { readonly name: string; readonly namespace?: string; readonly annotations?: Readonly<Record<string, string>> };
    readonly [field: string]: unknown;
}

export interface RenderRequest {
    readonly chartDir: string;
    readonly releaseName: string;
    readonly namespace: string;
    readonly values: Readonly<Record<string, unknown>>;
}

/** The chart's objects (helm test hooks included), in template order. Throws with helm's own error. */
export function renderChart(host: CommandHost, req: RenderRequest): RenderedObject[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "todo-render-"));
    const valuesFile = path.join(dir, "values.json");
    try {
        // JSON is YAML: no serializer quirks between the program's values and helm's reading of them.
        fs.writeFileSync(valuesFile, JSON.stringify(req.values));
        const out = host.run("helm", ["template", req.releaseName, req.chartDir, "--namespace", req.namespace, "--values", valuesFile]);
        return parseManifests(out);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** Multi-document YAML as helm prints it; empty documents (disabled templates) are dropped. */
export function parseManifests(text: string): RenderedObject[] {
    return parseAllDocuments(text)
        .map((doc) => doc.toJS() as RenderedObject | null)
        .filter((o): o is RenderedObject => o !== null && typeof o === "object" && typeof o.kind === "string");
}
