#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# For the pg test scripts: runs SQL with its values bound as parameters
# ($1, $2 …, the extended protocol, as pb-db-pg.c sends them), which psql
# 15 cannot do, and prints what comes back: each row as "a|b" ("\N" for
# NULL), or "ERROR SQLSTATE: message"; with --notices, the server's
# notices and log lines first, one a line.
#   pg-call.py [--before SQL] [--cursor] [--after SQL] [--notices] CONNINFO SQL VALUE…
# --before runs SQL (text, several statements) first in the same session;
# --cursor declares SQL as the cursor pb_stream in a transaction and
# fetches from it as pb-db-pg.c does; --after runs SQL after and prints
# its rows. A VALUE of "\N" is NULL.
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
NOTICE_PROCESSOR = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_char_p)
lib.PQsetNoticeProcessor.restype = ctypes.c_void_p
lib.PQsetNoticeProcessor.argtypes = [ctypes.c_void_p, NOTICE_PROCESSOR, ctypes.c_void_p]

PGRES_FATAL_ERROR = 7
CONNECTION_OK = 0
notices = []


def field(res, code):
    v = lib.PQresultErrorField(res, ord(code))
    return v.decode() if v else ""


def show(res, out):
    """The rows of @res, or its error, into @out; whether it failed."""
    if lib.PQresultStatus(res) == PGRES_FATAL_ERROR:
        out.append("ERROR %s: %s" % (field(res, "C"), field(res, "M")))
        lib.PQclear(res)
        return True
    for r in range(lib.PQntuples(res)):
        out.append("|".join("\\N" if lib.PQgetisnull(res, r, c) else lib.PQgetvalue(res, r, c).decode(errors="replace")
                            for c in range(lib.PQnfields(res))))
    lib.PQclear(res)
    return False


def main():
    args = sys.argv[1:]
    before = after = None
    cursor = with_notices = False
    while args and args[0].startswith("--"):
        option = args.pop(0)
        if option == "--before":
            before = args.pop(0)
        elif option == "--after":
            after = args.pop(0)
        elif option == "--cursor":
            cursor = True
        elif option == "--notices":
            with_notices = True
        else:
            sys.exit("pg-call.py: unknown option " + option)
    conninfo, sql = args[0], args[1]
    values = [None if v == "\\N" else v.encode() for v in args[2:]]
    conn = lib.PQconnectdb(conninfo.encode())
    if lib.PQstatus(conn) != CONNECTION_OK:
        print("connection failed: " + lib.PQerrorMessage(conn).decode().strip())
        return 1
    keep = NOTICE_PROCESSOR(lambda arg, message: notices.append(message.decode(errors="replace").rstrip()))
    lib.PQsetNoticeProcessor(conn, keep, None)
    out = []
    failed = before is not None and show(lib.PQexec(conn, before.encode()), out)
    if not failed:
        array = (ctypes.c_char_p * max(len(values), 1))(*values)
        if cursor:
            lib.PQclear(lib.PQexec(conn, b"BEGIN"))
            declare = "DECLARE pb_stream NO SCROLL CURSOR FOR " + sql
            failed = (show(lib.PQexecParams(conn, declare.encode(), len(values), None, array, None, None, 0), out)
                      or show(lib.PQexec(conn, b"FETCH FORWARD 100 FROM pb_stream"), out))
        else:
            failed = show(lib.PQexecParams(conn, sql.encode(), len(values), None, array, None, None, 0), out)
    if after is not None:
        show(lib.PQexec(conn, after.encode()), out)
    lib.PQfinish(conn)
    if with_notices:
        print("\n".join(notices))
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
