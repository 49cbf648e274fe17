#!/usr/bin/env python3
"""A strict checker of KTAP version 1 (Documentation/dev-tools/ktap.rst).

Usage: ktap_check.py FILE  -> prints one line per test, "PATH RESULT [DIRECTIVE[: REASON]]",
exits 1 naming the line on the first departure from the format.

Lines before the first top-level "KTAP version 1" are ignored (what a
program printed before its results). From there on every line must be a
version line, a plan, a result line or a "#" diagnostic line, indented
two spaces per nesting level; numbers count from 1 and match the plan; a
parent fails when one of its subtests failed (not skipped).
"""
import re
import sys

RESULT = re.compile(r'^(ok|not ok) ([0-9]+)(?: ([^#]*?))?(?: # (.*))?$')
PLAN = re.compile(r'^1\.\.([0-9]+)$')


class Bad(Exception):
    pass


def split(line):
    body = line.rstrip('\n')
    stripped = body.lstrip(' ')
    pad = len(body) - len(stripped)
    return pad, stripped


def parse_level(lines, i, depth, path, out):
    """Parses the tests of one level starting at its version line; returns
    (next index, failed?) after the level's last result line."""
    pad, text = split(lines[i][1])
    if pad != 2 * depth or text != 'KTAP version 1':
        raise Bad('%d: want "KTAP version 1" indented %d' % (lines[i][0], 2 * depth))
    i += 1
    plan = None
    num = 0
    failed = False
    while i < len(lines):
        no, raw = lines[i]
        pad, text = split(raw)
        if text.startswith('#') and pad >= 2 * depth:
            i += 1
            continue
        if pad < 2 * depth:
            break                      # the parent's result line
        if pad != 2 * depth:
            if pad == 2 * depth + 2 and text == 'KTAP version 1':
                i, sub_failed = parse_level(lines, i, depth + 1, None, out)
                if i >= len(lines):
                    raise Bad('end of text: a subtest has no result line')
                # the subtest's own result line follows at this level
                no, raw = lines[i]
                pad, text = split(raw)
                m = RESULT.match(text)
                if pad != 2 * depth or not m:
                    raise Bad('%d: want the result line of the subtest' % no)
                num = check_result(m, no, num, plan)
                res, directive = m.group(1), m.group(4) or ''
                name = (m.group(3) or '').strip()
                if sub_failed and res == 'ok' and not directive.startswith('SKIP'):
                    raise Bad('%d: "%s" is ok but a subtest failed' % (no, name))
                record(out, path, name, res, directive)
                failed |= res == 'not ok' and not directive.startswith('SKIP')
                # results of the subtest were recorded without a parent name: fix them
                fix_parent(out, name)
                i += 1
                continue
            raise Bad('%d: indented %d, want %d' % (no, pad, 2 * depth))
        m_plan = PLAN.match(text)
        if m_plan:
            if plan is not None or num:
                raise Bad('%d: a plan after tests or a second plan' % no)
            plan = int(m_plan.group(1))
            i += 1
            continue
        m = RESULT.match(text)
        if not m:
            raise Bad('%d: not a KTAP line: %r' % (no, text))
        num = check_result(m, no, num, plan)
        res, directive = m.group(1), m.group(4) or ''
        record(out, path, (m.group(3) or '').strip(), res, directive)
        failed |= res == 'not ok' and not directive.startswith('SKIP')
        i += 1
    if plan is not None and num != plan:
        raise Bad('plan 1..%d but %d tests at depth %d' % (plan, num, depth))
    return i, failed


def check_result(m, no, num, plan):
    n = int(m.group(2))
    if n != num + 1:
        raise Bad('%d: test number %d, want %d' % (no, n, num + 1))
    if plan is not None and n > plan:
        raise Bad('%d: test %d past the plan 1..%d' % (no, n, plan))
    if not (m.group(3) or '').strip():
        raise Bad('%d: a test without a name' % no)
    directive = m.group(4) or ''
    if directive and directive.split(' ')[0] not in ('SKIP', 'ERROR', 'TIMEOUT', 'XFAIL'):
        raise Bad('%d: unknown directive %r' % (no, directive.split(' ')[0]))
    if directive.startswith(('ERROR', 'TIMEOUT')) and m.group(1) == 'ok':
        raise Bad('%d: %s wants "not ok"' % (no, directive.split(' ')[0]))
    return n


PENDING = '\0'


def record(out, path, name, res, directive):
    full = (path + '.' if path else '') + name if path is not None else PENDING + name
    out.append([full, res, directive])


def fix_parent(out, parent):
    for t in out:
        if t[0].startswith(PENDING):
            t[0] = parent + '.' + t[0][1:]


def main():
    text = open(sys.argv[1]).read().splitlines()
    lines = list(enumerate(text, 1))
    start = next((k for k, (_, l) in enumerate(lines) if l == 'KTAP version 1'), None)
    if start is None:
        print('%s: no "KTAP version 1" line' % sys.argv[1])
        return 1
    out = []
    try:
        i, _ = parse_level(lines, start, 0, '', out)
        if i != len(lines):
            raise Bad('%d: text after the last top-level result' % lines[i][0])
    except Bad as e:
        print('%s:%s' % (sys.argv[1], e))
        return 1
    for name, res, directive in out:
        print(name, res.replace(' ', '_'), directive)
    return 0


if __name__ == '__main__':
    sys.exit(main())
