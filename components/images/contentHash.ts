// Content-addressed image tags: the tag changes exactly when the Dockerfile, a file the
// ignore rules admit into the build context, the target or a build arg changes.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { DockerIgnore } from "./dockerignore";

export interface BuildInputs {
    /** Build context directory. */
    readonly context: string;
    /** Dockerfile path. */
    readonly dockerfile: string;
    /** Target stage, if any. */
    readonly target?: string;
    /** Non-secret build args, already resolved to strings. */
    readonly args?: Readonly<Record<string, string>>;
    /** Target platform (linux/amd64): the same sources give different bytes per platform. */
    readonly platform?: string;
}

export interface ContextDigest {
    /** sha256 hex over the admitted files' paths, modes and contents. */
    readonly digest: string;
    readonly filesHashed: number;
    /** Entries left out: excluded files plus everything under directories never descended into. */
    readonly filesSkipped: number;
    readonly directoriesSkipped: number;
}

/**
 * The ignore file BuildKit applies: `<Dockerfile>.dockerignore` next to the Dockerfile wins
 * over `<context>/.dockerignore`.
 */
export function ignoreFileFor(dockerfile: string, context: string): string | undefined {
    const candidates = [`${dockerfile}.dockerignore`, path.join(context, ".dockerignore")];
    return candidates.find((f) => fs.existsSync(f));
}

/** Hashes the files of `context` that `ignore` admits, without descending into skipped directories. */
export function hashContext(context: string, ignore: DockerIgnore): ContextDigest {
    const hash = crypto.createHash("sha256");
    let filesHashed = 0;
    let filesSkipped = 0;
    let directoriesSkipped = 0;

    const walk = (relDir: string): void => {
        const abs = path.join(context, relDir);
        const entries = fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
        for (const entry of entries) {
            const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
            if (entry.isDirectory()) {
                if (ignore.canSkipDirectory(rel)) {
                    directoriesSkipped++;
                    continue;
                }
                walk(rel);
            } else if (ignore.isExcluded(rel)) {
                filesSkipped++;
            } else {
                const full = path.join(abs, entry.name);
                const body = entry.isSymbolicLink() ? Buffer.from(`symlink:${fs.readlinkSync(full)}`) : fs.readFileSync(full);
                const executable = entry.isSymbolicLink() ? false : (fs.statSync(full).mode & 0o111) !== 0;
                // Length-prefixed fields so that no two different trees produce the same byte stream.
                hash.update(`${rel.length}:${rel}:${executable ? "x" : "-"}:${body.length}:`);
                hash.update(body);
                filesHashed++;
            }
        }
    };
    walk("");
    return { digest: hash.digest("hex"), filesHashed, filesSkipped, directoriesSkipped };
}

/** The content tag of one image build: 16 hex characters of sha256. Never `latest`. */
export function contentTag(inputs: BuildInputs): string {
    if (!fs.existsSync(inputs.dockerfile)) {
        throw new Error(`Dockerfile ${inputs.dockerfile} does not exist`);
    }
    const ignore = DockerIgnore.fromFile(ignoreFileFor(inputs.dockerfile, inputs.context));
    const context = hashContext(inputs.context, ignore);
    const args = Object.entries(inputs.args ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
    const hash = crypto.createHash("sha256");
    // The platform joins the hash only when set, so existing tags stay as they are.
    const platform = inputs.platform ? { platform: inputs.platform } : {};
    hash.update(JSON.stringify({ dockerfile: fs.readFileSync(inputs.dockerfile, "utf8"), target: inputs.target ?? "", args, ...platform }));
    hash.update(context.digest);
    return hash.digest("hex").slice(0, 16);
}

/** A content hash of a whole directory (the Helm chart), so an edited template changes the Release inputs. */
export function hashDirectory(dir: string): string {
    return hashContext(dir, DockerIgnore.fromFile(path.join(dir, ".helmignore"))).digest.slice(0, 16);
}

/**
 * @pulumi/docker's Image tars the context itself and reads its ignore rules from
 * `<context>/<Dockerfile name>.dockerignore`, not from next to the Dockerfile as BuildKit
 * does. When the two differ, the provider sends files the tag does not cover (a slower
 * build, never a different image: COPY only sees what the Dockerfile names). Returns the
 * advice to give, or undefined when both read the same rules.
 */
export function providerIgnoreAdvice(dockerfile: string, context: string): string | undefined {
    const buildkit = ignoreFileFor(dockerfile, context);
    const provider = path.join(context, `${path.basename(dockerfile)}.dockerignore`);
    const read = (f: string | undefined): string | undefined => (f && fs.existsSync(f) ? fs.readFileSync(f, "utf8") : undefined);
    if (buildkit === undefined || read(buildkit) === read(provider)) {
        return undefined;
    }
    return (
        `${provider} is missing or differs from ${buildkit}: @pulumi/docker reads the former, BuildKit the latter, ` +
        `so the provider would send more of the build context than the image needs. ` +
        `Fix: ln -s ${path.relative(context, buildkit)} ${provider}`
    );
}
