#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A sales person's or reviewer's Probity runs on a team server only the
# statements `db init` registered (schema-v16.sql): those marked PB_SQL ()
# and those the code that builds them lists (pb-db-statements.c). A
# literal given to the store's statement functions unmarked would be
# refused to them on a server ("not registered"): every one must be
# marked. A statement built at run time (a variable) is the builder's to
# list, which the PostgreSQL suites, run as sales people and reviewers,
# check.
#   check-statements.py SOURCE-ROOT
import glob
import re
import sys

root = sys.argv[1]
# The functions whose second argument is a statement.
FUNCTIONS = ['pb_db_prepare_cached', 'pb_db_prepare', 'pb_db_run',
             '_pb_case_store_read_case_row', '_pb_case_store_query_row', 'count_rows']
CALL = re.compile(r'\b(' + '|'.join(FUNCTIONS) + r')\s*\(')


def arguments(text, start):
    """The arguments of the call whose '(' is at @start, as (begin, end)."""
    depth, begin, i, found = 0, start + 1, start, []
    while i < len(text):
        c = text[i]
        if c in '"\'':
            i += 1
            while text[i] != c:
                i += 2 if text[i] == '\\' else 1
        elif c in '([{':
            depth += 1
        elif c in ')]}':
            depth -= 1
            if depth == 0:
                found.append((begin, i))
                return found
        elif c == ',' and depth == 1:
            found.append((begin, i))
            begin = i + 1
        i += 1
    return found


def unmarked_literals(argument):
    """The string literals of @argument outside PB_SQL (...)."""
    argument = re.sub(r'PB_SQL\s*\((?:[^()"]|"(?:[^"\\]|\\.)*"|\([^()]*\))*\)', '', argument)
    return re.findall(r'"(?:[^"\\]|\\.)*"', argument)


status = 0
for path in sorted(glob.glob(root + '/app/storage/*.c')):
    if re.search(r'/pb-db(-[a-z]+)?\.c$|/pb-server-admin\.c$', path):
        continue
    text = open(path, encoding='utf-8').read()
    for call in CALL.finditer(text):
        args = arguments(text, call.end() - 1)
        if len(args) < 2:
            continue
        literals = unmarked_literals(text[args[1][0]:args[1][1]])
        if literals:
            line = text.count('\n', 0, call.start()) + 1
            print('%s:%d: a statement not marked PB_SQL (): %s' % (path, line, literals[0][:100]),
                  file=sys.stderr)
            status = 1
sys.exit(status)
