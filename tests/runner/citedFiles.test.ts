// Comments that cite a file of this project must cite one that exists: a file moved or deleted
// leaves its old name in the comments that explained it (issue 35). Every comment of the
// project's code, scripts and config is read; a cited name counts when some tracked file has
// that path (from the project root, from the citing file's folder, or as its tail).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runOrThrow } from "../../components/shared/commandRunner";
import { PROJECT_ROOT } from "../program/harness";

/** A path-like name with an extension of the kinds this project keeps. */
const CITED = /(?<![\w<>{}$*.-])(?:[\w.-]+\/)*[\w-]+(?:\.[\w-]+)*\.(?:ts|sh|md|ya?ml|json|py|toml|tpl)(?![\w/])/g;
/**
 * Files outside this repository that comments cite on purpose, by prefix: pulumi-policy-aws,
 * docker-library/repo-info, this machine's shared folder (absent from a scratch clone), and the
 * files of other tools the prod stage and the registry check name (containerd's, Docker's).
 */
const ELSEWHERE = ["src/tests/util.ts", "repos/", "../shared/", "hosts.toml", ".docker/config.json"];

function tracked(): string[] {
    return runOrThrow("git", ["-C", PROJECT_ROOT, "ls-files"]).split("\n").filter((f) => f !== "" && fs.existsSync(path.join(PROJECT_ROOT, f)));
}

/** The comment text of one file, line by line (line comments, block comments, shell and YAML `#`). */
function commentLines(file: string, text: string): Array<{ line: number; text: string }> {
    const hash = /\.(sh|ya?ml|py|toml)$|(^|\/)run$/.test(file);
    return text.split("\n").flatMap((raw, i) => {
        const t = raw.trim();
        if (hash) return t.startsWith("#") ? [{ line: i + 1, text: t }] : [];
        if (t.startsWith("//") || t.startsWith("*") || t.startsWith("/*")) return [{ line: i + 1, text: t }];
        const trailing = raw.indexOf(" // ");
        return trailing > 0 ? [{ line: i + 1, text: raw.slice(trailing) }] : [];
    });
}

describe("file names cited in comments", () => {
    it("every one names a file that exists", () => {
        const files = tracked();
        const exists = (cited: string, from: string): boolean =>
            ELSEWHERE.some((prefix) => cited.startsWith(prefix)) ||
            fs.existsSync(path.join(PROJECT_ROOT, cited)) ||
            fs.existsSync(path.join(PROJECT_ROOT, path.dirname(from), cited)) ||
            files.some((f) => f === cited || f.endsWith(`/${cited}`));
        const code = files.filter((f) => /\.(ts|sh|ya?ml)$|^\.ci\/run$/.test(f) && !f.startsWith("apps/") && !f.includes("/fixtures/") && !f.startsWith("tests/fixtures"));
        const stale = code.flatMap((file) =>
            commentLines(file, fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8")).flatMap(({ line, text }) =>
                [...text.matchAll(CITED)].map((m) => m[0]).filter((cited) => !exists(cited, file)).map((cited) => `${file}:${line}: ${cited}`),
            ),
        );
        assert.deepStrictEqual(stale, []);
    });
});
