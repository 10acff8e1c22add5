#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# For tests/test-pg-h6.sh: calls probity.gate () or gate_kept () as Probity
# does, with the extended protocol (the values bound as parameters $1, $2 …,
# which psql 15 cannot do), in a transaction rolled back, and prints what
# comes back: the rows, or the error's SQLSTATE, message and detail.
#   pg-h6-call.py CONNINFO gate|gate_kept KINDS COLUMNS SQL-HEX VALUE…
# A VALUE of "\N" is NULL.
import ctypes
import ctypes.util
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

PGRES_FATAL_ERROR = 7
CONNECTION_OK = 0


def field(res, code):
    v = lib.PQresultErrorField(res, ord(code))
    return v.decode() if v else ""


def main():
    conninfo, fn, kinds, columns, sql_hex = sys.argv[1:6]
    values = [None if v == "\\N" else v for v in sys.argv[6:]]
    conn = lib.PQconnectdb(conninfo.encode())
    if lib.PQstatus(conn) != CONNECTION_OK:
        print("connection failed: " + lib.PQerrorMessage(conn).decode().strip())
        return 1
    call = "SELECT * FROM probity.%s ($1, $2, VARIADIC ARRAY[%s]::text[]) AS t (%s)" % (
        fn, ", ".join("$%d" % (i + 3) for i in range(len(values))), columns)
    params = [bytes.fromhex(sql_hex), kinds.encode()] + [None if v is None else v.encode() for v in values]
    array = (ctypes.c_char_p * len(params))(*params)
    lib.PQclear(lib.PQexec(conn, b"BEGIN"))
    res = lib.PQexecParams(conn, call.encode(), len(params), None, array, None, None, 0)
    if lib.PQresultStatus(res) == PGRES_FATAL_ERROR:
        print("ERROR %s: %s" % (field(res, "C"), field(res, "M")))
        if field(res, "D"):
            print("DETAIL: " + field(res, "D"))
    else:
        for r in range(lib.PQntuples(res)):
            print("|".join("\\N" if lib.PQgetisnull(res, r, c) else lib.PQgetvalue(res, r, c).decode(errors="replace")
                           for c in range(lib.PQnfields(res))))
        print("(%d rows)" % lib.PQntuples(res))
    lib.PQclear(res)
    lib.PQclear(lib.PQexec(conn, b"ROLLBACK"))
    lib.PQfinish(conn)
    return 0


if __name__ == "__main__":
    sys.exit(main())
