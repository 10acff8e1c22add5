#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Rewrites a case's history the way someone with write access to the file
# could, consistently: the comment of answer QUESTION becomes TEXT in the
# answers table and in every event that recorded it, every event hash from
# there on is recomputed (SCHEMA.md, "Canonical form"), and so are the
# case's head, its search document and each anchored event's record of
# the hash it time-stamped.
# The store's own verification then finds nothing; only the time-stamp
# tokens, which cover the old hashes, can tell.
# usage: rewrite-history.py DB CASE QUESTION TEXT
import hashlib
import json
import sqlite3
import sys

db, case_id, question, text = sys.argv[1:5]
con = sqlite3.connect(db)
con.execute('PRAGMA foreign_keys = OFF')
triggers = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
for name, _ in triggers:
    con.execute(f'DROP TRIGGER "{name}"')


def field(h, value):
    if value is None:
        h.update(b'-\n')
    else:
        b = str(value).encode()
        h.update(str(len(b)).encode() + b':' + b + b'\n')


def event_hash(e, prev):
    h = hashlib.sha256()
    field(h, 'probity-event-2' if e['role'] is not None else 'probity-event-1')
    for k in ('case_id', 'seq', 'revision', 'time', 'user'):
        field(h, e[k])
    if e['role'] is not None:
        field(h, e['role'])
        field(h, e['organisation'])
    for k in ('kind', 'question_id', 'old_value', 'new_value', 'reason', 'data'):
        field(h, e[k])
    field(h, prev)
    return h.hexdigest()


con.row_factory = sqlite3.Row
events = [dict(r) for r in con.execute('SELECT * FROM events WHERE case_id = ? ORDER BY seq', (case_id,))]
renamed = {}   # old hash -> new hash
prev = '0' * 64
for e in events:
    if e['question_id'] == question and e['kind'] in ('answer-set', 'answer-changed') and e['data']:
        data = json.loads(e['data'])
        data['comment'] = text
        e['data'] = json.dumps(data, separators=(',', ':'), ensure_ascii=False)
    if e['kind'] == 'anchored':
        e['new_value'] = renamed.get(e['new_value'], e['new_value'])
    e['prev_hash'] = prev
    new = event_hash(e, prev)
    renamed[e['hash']] = new
    e['hash'] = new
    prev = new
    con.execute('UPDATE events SET data = ?, new_value = ?, prev_hash = ?, hash = ? WHERE case_id = ? AND seq = ?',
                (e['data'], e['new_value'], e['prev_hash'], e['hash'], case_id, e['seq']))

old = con.execute('SELECT comment FROM answers WHERE case_id = ? AND question_id = ?', (case_id, question)).fetchone()[0]
con.execute('UPDATE answers SET comment = ? WHERE case_id = ? AND question_id = ?', (text, case_id, question))
# The case's full-text search document (schema 6) holds the comment too.
con.execute('UPDATE search_text SET text = replace (text, ?, ?)'
            ' WHERE rowid = (SELECT id FROM case_list WHERE case_id = ?)', (old, text, case_id))
con.execute('UPDATE cases SET head_hash = ? WHERE id = ?', (prev, case_id))
for old, new in renamed.items():
    con.execute('UPDATE anchors SET head_hash = ? WHERE case_id = ? AND head_hash = ?', (new, case_id, old))
for _, sql in triggers:
    con.execute(sql)
con.commit()
