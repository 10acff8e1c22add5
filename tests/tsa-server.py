#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A loopback PKI service for the tests: an RFC 3161 time-stamp authority
# (POST /tsa, `openssl ts -reply`), an OCSP responder (POST /ocsp,
# `openssl ocsp`) and a CRL distribution point (GET /crl, `openssl ca
# -gencrl`) for the test CA made by make-test-pki.sh. Prints its port on
# stdout and runs until it is killed (SIGTERM: it removes its folder).
# usage: tsa-server.py PKI_DIR MODE [PORT], where MODE says how the TSA answers
# (PORT: listen there again after a restart, default any free port):
#   ok            a normal reply
#   http-error    HTTP 500
#   rejection     a TimeStampResp with status rejection (2)
#   wrong-imprint a valid token, but for other data
import atexit
import http.server
import os
import shutil
import signal
import subprocess
import sys
import tempfile

pki, mode = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp(prefix='pki-server-')
# Stopped by SIGTERM at the end of a test: its folder goes with it.
atexit.register(shutil.rmtree, work, ignore_errors=True)
signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))


def openssl(*args):
    subprocess.run(['openssl', *args], check=True, capture_output=True, cwd=pki)


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, code, body, content_type):
        self.send_response(code)
        self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path != '/crl':
            self.answer(404, b'not found', 'text/plain')
            return
        pem = os.path.join(work, 'crl.pem')
        der = os.path.join(work, 'crl.der')
        openssl('ca', '-config', 'ca.cnf', '-gencrl', '-crldays', '30', '-out', pem)
        openssl('crl', '-in', pem, '-outform', 'DER', '-out', der)
        with open(der, 'rb') as f:
            self.answer(200, f.read(), 'application/pkix-crl')

    def do_POST(self):
        query = self.rfile.read(int(self.headers.get('Content-Length', '0')))
        query_path = os.path.join(work, 'query')
        reply_path = os.path.join(work, 'reply')
        with open(query_path, 'wb') as f:
            f.write(query)
        if self.path == '/ocsp':
            openssl('ocsp', '-index', 'ca-db/index.txt', '-CA', 'ca.pem', '-rsigner', 'ocsp.pem',
                    '-rkey', 'ocsp.key', '-reqin', query_path, '-respout', reply_path, '-ndays', '30')
            with open(reply_path, 'rb') as f:
                self.answer(200, f.read(), 'application/ocsp-response')
            return
        if mode == 'http-error':
            self.answer(500, b'internal error', 'text/plain')
            return
        if mode == 'rejection':
            # TimeStampResp { status PKIStatusInfo { status rejection(2) } }
            self.answer(200, bytes.fromhex('30053003020102'), 'application/timestamp-reply')
            return
        if mode == 'wrong-imprint':
            other = os.path.join(work, 'other')
            with open(other, 'wb') as f:
                f.write(b'something else entirely')
            openssl('ts', '-query', '-data', other, '-sha256', '-cert', '-out', query_path)
        openssl('ts', '-reply', '-config', 'tsa.cnf', '-queryfile', query_path, '-out', reply_path)
        with open(reply_path, 'rb') as f:
            self.answer(200, f.read(), 'application/timestamp-reply')


http.server.HTTPServer.allow_reuse_address = True
server = http.server.HTTPServer(('127.0.0.1', int(sys.argv[3]) if len(sys.argv) > 3 else 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
