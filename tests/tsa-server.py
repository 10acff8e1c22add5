#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A loopback RFC 3161 time-stamp authority for the tests: answers each POST
# with `openssl ts -reply`, prints its port on stdout, and runs until it is
# killed. usage: tsa-server.py CONFIG MODE
#   ok            a normal reply
#   http-error    HTTP 500
#   rejection     a TimeStampResp with status rejection (2)
#   wrong-imprint a valid token, but for other data
import http.server
import os
import subprocess
import sys
import tempfile

config, mode = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp(prefix='tsa-server-')


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, code, body, content_type='application/timestamp-reply'):
        self.send_response(code)
        self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        query = self.rfile.read(int(self.headers.get('Content-Length', '0')))
        if mode == 'http-error':
            self.answer(500, b'internal error', 'text/plain')
            return
        if mode == 'rejection':
            # TimeStampResp { status PKIStatusInfo { status rejection(2) } }
            self.answer(200, bytes.fromhex('3005300302 0102'.replace(' ', '')))
            return
        query_path = os.path.join(work, 'query.tsq')
        reply_path = os.path.join(work, 'reply.tsr')
        if mode == 'wrong-imprint':
            other = os.path.join(work, 'other')
            with open(other, 'wb') as f:
                f.write(b'something else entirely')
            subprocess.run(['openssl', 'ts', '-query', '-data', other, '-sha256', '-cert',
                            '-out', query_path], check=True, capture_output=True)
        else:
            with open(query_path, 'wb') as f:
                f.write(query)
        subprocess.run(['openssl', 'ts', '-reply', '-config', config, '-queryfile', query_path,
                        '-out', reply_path], check=True, capture_output=True)
        with open(reply_path, 'rb') as f:
            self.answer(200, f.read())


server = http.server.HTTPServer(('127.0.0.1', 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
