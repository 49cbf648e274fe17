#!/bin/bash
# The walls of cmake/walls.cmake hold in the built libraries: every symbol
# a library leaves undefined is defined in itself, in a library it links
# (directly or through its links), or outside the project (libc, liburing,
# json-c, ...). And no source includes across folders with "../": headers
# are found through the include paths of the libraries a target links.
BIN=$1 SRC=$2
BUILD=$(dirname "$BIN")
fail() { echo "FAIL: $*"; exit 1; }
command -v nm >/dev/null || { echo "skipped: nm (binutils) is not installed"; exit 77; }
ls "$BUILD"/libsf_*.a >/dev/null 2>&1 || { echo "skipped: no libsf_*.a next to $BIN"; exit 77; }

bad=$(grep -rnE '#include "\.\./' "$SRC/src" --include='*.[ch]' || true)
[ -z "$bad" ] || fail "includes across folders:
$bad"

python3 - "$SRC/cmake/walls.cmake" "$BUILD" <<'EOF' || exit 1
import re, subprocess, sys

walls, build = sys.argv[1], sys.argv[2]
deps = {}
for m in re.finditer(r'^\s*sf_lib\((\w+)\s+\S+((?:\s+[\w:${}]+)*)\)', open(walls).read(), re.M):
    deps[m.group(1)] = [d for d in m.group(2).split() if not re.search(r'[:$]', d)]
# the backend interface: what every backend may see
deps['backend_api'] = ['exec', 'seq', 'base']
# system libraries (m, numa) are not walls
deps = {l: [d for d in ds if d in deps] for l, ds in deps.items()}

def closure(lib, seen=None):
    seen = seen if seen is not None else set()
    for d in deps.get(lib, []):
        if d not in seen:
            seen.add(d)
            closure(d, seen)
    return seen

def symbols(lib, flag):
    out = subprocess.run(['nm', flag, '--defined-only' if flag == '-g' else flag,
                          '%s/libsf_%s.a' % (build, lib)], capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and (flag == '-u' or parts[-2] in 'TDBRVW'):
            names.add(parts[-1])
    return names

libs = [l for l in deps if l != 'backend_api']
defined = {l: symbols(l, '-g') for l in libs}
owner = {}
for l, names in defined.items():
    for n in names:
        owner.setdefault(n, l)
errors = 0
for l in libs:
    allowed = closure(l) | {l}
    for n in sorted(symbols(l, '-u')):
        o = owner.get(n)
        if o and o not in allowed:
            print('wall broken: libsf_%s.a uses %s of libsf_%s.a (it may use: %s)'
                  % (l, n, o, ' '.join(sorted(allowed - {l})) or 'nothing'))
            errors += 1
print('%d libraries, %d project symbols, %d crossings of a wall' % (len(libs), len(owner), errors))
sys.exit(1 if errors else 0)
EOF
echo PASS
