#!/usr/bin/env bash
# Every relative link in the user-facing Markdown (README.md, docs/*.md,
# results/README.md, fuzz/README.md) resolves to a file or folder inside
# the clone, and an anchor on a Markdown file names one of its headings.
# A path that leaves the clone (../shared/...) is broken for anyone who
# cloned it, even written as `code`. Failures name file:line.
# Usage: docs_links.sh [svafuzz-binary (unused)] [source-dir]
set -u
SRC=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
exec python3 - "$SRC" <<'PY'
import os, re, sys

root = os.path.realpath(sys.argv[1])
files = ["README.md", "results/README.md", "fuzz/README.md"]
files += sorted("docs/" + f for f in os.listdir(os.path.join(root, "docs")) if f.endswith(".md"))

LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$")
CODE = re.compile(r"`([^`]+)`")
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)

def slug(heading):
    """The anchor a Markdown renderer (GitHub's rules) gives a heading."""
    h = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", heading)
    h = re.sub(r"[^\w\- ]", "", h.strip().lower())
    return h.replace(" ", "-")

def anchors(path, cache={}):
    if path not in cache:
        seen, out, fence = {}, set(), False
        for line in open(path, encoding="utf-8"):
            if line.lstrip().startswith("```"):
                fence = not fence
            m = None if fence else re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
            if m:
                s = slug(m.group(1))
                n = seen.get(s, 0)
                seen[s] = n + 1
                out.add(s if n == 0 else "%s-%d" % (s, n))
        cache[path] = out
    return cache[path]

def check(src, lineno, target, errors):
    if EXTERNAL.match(target):
        return
    path, _, frag = target.partition("#")
    here = os.path.dirname(os.path.join(root, src))
    dest = os.path.realpath(os.path.join(here, path)) if path else os.path.join(root, src)
    where = "%s:%d" % (src, lineno)
    if dest != root and not dest.startswith(root + os.sep):
        errors.append("%s: %s leaves the repository" % (where, target))
    elif not os.path.exists(dest):
        errors.append("%s: %s does not exist" % (where, target))
    elif frag and dest.endswith(".md") and frag.lower() not in anchors(dest):
        errors.append("%s: %s: no heading '#%s' in %s" % (where, target, frag, os.path.relpath(dest, root)))

errors, nlinks = [], 0
for src in files:
    full = os.path.join(root, src)
    if not os.path.exists(full):
        errors.append("%s: missing (the docs index expects it)" % src)
        continue
    fence = False
    for lineno, line in enumerate(open(full, encoding="utf-8"), 1):
        if line.lstrip().startswith("```"):
            fence = not fence
            continue
        if fence:
            continue
        prose = CODE.sub("", line)
        targets = [m.group(1) for m in LINK.finditer(prose)]
        m = REFDEF.match(prose)
        if m:
            targets.append(m.group(1))
        # a path written as code that climbs out of its folder is a pointer too
        targets += [c for c in CODE.findall(line) if re.match(r"^\.\./[\w./-]+$", c)]
        for t in targets:
            nlinks += 1
            check(src, lineno, t, errors)

for e in errors:
    print(e)
if errors:
    sys.exit(1)
print("ok (%d links in %d files)" % (nlinks, len(files)))
PY
