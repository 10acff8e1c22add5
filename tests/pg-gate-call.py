#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# pg-gate-call.py CONNINFO JSONFILE: runs, in one transaction (BEGIN .. COMMIT),
# each {"sql","kinds","params"[, "raw"]} of JSONFILE through probity.gate ()
# as Probity calls it; "raw": SQL sent as is. Prints each result or error.
import ctypes, ctypes.util, json, sys
lib = ctypes.CDLL(ctypes.util.find_library("pq") or "libpq.so.5")
lib.PQconnectdb.restype = ctypes.c_void_p; lib.PQconnectdb.argtypes = [ctypes.c_char_p]
lib.PQstatus.argtypes = [ctypes.c_void_p]
lib.PQerrorMessage.restype = ctypes.c_char_p; lib.PQerrorMessage.argtypes = [ctypes.c_void_p]
lib.PQexec.restype = ctypes.c_void_p; lib.PQexec.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
lib.PQexecParams.restype = ctypes.c_void_p
lib.PQexecParams.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p,
                             ctypes.POINTER(ctypes.c_char_p), ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
lib.PQresultStatus.argtypes = [ctypes.c_void_p]
lib.PQresultErrorField.restype = ctypes.c_char_p; lib.PQresultErrorField.argtypes = [ctypes.c_void_p, ctypes.c_int]
lib.PQntuples.argtypes = [ctypes.c_void_p]; lib.PQnfields.argtypes = [ctypes.c_void_p]
lib.PQgetvalue.restype = ctypes.c_char_p; lib.PQgetvalue.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
lib.PQgetisnull.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
lib.PQclear.argtypes = [ctypes.c_void_p]
def show(res):
    st = lib.PQresultStatus(res)
    if st == 7:
        c = lib.PQresultErrorField(res, ord('C')); m = lib.PQresultErrorField(res, ord('M'))
        print("ERROR %s: %s" % (c.decode(), m.decode())); return False
    for r in range(lib.PQntuples(res)):
        print("|".join("\\N" if lib.PQgetisnull(res, r, c) else lib.PQgetvalue(res, r, c).decode() for c in range(lib.PQnfields(res))))
    return True
conn = lib.PQconnectdb(sys.argv[1].encode())
if lib.PQstatus(conn) != 0:
    print(lib.PQerrorMessage(conn).decode()); sys.exit(2)
calls = json.load(open(sys.argv[2]))
ok = True
for c in calls:
    if "raw" in c:
        res = lib.PQexec(conn, c["raw"].encode())
    else:
        params = c.get("params", [])
        fn = c.get("fn", "gate_kept")
        q = "SELECT * FROM probity.%s ($1, $2, VARIADIC ARRAY[%s]::text[]) AS t (%s)" % (
            fn, ", ".join("$%d" % (i + 3) for i in range(len(params))), c.get("columns", "c1 text"))
        vals = [c["sql"], c["kinds"]] + params
        arr = (ctypes.c_char_p * len(vals))(*[None if v is None else str(v).encode() for v in vals])
        res = lib.PQexecParams(conn, q.encode(), len(vals), None, arr, None, None, 0)
    ok = show(res) and ok
    lib.PQclear(res)
sys.exit(0 if ok else 1)
