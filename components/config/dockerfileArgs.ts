// Which build args a Dockerfile can receive when built to a given target: the ARGs declared in
// the target stage and in every stage it builds on (FROM <stage>, COPY --from=<stage>, RUN
// --mount=from=<stage>), plus the global ARGs before the first FROM. BuildKit drops any other
// arg with only a warning in its log, so a misnamed one (NEXT_PUBLIC_API_URL where the
// Dockerfile declares VITE_API_URL) would bake the Dockerfile's default into the image.
// Parsed with dockerfile-ast (the parser behind VS Code's Dockerfile language server), which
// knows line continuations, the escape directive and heredocs.
import { Arg, Copy, DockerfileParser, From, Instruction, ModifiableInstruction } from "dockerfile-ast";

/** Args every build accepts without an ARG line (Docker's predefined and BuildKit's own). */
const PREDEFINED = /^(HTTPS?_PROXY|FTP_PROXY|NO_PROXY|ALL_PROXY|(https?|ftp|no|all)_proxy|BUILDKIT_[A-Z_]+|SOURCE_DATE_EPOCH)$/;

interface Stage {
    readonly name?: string;
    readonly args: Set<string>;
    /** Stage names (or images) it reads from. */
    readonly uses: Set<string>;
}

export type DeclaredArgs = { readonly ok: true; readonly args: readonly string[] } | { readonly ok: false; readonly stages: readonly string[] };

/** The args a build of `target` (default: the last stage) can receive, or the stage names when `target` is not one. */
export function declaredBuildArgs(dockerfileText: string, target?: string): DeclaredArgs {
    const dockerfile = DockerfileParser.parse(dockerfileText);
    const globalArgs = dockerfile.getInitialARGs().map((a) => a.getProperty()?.getName()).filter((n): n is string => !!n);
    const stages: Stage[] = [];
    for (const instruction of dockerfile.getInstructions()) {
        if (instruction instanceof From) {
            stages.push({ name: instruction.getBuildStage()?.toLowerCase(), args: new Set(), uses: new Set([String(instruction.getImageName()).toLowerCase()]) });
            continue;
        }
        const stage = stages[stages.length - 1];
        if (stage === undefined) {
            continue;
        }
        if (instruction instanceof Arg) {
            // `ARG A`, `ARG A=default`, `ARG A=1 B=2`.
            instruction.getProperties().forEach((p) => stage.args.add(p.getName()));
        }
        stagesReadBy(instruction).forEach((s) => stage.uses.add(s.toLowerCase()));
    }
    const wanted = target?.toLowerCase();
    const start = wanted === undefined ? stages[stages.length - 1] : stages.find((s) => s.name === wanted);
    if (start === undefined) {
        return { ok: false, stages: stages.map((s) => s.name).filter((n): n is string => !!n) };
    }
    const args = new Set(globalArgs);
    const seen = new Set<Stage>();
    const visit = (stage: Stage): void => {
        if (seen.has(stage)) return;
        seen.add(stage);
        stage.args.forEach((a) => args.add(a));
        for (const used of stage.uses) {
            // A numeric reference (COPY --from=0) names a stage by its index.
            const dep = /^\d+$/.test(used) ? stages[Number(used)] : stages.find((s) => s.name === used && s !== stage);
            if (dep) visit(dep);
        }
    };
    visit(start);
    return { ok: true, args: [...args].sort() };
}

export function isPredefinedArg(name: string): boolean {
    return PREDEFINED.test(name);
}

function stagesReadBy(instruction: Instruction): string[] {
    if (instruction instanceof Copy) {
        const from = instruction.getFromFlag()?.getValue();
        return from ? [from] : [];
    }
    if (instruction instanceof ModifiableInstruction) {
        return instruction
            .getFlags()
            .filter((f) => f.getName() === "mount")
            .flatMap((f) => f.getOptions().filter((o) => o.getName() === "from").map((o) => String(o.getValue())));
    }
    return [];
}
