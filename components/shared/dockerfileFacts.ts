// What a Dockerfile declares, read the way BuildKit reads it: its stages (name, base image, line),
// and for each target the build args a build of it accepts, its final USER and its EXPOSEd ports.
// Every check that reads a Dockerfile (declared build args, targets, the build-context test) goes
// through here, so there is one reading of each form. Parsed with dockerfile-ast (the parser behind
// VS Code's Dockerfile language server: line continuations, the escape directive, heredocs);
// flags are read by name from getFlags(), never by position: its getFromFlag() answers only when
// --from is the instruction's one flag, so `COPY --from=builder --chown=...` looked like a copy
// from the context (issue 30). tests/fixtures/dockerfiles holds the corpus this is checked
// against, with expectations printed by BuildKit's own parser (tests/tools/dockerfile-facts).
import { Arg, DockerfileParser, Env, From, Instruction, ModifiableInstruction, Onbuild, User } from "dockerfile-ast";

export interface DockerfileStage {
    /** Stage name, lowercased as BuildKit does; null for an unnamed stage. */
    readonly name: string | null;
    /** The base image or stage as written, with the global ARGs' defaults expanded. */
    readonly base: string;
    /** 1-based line of the FROM keyword. */
    readonly line: number;
}

export interface TargetFacts {
    /** Build args a build of this target receives (no "unused build arg" warning), sorted. */
    readonly args: readonly string[];
    /** The image's USER (own, else inherited through FROM <stage>), or null. */
    readonly user: string | null;
    /** EXPOSEd ports as `port/proto`, sorted. */
    readonly ports: readonly string[];
}

export interface DockerfileFacts {
    readonly stages: readonly DockerfileStage[];
    /** One entry per named stage, plus "" for the default build (the last stage). */
    readonly targets: Readonly<Record<string, TargetFacts>>;
}

/** One stage while reading: what it declares, and which stages (or images) it reads from. */
interface StageReading extends DockerfileStage {
    readonly args: Set<string>;
    /** References to other stages: its FROM base, COPY --from, RUN --mount=from. */
    readonly reads: string[];
    /** ARG and ENV values in scope, for expanding USER and EXPOSE (inherited through FROM <stage>). */
    readonly vars: Map<string, string>;
    user: string | null;
    readonly ports: Set<string>;
    /** ONBUILD triggers: BuildKit runs them at the start of each stage built FROM this one. */
    readonly triggers: Instruction[];
}

export function dockerfileFacts(text: string): DockerfileFacts {
    const dockerfile = DockerfileParser.parse(text);
    const escape = dockerfile.getEscapeCharacter();
    const declared = dockerfile.getInitialARGs().flatMap((a) => argsOf(a, new Map(), escape));
    const globals = new Map(declared.filter((d): d is [string, string] => d[1] !== undefined));
    const globalNames = declared.map(([name]) => name);
    const stages = readStages(dockerfile.getInstructions(), globals, escape);
    const targets: Record<string, TargetFacts> = {};
    const last = stages[stages.length - 1];
    if (last !== undefined) {
        targets[""] = targetFacts(stages, last, globalNames);
    }
    for (const stage of stages) {
        if (stage.name !== null) {
            targets[stage.name] = targetFacts(stages, stage, globalNames);
        }
    }
    return { stages: stages.map(({ name, base, line }) => ({ name, base, line })), targets };
}

/** The stage a target names (case-insensitive, as BuildKit matches), or the last one. */
export function findTarget(facts: DockerfileFacts, target: string | undefined): TargetFacts | undefined {
    return facts.targets[target === undefined ? "" : target.toLowerCase()];
}

function readStages(instructions: readonly Instruction[], globals: ReadonlyMap<string, string>, escape: string): StageReading[] {
    const stages: StageReading[] = [];
    for (const instruction of instructions) {
        if (instruction instanceof From) {
            const base = expand(instruction.getArguments()[0]?.getValue() ?? "", globals, escape);
            // FROM matches stage names as written (BuildKit lowercases the names, not the reference).
            const parent = stages.find((s) => s.name === base);
            const stage: StageReading = {
                name: instruction.getBuildStage()?.toLowerCase() ?? null,
                base,
                line: instruction.getInstructionRange().start.line + 1,
                args: new Set(),
                reads: [base],
                vars: new Map(parent?.vars),
                user: parent?.user ?? null,
                ports: new Set(parent?.ports),
                triggers: [],
            };
            stages.push(stage);
            parent?.triggers.forEach((t) => apply(stage, t, globals, escape));
        } else if (stages.length > 0) {
            apply(stages[stages.length - 1], instruction, globals, escape);
        }
    }
    return stages;
}

/** What one instruction changes in a stage's reading. */
function apply(stage: StageReading, instruction: Instruction, globals: ReadonlyMap<string, string>, escape: string): void {
    const words = (): string[] => instruction.getArguments().map((a) => expand(a.getValue(), stage.vars, escape));
    if (instruction instanceof Onbuild) {
        const trigger = instruction.getTriggerInstruction();
        if (trigger) stage.triggers.push(trigger);
    } else if (instruction instanceof Arg) {
        for (const [name, value] of argsOf(instruction, stage.vars, escape)) {
            stage.args.add(name);
            // An ARG without a default takes the global ARG's (or an inherited) value.
            const known = value ?? globals.get(name) ?? stage.vars.get(name);
            if (known !== undefined) stage.vars.set(name, known);
        }
    } else if (instruction instanceof Env) {
        instruction.getProperties().forEach((p) => stage.vars.set(p.getName(), expand(p.getValue() ?? "", stage.vars, escape)));
    } else if (instruction instanceof User) {
        stage.user = words()[0] ?? null;
    } else if (instruction.getKeyword() === "EXPOSE") {
        words().forEach((p) => stage.ports.add(normalizePort(p)));
    }
    stage.reads.push(...stagesReadBy(instruction));
}

/**
 * The names and defaults an ARG declares. `ARG A=1 B=2` and `ARG A B` declare two each;
 * dockerfile-ast reads the second like ENV's legacy `ENV A B` (A with the value B), so a value
 * whose name has no `=` in the text is a list of further names.
 */
function argsOf(arg: Arg, vars: ReadonlyMap<string, string>, escape: string): Array<[string, string | undefined]> {
    const tokens = arg.getArguments().map((a) => a.getValue());
    return arg.getProperties().flatMap((p): Array<[string, string | undefined]> => {
        const value = p.getValue();
        if (value !== null && !tokens.some((t) => t.startsWith(`${p.getName()}=`))) {
            return [p.getName(), ...value.split(/\s+/)].map((n): [string, undefined] => [n, undefined]);
        }
        return [[p.getName(), value === null ? undefined : expand(value, vars, escape)]];
    });
}

/** The facts of building `start`: its args and those of every stage it reads; USER and ports were inherited while reading. */
function targetFacts(stages: readonly StageReading[], start: StageReading, globals: readonly string[]): TargetFacts {
    const args = new Set(globals);
    const seen = new Set<StageReading>();
    const visit = (stage: StageReading): void => {
        if (seen.has(stage)) return;
        seen.add(stage);
        stage.args.forEach((a) => args.add(a));
        const earlier = stages.slice(0, stages.indexOf(stage));
        stage.reads.forEach((ref, i) => {
            // COPY --from=0 names a stage by index; FROM and RUN --mount=from never do.
            const dep = i > 0 && /^\d+$/.test(ref) ? stages[Number(ref)] : [...earlier].reverse().find((s) => s.name === ref.toLowerCase() && (i > 0 || s.name === ref));
            if (dep) visit(dep);
        });
    };
    visit(start);
    return { args: [...args].sort(), user: start.user, ports: [...start.ports].sort() };
}

/** The flag (COPY --from) and --mount option (RUN --mount=from=) that name a stage or image to read. */
const FROM_FLAG = "from";

/** Stages an instruction reads, by its flags' names: `--from=X` (COPY, ADD) and `--mount=...,from=X` (RUN). */
function stagesReadBy(instruction: Instruction): string[] {
    if (!(instruction instanceof ModifiableInstruction)) {
        return [];
    }
    return instruction.getFlags().flatMap((flag) => {
        if (flag.getName().toLowerCase() === FROM_FLAG) {
            return [String(flag.getValue())];
        }
        if (flag.getName().toLowerCase() === "mount") {
            // A number here names an image, not a stage: marked so it never matches an index.
            return flag.getOptions().filter((o) => o.getName() === FROM_FLAG).map((o) => `${String(o.getValue())}${/^\d+$/.test(String(o.getValue())) ? ":image" : ""}`);
        }
        return [];
    });
}

/**
 * Substitutes `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alternative}` from `vars`, as
 * BuildKit's shell lexer does for FROM, USER and EXPOSE; an escaped `$` stays literal.
 */
function expand(word: string, vars: ReadonlyMap<string, string>, escape: string): string {
    const esc = escape.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
    const pattern = new RegExp(`${esc}\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\\}|\\$([A-Za-z_][A-Za-z0-9_]*)`, "g");
    return word.replace(pattern, (match: string, braced?: string, op?: string, operand?: string, bare?: string) => {
        if (braced === undefined && bare === undefined) return "$"; // escaped
        const value = vars.get((braced ?? bare)!);
        const set = value !== undefined && (op?.startsWith(":") !== true || value !== "");
        if (op?.endsWith("-")) return set ? value! : expand(operand ?? "", vars, escape);
        if (op?.endsWith("+")) return set ? expand(operand ?? "", vars, escape) : "";
        return value ?? "";
    });
}

/** `3000` → `3000/tcp`, `53/UDP` → `53/udp`, as Docker records EXPOSE. */
function normalizePort(port: string): string {
    const [number, proto] = port.split("/");
    return `${number}/${(proto ?? "tcp").toLowerCase()}`;
}

