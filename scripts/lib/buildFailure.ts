// Why an image build failed, as a person needs it: the Docker provider's error ends with
// BuildKit's last line ("exit code: 1"), not the step that failed nor what it printed. The
// runner keeps each docker.Image's build inputs from the engine's events; when one fails it runs
// the same build once more with plain progress (cached up to the failing step, so it is quick)
// and reports the image, the Dockerfile and line of the failing step, the step's last 30 lines
// of output, and the command that reproduces it alone.
import * as fs from "fs";
import * as path from "path";
import { EngineEvent } from "@pulumi/pulumi/automation";
import { DockerfileParser } from "dockerfile-ast";
import { CommandResult, runCommand } from "../../components/shared/commandRunner";

/** The docker.Image build inputs the engine reported for the resource (paths relative to the project). */
export interface ImageBuild {
    /** The resource's name, e.g. todo-app-images-backend. */
    readonly resource: string;
    readonly imageName: string;
    readonly context: string;
    readonly dockerfile: string;
    readonly target?: string;
    readonly args: Readonly<Record<string, string>>;
    readonly platform?: string;
}

/** A step BuildKit reported as failed: its title (`[build 2/3] RUN npm run build`), its error and output. */
export interface FailedStep {
    readonly title: string;
    readonly error: string;
    readonly output: readonly string[];
}

export const TAIL_LINES = 30;

/** The docker.Image inputs of an engine event's resource, when it is one. */
export function imageBuildOf(type: string, urn: string, inputs: Readonly<Record<string, unknown>> | undefined): ImageBuild | undefined {
    if (type !== "docker:index/image:Image" || inputs === undefined) return undefined;
    const build = (inputs.build ?? {}) as Record<string, unknown>;
    const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
    return {
        resource: urn.split("::").pop() ?? urn,
        imageName: String(inputs.imageName),
        context: text(build.context) ?? ".",
        dockerfile: text(build.dockerfile) ?? "Dockerfile",
        target: text(build.target),
        args: (build.args ?? {}) as Record<string, string>,
        platform: text(build.platform),
    };
}

/** `docker build` of exactly what the program builds, as an argument list. */
export function reproduceArgs(b: ImageBuild): string[] {
    return [
        "build",
        "--progress=plain",
        "-f", b.dockerfile,
        ...(b.target ? ["--target", b.target] : []),
        ...(b.platform ? ["--platform", b.platform] : []),
        ...Object.entries(b.args).flatMap(([k, v]) => ["--build-arg", `${k}=${v}`]),
        "-t", b.imageName,
        b.context,
    ];
}

/** The shell command a person pastes to rebuild it alone (from the project's directory). */
export function reproduceCommand(b: ImageBuild): string {
    const quote = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
    return `DOCKER_BUILDKIT=1 docker ${reproduceArgs(b).map(quote).join(" ")}`;
}

/** The failed step in BuildKit's plain progress output (`#7 [build 2/3] RUN ...`, `#7 0.31 text`, `#7 ERROR: ...`). */
export function failedStep(log: string): FailedStep | undefined {
    const lines = log.split(/\r?\n/);
    const error = lines.map((l) => /^#(\d+) ERROR: (.*)$/.exec(l)).find((m) => m !== null);
    if (!error) return undefined;
    const id = error[1];
    const title = lines.map((l) => new RegExp(`^#${id} (\\[.*)$`).exec(l)).find((m) => m !== null)?.[1] ?? "";
    const output = lines
        .map((l) => new RegExp(`^#${id} \\d+(?:\\.\\d+)? (.*)$`).exec(l)?.[1])
        .filter((l): l is string => l !== undefined);
    return { title, error: error[2], output: output.slice(-TAIL_LINES) };
}

/**
 * The Dockerfile line of a step title such as `[build 2/3] RUN npm run build`: the instruction of
 * that stage (named, or `stage-N` for the N-th unnamed; no name in a one-stage build) whose text
 * is the title's, whitespace and line continuations aside.
 */
export function stepLine(dockerfileText: string, title: string): number | undefined {
    const m = /^\[(?:(\S+) )?\d+\/\d+\] (.*)$/.exec(title.trim());
    if (!m) return undefined;
    const [, stageRef = "stage-0", step] = m;
    // BuildKit prints the step with its backslash escapes resolved: compare without them.
    const flat = (s: string): string => s.replace(/\\/g, "").replace(/\s+/g, " ").trim().toLowerCase();
    let stage = -1;
    let stageName = "";
    for (const i of DockerfileParser.parse(dockerfileText).getInstructions()) {
        if (i.getKeyword() === "FROM") {
            stage++;
            const args = i.getArguments().map((a) => a.getValue());
            stageName = args.length >= 3 && args[args.length - 2].toLowerCase() === "as" ? args[args.length - 1].toLowerCase() : `stage-${stage}`;
            continue;
        }
        const text = flat(`${i.getKeyword()} ${i.getRawArgumentsContent() ?? ""}`.replace(/\\\r?\n/g, " "));
        if (stageName === stageRef.toLowerCase() && (text === flat(step) || text.startsWith(flat(step)))) {
            return i.getInstructionRange().start.line + 1;
        }
    }
    return undefined;
}

/** What the runner prints for a failed build, from the rebuild's result. */
export function explainBuild(b: ImageBuild, rebuilt: CommandResult, dockerfileText: string | undefined): string {
    const reproduce = `Reproduce it alone: ${reproduceCommand(b)}`;
    if (rebuilt.code === 0) {
        return `Image ${b.imageName} (${b.resource}) failed to build, but the same build succeeded when run again: a transient failure (network, disk)? Retry, or ${reproduce}`;
    }
    const step = failedStep(`${rebuilt.stdout}\n${rebuilt.stderr}`);
    if (step === undefined) {
        const tail = `${rebuilt.stdout}\n${rebuilt.stderr}`.trim().split("\n").slice(-TAIL_LINES);
        return [`Image ${b.imageName} (${b.resource}) failed to build (${b.dockerfile}); the build's last lines:`, ...tail.map((l) => `    ${l}`), reproduce].join("\n");
    }
    const line = dockerfileText === undefined ? undefined : stepLine(dockerfileText, step.title);
    const where = line === undefined ? b.dockerfile : `${b.dockerfile}:${line}`;
    const quoted = line === undefined || dockerfileText === undefined ? step.title : dockerfileText.split(/\r?\n/)[line - 1].trim();
    return [
        `Image ${b.imageName} (${b.resource}) failed to build at ${where}: ${quoted}`,
        `  ${step.error}`,
        `  The step's last ${Math.min(TAIL_LINES, step.output.length)} lines of output:`,
        ...step.output.map((l) => `    ${l}`),
        reproduce,
    ].join("\n");
}

/** Paths in the engine's inputs are relative to the project; the rebuild runs there too. */
export function dockerfilePath(projectDir: string, b: ImageBuild): string {
    return path.resolve(projectDir, b.dockerfile);
}

/** Watches an update's engine events for docker.Image builds, and explains the ones that failed. */
export class BuildWatcher {
    private readonly builds = new Map<string, ImageBuild>();
    private readonly failed = new Set<string>();

    readonly onEvent = (e: EngineEvent): void => {
        const meta = e.resourcePreEvent?.metadata;
        const build = meta ? imageBuildOf(meta.type, meta.urn, meta.new?.inputs) : undefined;
        if (meta && build) this.builds.set(meta.urn, build);
        const diag = e.diagnosticEvent;
        if (diag?.severity === "error" && diag.urn !== undefined && this.builds.has(diag.urn)) this.failed.add(diag.urn);
    };

    /** One explanation per failed build; each rebuild is bounded by `timeoutMs`. */
    explain(projectDir: string, timeoutMs = 10 * 60_000): string[] {
        return [...this.failed].map((urn) => {
            const b = this.builds.get(urn)!;
            const rebuilt = runCommand("docker", reproduceArgs(b), { cwd: projectDir, env: { DOCKER_BUILDKIT: "1" }, timeoutMs });
            const file = dockerfilePath(projectDir, b);
            return explainBuild(b, rebuilt, fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined);
        });
    }
}
