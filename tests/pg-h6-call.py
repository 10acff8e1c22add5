#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# For tests/test-pg-h6.sh: calls probity.gate () or gate_kept () as Probity
# does, with the extended protocol (the values bound as parameters $1, $2 …,
# which psql 15 cannot do), in a transaction rolled back, and prints what
# comes back: the rows, or the error's SQLSTATE, message, detail and
# context, the notices (client_min_messages as the caller set it) and the
# bytes of WAL the call wrote (pg_current_wal_insert_lsn () before and
# after: PUBLIC, and a quiet server writes nothing else meanwhile).
#
#   pg-h6-call.py CONNINFO gate|gate_kept KINDS COLUMNS SQL-HEX VALUE…
#       one call; a VALUE of "\N" is NULL
#   pg-h6-call.py --pairs CONNINFO ROUNDS "HIT-VARS" "MISS-VARS" [CONNINFO2 HOLD] <CALLS
#       for each line of CALLS, "name|fn|kinds|columns|sql-hex|values|pre",
#       ROUNDS calls in one session, alternately with the values of
#       HIT-VARS and of MISS-VARS ("case=… sha=…"): values is a list of
#       :'var' and 'constant' separated by ", ", pre SQL run before each
#       call (outside its transaction). The last four answers, the
#       values replaced by <V>, must be the same; prints for each line
#       "PASS|LEAK|NOISE<TAB>name<TAB>what differs" (NOISE: hit against
#       hit differ; asked once more before it is said). With CONNINFO2,
#       a second session runs HOLD (SQL: a transaction it leaves open,
#       e.g. row locks) first and rolls it back at the end.
#   pg-h6-call.py --plans CONNINFO N "HIT-VARS" "MISS-VARS" <CALLS
#       for each line of CALLS (as above), N calls with the hit values in
#       one session, N with the miss values in another, then what
#       pg_prepared_statements tells in each of the statements gate_kept ()
#       prepared (custom and generic plans chosen: the plan cache compares
#       the custom plans' costs, made with the values, with the generic
#       one's); prints PASS or LEAK lines as --pairs does.
import ctypes
import ctypes.util
import re
import sys

lib = ctypes.CDLL(ctypes.util.find_library("pq") or "libpq.so.5")
lib.PQconnectdb.restype = ctypes.c_void_p
lib.PQconnectdb.argtypes = [ctypes.c_char_p]
lib.PQstatus.argtypes = [ctypes.c_void_p]
lib.PQerrorMessage.restype = ctypes.c_char_p
lib.PQerrorMessage.argtypes = [ctypes.c_void_p]
lib.PQexec.restype = ctypes.c_void_p
lib.PQexec.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
lib.PQexecParams.restype = ctypes.c_void_p
lib.PQexecParams.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p,
                             ctypes.POINTER(ctypes.c_char_p), ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
lib.PQresultStatus.argtypes = [ctypes.c_void_p]
lib.PQresultErrorField.restype = ctypes.c_char_p
lib.PQresultErrorField.argtypes = [ctypes.c_void_p, ctypes.c_int]
lib.PQntuples.argtypes = [ctypes.c_void_p]
lib.PQnfields.argtypes = [ctypes.c_void_p]
lib.PQgetvalue.restype = ctypes.c_char_p
lib.PQgetvalue.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
lib.PQgetisnull.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
lib.PQclear.argtypes = [ctypes.c_void_p]
lib.PQfinish.argtypes = [ctypes.c_void_p]
NOTICE_PROCESSOR = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_char_p)
lib.PQsetNoticeProcessor.restype = ctypes.c_void_p
lib.PQsetNoticeProcessor.argtypes = [ctypes.c_void_p, NOTICE_PROCESSOR, ctypes.c_void_p]

PGRES_FATAL_ERROR = 7
CONNECTION_OK = 0


class Session:
    def __init__(self, conninfo):
        self.conn = lib.PQconnectdb(conninfo.encode())
        if lib.PQstatus(self.conn) != CONNECTION_OK:
            raise SystemExit("connection failed: " + lib.PQerrorMessage(self.conn).decode().strip())
        self.notices = []
        self._proc = NOTICE_PROCESSOR(lambda arg, msg: self.notices.append(msg.decode(errors="replace").rstrip()))
        lib.PQsetNoticeProcessor(self.conn, self._proc, None)

    def close(self):
        lib.PQfinish(self.conn)

    def run(self, sql, params=None):
        """Rows (a list of lists) or an error (a list of its fields)."""
        if params is None:
            res = lib.PQexec(self.conn, sql.encode())
        else:
            array = (ctypes.c_char_p * len(params))(*params)
            res = lib.PQexecParams(self.conn, sql.encode(), len(params), None, array, None, None, 0)
        out = []
        if lib.PQresultStatus(res) == PGRES_FATAL_ERROR:
            out.append("ERROR %s: %s" % (field(res, "C"), field(res, "M")))
            for code, label in (("D", "DETAIL"), ("H", "HINT"), ("W", "CONTEXT")):
                if field(res, code):
                    out.append("%s: %s" % (label, field(res, code)))
        else:
            for r in range(lib.PQntuples(res)):
                out.append("|".join("\\N" if lib.PQgetisnull(res, r, c) else
                                    lib.PQgetvalue(res, r, c).decode(errors="replace")
                                    for c in range(lib.PQnfields(res))))
            out.append("(%d rows)" % lib.PQntuples(res))
        lib.PQclear(res)
        return out

    def value(self, sql):
        out = self.run(sql)
        return out[0] if len(out) == 2 else None

    def call(self, fn, kinds, columns, sql_text, values, pre=""):
        """One call as Probity makes it, in a transaction rolled back:
        what comes back, the notices and the WAL it wrote."""
        if pre:
            self.run(pre)
        self.notices.clear()
        before = self.value("SELECT pg_current_wal_insert_lsn ()")
        text = "SELECT * FROM probity.%s ($1, $2, VARIADIC ARRAY[%s]::text[]) AS t (%s)" % (
            fn, ", ".join("$%d" % (i + 3) for i in range(len(values))), columns)
        params = [sql_text.encode(), kinds.encode()] + [None if v is None else v.encode() for v in values]
        self.run("BEGIN")
        out = self.run(text, params)
        self.run("ROLLBACK")
        notices = list(self.notices)
        wal = self.value("SELECT pg_wal_lsn_diff (pg_current_wal_insert_lsn (), '%s')" % before) if before else None
        return out + ["NOTICE " + n for n in notices] + ["wal %s" % wal]


def field(res, code):
    v = lib.PQresultErrorField(res, ord(code))
    return v.decode(errors="replace") if v else ""


def parse_vars(s):
    return dict(a.split("=", 1) for a in s.split())


def resolve(values, env):
    out = []
    for v in values.split(", ") if values else []:
        v = v.strip()
        m = re.fullmatch(r":'(\w+)'", v)
        if m:
            out.append(env[m.group(1)])
        elif v.startswith("'") and v.endswith("'"):
            out.append(v[1:-1])
        else:
            out.append(v)
    return out


def normalize(lines, masks):
    masks = sorted({m for m in masks if m and not m.isdigit() and len(m) > 1}, key=len, reverse=True)
    out = []
    for line in lines:
        for m in masks:
            line = re.sub(r"(?<![\w.-])" + re.escape(m) + r"(?![\w-])", "<V>", line, flags=re.I)
        # keys the server made for this call (a case id, a uid), new each time
        line = re.sub(r"\bC-\d{4}-[0-9A-F]{8}\b", "<new case id>", line)
        line = re.sub(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", "<new uid>", line)
        # which transaction, which backend: numbers that move on by themselves
        line = re.sub(r"xid/sub: [1-9]\d*/", "xid/sub: <xid>/", line)
        line = re.sub(r"\b(pid|PID) \d+", r"\1 <n>", line)
        line = re.sub(r"CPU: user: [\d.]+ s, system: [\d.]+ s, elapsed: [\d.]+ s", "CPU: <t>", line)
        out.append(line)
    return out


def pairs(conninfo, rounds, hitvars, missvars, hold_conninfo=None, hold=None):
    hit, miss = parse_vars(hitvars), parse_vars(missvars)
    masks = list(hit.values()) + list(miss.values())
    holder = None
    if hold_conninfo:
        holder = Session(hold_conninfo)
        for line in holder.run(hold):
            if line.startswith("ERROR"):
                raise SystemExit("hold: " + line)
    s = Session(conninfo)
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line:
            continue
        name, fn, kinds, columns, sql_hex, values, pre = (line.split("|") + [""] * 7)[:7]
        sql_text = bytes.fromhex(sql_hex).decode()
        verdict = None
        for attempt in range(2):
            answers = []
            for r in range(rounds):
                env = hit if r % 2 == 0 else miss
                answers.append(normalize(s.call(fn, kinds, columns, sql_text, resolve(values, env), pre), masks))
            h1, m1, h2, m2 = answers[-4:]
            if h1 != h2 or m1 != m2:
                verdict = ("NOISE", diff(h1, h2) if h1 != h2 else diff(m1, m2))
                continue
            verdict = ("PASS", "") if h2 == m2 else ("LEAK", diff(h2, m2))
            break
        print("%s\t%s\t%s" % (verdict[0], name, verdict[1].replace("\n", " / ").replace("\t", " ")), flush=True)
    s.close()
    if holder:
        holder.run("ROLLBACK")
        holder.close()


def diff(a, b):
    only_a = [x for x in a if x not in b]
    only_b = [x for x in b if x not in a]
    return " ".join(["hit: " + x for x in only_a[:3]] + ["miss: " + x for x in only_b[:3]])[:600]


def plans(conninfo, n, hitvars, missvars):
    hit, miss = parse_vars(hitvars), parse_vars(missvars)
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line:
            continue
        name, fn, kinds, columns, sql_hex, values, pre = (line.split("|") + [""] * 7)[:7]
        seen = []
        for env in (hit, miss):
            s = Session(conninfo)
            for _ in range(n):
                s.call(fn, kinds, columns, bytes.fromhex(sql_hex).decode(), resolve(values, env), pre)
            seen.append(s.run("SELECT generic_plans || ' generic, ' || custom_plans || ' custom' FROM pg_prepared_statements"
                              " WHERE name LIKE 'pbgate\\_%' ORDER BY name"))
            s.close()
        if seen[0] == seen[1]:
            print("PASS\t%s\t" % name, flush=True)
        else:
            print("LEAK\t%s\thit: %s miss: %s" % (name, " ".join(seen[0]), " ".join(seen[1])), flush=True)


def main():
    if sys.argv[1] == "--pairs":
        pairs(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], *sys.argv[6:8])
        return 0
    if sys.argv[1] == "--plans":
        plans(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
        return 0
    conninfo, fn, kinds, columns, sql_hex = sys.argv[1:6]
    values = [None if v == "\\N" else v for v in sys.argv[6:]]
    s = Session(conninfo)
    for line in s.call(fn, kinds, columns, bytes.fromhex(sql_hex).decode(), values):
        print(line)
    s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
