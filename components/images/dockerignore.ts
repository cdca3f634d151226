// Docker's .dockerignore rules (moby/patternmatcher), enough to decide which files a build
// context sends: `*`, `?`, `**`, `[...]`, `!` exceptions, last match wins, and a pattern
// that matches a directory excludes everything below it.
import * as fs from "fs";
import * as path from "path";

interface Rule {
    readonly negated: boolean;
    readonly regex: RegExp;
    /** Literal leading directories of the pattern, used to decide whether an exception can reach below a directory. */
    readonly literalPrefix: string;
}

export class DockerIgnore {
    private readonly rules: readonly Rule[];
    private readonly hasExceptions: boolean;

    constructor(patterns: readonly string[]) {
        this.rules = patterns.map(toRule).filter((r): r is Rule => r !== undefined);
        this.hasExceptions = this.rules.some((r) => r.negated);
    }

    /** Reads an ignore file; a missing file means "send everything". */
    static fromFile(file: string | undefined): DockerIgnore {
        if (!file || !fs.existsSync(file)) {
            return new DockerIgnore([]);
        }
        return new DockerIgnore(fs.readFileSync(file, "utf8").split(/\r?\n/));
    }

    /** True when `relPath` (forward slashes, relative to the context) is left out of the context. */
    isExcluded(relPath: string): boolean {
        const parents = parentPaths(relPath);
        let excluded = false;
        for (const rule of this.rules) {
            if (rule.negated === excluded && parents.some((p) => rule.regex.test(p))) {
                excluded = !rule.negated;
            }
        }
        return excluded;
    }

    /**
     * True when nothing below the excluded directory `relDir` can be re-included by an
     * exception, so a walker may skip it without reading it (node_modules, .git, ...).
     */
    canSkipDirectory(relDir: string): boolean {
        if (!this.isExcluded(relDir)) {
            return false;
        }
        if (!this.hasExceptions) {
            return true;
        }
        const dir = relDir + "/";
        return !this.rules.some(
            (r) => r.negated && (r.literalPrefix.startsWith(dir) || dir.startsWith(r.literalPrefix)),
        );
    }
}

/** "a/b/c" -> ["a", "a/b", "a/b/c"]: a pattern matching any ancestor excludes the path. */
function parentPaths(relPath: string): string[] {
    const parts = relPath.split("/");
    return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

function toRule(line: string): Rule | undefined {
    let pattern = line.trim();
    if (pattern === "" || pattern.startsWith("#")) {
        return undefined;
    }
    const negated = pattern.startsWith("!");
    if (negated) {
        pattern = pattern.slice(1).trim();
    }
    pattern = path.posix.normalize(pattern).replace(/^\/+/, "").replace(/\/+$/, "");
    if (pattern === "" || pattern === ".") {
        return undefined;
    }
    const firstWildcard = pattern.search(/[*?[\\]/);
    const literal = firstWildcard === -1 ? pattern + "/" : pattern.slice(0, firstWildcard);
    return {
        negated,
        regex: new RegExp("^" + patternToRegex(pattern) + "$"),
        literalPrefix: literal.slice(0, literal.lastIndexOf("/") + 1),
    };
}

function patternToRegex(pattern: string): string {
    let out = "";
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === "*" && pattern[i + 1] === "*") {
            // `**/` matches zero or more directories; a trailing `**` matches everything below.
            if (pattern[i + 2] === "/") {
                out += "(?:.*/)?";
                i += 2;
            } else {
                out += ".*";
                i += 1;
            }
        } else if (c === "*") {
            out += "[^/]*";
        } else if (c === "?") {
            out += "[^/]";
        } else if (c === "[") {
            const end = pattern.indexOf("]", i + 1);
            if (end === -1) {
                out += "\\[";
            } else {
                out += "[" + pattern.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\") + "]";
                i = end;
            }
        } else if (c === "\\" && i + 1 < pattern.length) {
            out += escapeRegex(pattern[++i]);
        } else {
            out += escapeRegex(c);
        }
    }
    return out;
}

function escapeRegex(c: string): string {
    return c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
