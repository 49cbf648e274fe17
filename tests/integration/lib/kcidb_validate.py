#!/usr/bin/env python3
"""Validates KCIDB JSON against the published schema kept in the tree.

Usage: kcidb_validate.py SCHEMA FILE -> exit 0 valid, 1 with the errors.
Draft-07 with format checks: "uri" through python3-rfc3987; "date-time"
has no checker in Debian 12's python3-jsonschema, so RFC 3339 is checked
here (a value like "2026-12-07 05:55" would otherwise pass).
"""
import json
import re
import sys

import jsonschema

RFC3339 = re.compile(r'^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$')

checker = jsonschema.FormatChecker()


@checker.checks('date-time')
def date_time(value):
    return not isinstance(value, str) or bool(RFC3339.match(value))


def main():
    schema = json.load(open(sys.argv[1]))
    data = json.load(open(sys.argv[2]))
    if 'uri' not in checker.checkers:
        print('python3-rfc3987 is missing: URLs would not be checked')
        return 1
    v = jsonschema.Draft7Validator(schema, format_checker=checker)
    errors = sorted(v.iter_errors(data), key=lambda e: list(e.absolute_path))
    for e in errors[:10]:
        print('%s: %s' % ('/'.join(str(p) for p in e.absolute_path), e.message[:300]))
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
