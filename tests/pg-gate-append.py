#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# pg-gate-append.py SUPERCONN CASE USER ROLE KIND REV OLD NEW REASON DATA QID [OUTCOME N_ANSWERS]
# Prints the JSON calls that append one event through the gate as the store
# does, head moved, and (with OUTCOME) the revision's kept outcome set. The
# event's hash is computed with the server's own event_hash () over a
# superuser's connection (a client computes the same).
import json, subprocess, sys, datetime
sup, case, user, role, kind, rev, old, new, reason, data, qid = sys.argv[1:12]
extra = sys.argv[12:]
def q(sql, *vals):
    args = ["psql", "-X", "-qAt", "-v", "ON_ERROR_STOP=1", "-d", sup]
    for i, v in enumerate(vals):
        args += ["-v", "p%d=%s" % (i, v)]
    return subprocess.run(args, input=sql, capture_output=True, text=True, check=True).stdout.strip()
N = lambda s: s if s != "" else None
head = q("SELECT head_seq || '|' || head_hash FROM probity.cases WHERE id = :'p0'", case).split("|")
seq = int(head[0]) + 1
t = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
org = q("SELECT coalesce (organisation, '') FROM probity.events WHERE case_id = :'p0' ORDER BY seq DESC LIMIT 1", case)
if kind == "case-created":
    t = q("SELECT created FROM probity.cases WHERE id = :'p0'", case)
h = q("""SELECT probity.event_hash (ROW (:'p0', :p1, :p2, :'p3', :'p4', :'p5', NULLIF (:'p6', ''), NULLIF (:'p7', ''),
          NULLIF (:'p8', ''), NULLIF (:'p9', ''), NULLIF (:'p10', ''), :'p11', NULL, :'p12', NULLIF (:'p13', ''))::probity.events)""",
      case, seq, rev, t, user, kind, qid, old, new, reason, data, head[1], role, org)
calls = [
  {"sql": 'INSERT INTO events (case_id, seq, revision, time, "user", kind, question_id, old_value, new_value, reason, data, prev_hash, hash, role, organisation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)',
   "kinds": "tiitttttttttttt", "params": [case, seq, int(rev), t, user, kind, N(qid), N(old), N(new), N(reason), N(data), head[1], h, role, N(org)]},
  {"sql": "UPDATE cases SET head_seq = $2, head_hash = $3, updated = $4 WHERE id = $1", "kinds": "titt",
   "params": [case, seq, h, t]},
]
if extra:
    calls.append({"sql": "UPDATE revisions SET outcome = $3, n_answers = $4 WHERE case_id = $1 AND revision = $2",
                  "kinds": "titi", "params": [case, int(rev), N(extra[0]), int(extra[1])]})
print(json.dumps([{"raw": "BEGIN"}] + calls + [{"raw": "COMMIT"}]))
