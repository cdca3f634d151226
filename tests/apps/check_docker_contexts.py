#!/usr/bin/env python3
"""Check that every COPY source of each Dockerfile is in its build context after the
Dockerfile's own ignore file (docker/<name>.Dockerfile.dockerignore) is applied.

Checked per Dockerfile:
- `COPY <src>...` from the context: each <src> matches at least one file that is sent;
- `COPY --from=<stage> <workdir>/<path>` where <stage> copied the context in (`COPY . .`):
  <path> must be sent too, unless a build step generates it (.next, node_modules).
Standard library only. Prints one PASS/FAIL line per Dockerfile; exit 1 on any FAIL.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Dockerfile -> its build context (as the Pulumi program and the docs build them).
IMAGES = {
    "docker/backend.Dockerfile": "apps/backend",
    "docker/frontend-web.Dockerfile": "apps/frontend-web",
    "docker/frontend-chatbot.Dockerfile": "apps/frontend-chatbot",
}
# Paths a build step creates inside the image rather than taking from the context.
GENERATED = {".next", "node_modules"}


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """dockerignore pattern (Go filepath.Match plus `**`) as a regex over slash paths."""
    out = ""
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
            continue
        if pattern.startswith("**", i):
            out += ".*"
            i += 2
            continue
        if c == "*":
            out += "[^/]*"
        elif c == "?":
            out += "[^/]"
        else:
            out += re.escape(c)
        i += 1
    return re.compile(f"^{out}$")


@dataclass
class IgnoreRules:
    rules: list[tuple[bool, re.Pattern[str]]] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> IgnoreRules:
        rules = []
        if path.exists():
            for raw in path.read_text().splitlines():
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                negate = line.startswith("!")
                pat = os.path.normpath(line.lstrip("!").strip()).lstrip("/")
                rules.append((negate, _pattern_regex(pat)))
        return cls(rules)

    def excluded(self, rel: str) -> bool:
        """Like Docker: a path is excluded if it or any parent matches; the last rule wins."""
        parts = rel.split("/")
        candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        result = False
        for negate, rx in self.rules:
            if any(rx.match(c) for c in candidates):
                result = not negate
        return result


def sent_files(context: Path, rules: IgnoreRules) -> list[str]:
    files = []
    for dirpath, dirnames, filenames in os.walk(context):
        rel_dir = os.path.relpath(dirpath, context)
        rel_dir = "" if rel_dir == "." else rel_dir
        # Prune ignored directories (no negation rules here re-include their contents).
        dirnames[:] = [d for d in dirnames if not rules.excluded(f"{rel_dir}/{d}".lstrip("/"))]
        for name in filenames:
            rel = f"{rel_dir}/{name}".lstrip("/")
            if not rules.excluded(rel):
                files.append(rel)
    return files


def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    out: list[tuple[str, str]] = []
    buf = ""
    for raw in dockerfile.read_text().splitlines():
        line = raw.strip()
        if not buf and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        buf += line
        word, _, rest = buf.partition(" ")
        out.append((word.upper(), rest.strip()))
        buf = ""
    return out


def sources_of(args: str) -> tuple[dict[str, str], list[str]]:
    words = shlex.split(args)
    flags = {}
    while words and words[0].startswith("--"):
        key, _, value = words.pop(0)[2:].partition("=")
        flags[key] = value
    return flags, words[:-1]


def has_match(src: str, files: list[str]) -> bool:
    src = os.path.normpath(src).lstrip("/")
    if src in (".", ""):
        return bool(files)
    return any(f == src or f.startswith(src + "/") or fnmatch.fnmatchcase(f, src) for f in files)


def check(dockerfile_rel: str, context_rel: str) -> list[str]:
    dockerfile = ROOT / dockerfile_rel
    context = ROOT / context_rel
    rules = IgnoreRules.load(dockerfile.with_name(dockerfile.name + ".dockerignore"))
    files = sent_files(context, rules)
    problems = []
    if not dockerfile.with_name(dockerfile.name + ".dockerignore").exists():
        problems.append(f"no ignore file {dockerfile_rel}.dockerignore")
    stage = ""
    workdir: dict[str, str] = {}
    copies_context: set[str] = set()
    for word, args in instructions(dockerfile):
        if word == "FROM":
            parts = args.split()
            stage = parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else parts[0]
            base = parts[0]
            workdir[stage] = workdir.get(base, "/")
            if base in copies_context:
                copies_context.add(stage)
        elif word == "WORKDIR":
            workdir[stage] = os.path.join(workdir.get(stage, "/"), args)
        elif word in ("COPY", "ADD"):
            flags, srcs = sources_of(args)
            src_stage = flags.get("from")
            if src_stage is None:
                for src in srcs:
                    if not has_match(src, files):
                        problems.append(f"COPY source {src!r} is not in context {context_rel} (missing or ignored)")
                    if os.path.normpath(src) == ".":
                        copies_context.add(stage)
            elif src_stage in copies_context:
                wd = workdir.get(src_stage, "/").rstrip("/") + "/"
                for src in srcs:
                    if not src.startswith(wd):
                        continue
                    rel = src[len(wd):].strip("/")
                    if rel.split("/")[0] in GENERATED:
                        continue
                    if not has_match(rel, files):
                        problems.append(
                            f"COPY --from={src_stage} {src}: {rel!r} is not in context {context_rel} (missing or ignored)"
                        )
    for secret in ("node_modules/", ".next/", ".venv/", ".git/", "tests/", ".env"):
        leaked = [f for f in files if f.startswith(secret) or f"/{secret}" in f]
        if leaked:
            problems.append(f"context sends {leaked[0]!r} ({secret} should be ignored)")
    return problems


def main() -> int:
    failed = 0
    for dockerfile, context in IMAGES.items():
        problems = check(dockerfile, context)
        if problems:
            failed += 1
            print(f"FAIL context {dockerfile}: " + "; ".join(problems))
        else:
            print(f"PASS context {dockerfile}: every COPY source is sent from {context}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
