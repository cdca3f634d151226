// Which build args a Dockerfile can receive when built to a given target (see
// components/shared/dockerfileFacts.ts: the target stage's ARGs, those of every stage it builds on,
// and the global ARGs). BuildKit drops any other arg with only a warning in its log, so a misnamed
// one (NEXT_PUBLIC_API_URL where the Dockerfile declares VITE_API_URL) would bake the Dockerfile's
// default into the image.
import { DockerfileStage, dockerfileFacts, findTarget } from "../shared/dockerfileFacts";

/** Args every build accepts without an ARG line (Docker's predefined and BuildKit's own). */
const PREDEFINED = /^(HTTPS?_PROXY|FTP_PROXY|NO_PROXY|ALL_PROXY|(https?|ftp|no|all)_proxy|BUILDKIT_[A-Z_]+|SOURCE_DATE_EPOCH)$/;

export type DeclaredArgs =
    | { readonly ok: true; readonly args: readonly string[]; /** The stage built, to quote in a refusal. */ readonly stage: DockerfileStage & { readonly text: string } }
    | { readonly ok: false; readonly stages: readonly string[] };

/** The args a build of `target` (default: the last stage) can receive, or the stage names when `target` is not one. */
export function declaredBuildArgs(dockerfileText: string, target?: string): DeclaredArgs {
    const facts = dockerfileFacts(dockerfileText);
    const built = findTarget(facts, target);
    const stage = target === undefined ? facts.stages[facts.stages.length - 1] : facts.stages.find((s) => s.name === target.toLowerCase());
    if (built === undefined || stage === undefined) {
        return { ok: false, stages: facts.stages.map((s) => s.name).filter((n): n is string => n !== null) };
    }
    return { ok: true, args: built.args, stage: { ...stage, text: dockerfileText.split(/\r?\n/)[stage.line - 1].trim() } };
}

export function isPredefinedArg(name: string): boolean {
    return PREDEFINED.test(name);
}
