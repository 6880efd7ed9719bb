#!/usr/bin/env python3
"""A loopback stand-in for the parts of the GitHub REST API that `sextant pr-comment` uses, and a
webhook sink, for the tests and scripts/ci_rehearsal.sh. Standard library only; binds 127.0.0.1.

It checks every request the way GitHub would reject it (method, path, Authorization: Bearer TOKEN,
Accept: application/vnd.github+json, X-GitHub-Api-Version, User-Agent, a JSON body with a string
"body" for writes) and records each one (never the token) so a test can assert on them.

  GET   /repos/O/R/issues/N/comments?per_page=&page=  list (pages of --page-size, Link: rel="next")
  POST  /repos/O/R/issues/N/comments                  create {"body": ...} -> 201 {"id": ...}
  PATCH /repos/O/R/issues/comments/ID                 update {"body": ...} -> 200
  POST  /hooks/<anything>                             webhook sink (records the JSON body) -> 200

Control (no auth): POST /_sextant/faults {"faults": ["500", "429", "slow:SECONDS", "hang", "close"]}
queues answers for the next requests (one each; "hang" waits 60 s without answering, "close" drops
the connection); GET /_sextant/log (requests), GET /_sextant/state (comments and webhook bodies).

Usage: fake_github_api.py --token T [--page-size 2] [--seed-comments 3] [--port-file F] [--state F]
Prints "listening on 127.0.0.1:PORT" on stdout once ready.
"""
import argparse
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs

LOCK = threading.Lock()
STATE = {"comments": [], "hooks": [], "next_id": 1000}
LOG = []
FAULTS = []
ARGS = None


def save_state():
    if ARGS.state:
        with open(ARGS.state + ".tmp", "w") as f:
            json.dump({"comments": STATE["comments"], "hooks": STATE["hooks"], "requests": LOG}, f, indent=1)
        import os
        os.replace(ARGS.state + ".tmp", ARGS.state)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def send_json(self, status, obj, headers=None):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def handle_any(self, method):
        url = urlsplit(self.path)
        raw = self.read_body()
        if url.path.startswith("/_sextant/"):
            return self.control(method, url.path, raw)
        with LOCK:
            fault = FAULTS.pop(0) if FAULTS else None
        entry = {"method": method, "path": url.path, "query": url.query, "fault": fault}
        if fault == "hang":
            time.sleep(60)
            return
        if fault == "close":
            self.close_connection = True
            self.connection.close()
            return
        if fault and fault.startswith("slow:"):
            time.sleep(float(fault[5:]))
        if fault in ("500", "502", "503", "429"):
            entry["status"] = int(fault)
            with LOCK:
                LOG.append(entry); save_state()
            return self.send_json(int(fault), {"message": "injected fault"}, {"Retry-After": "0"} if fault == "429" else None)
        status, obj, headers = self.api(method, url, raw, entry)
        entry["status"] = status
        with LOCK:
            LOG.append(entry); save_state()
        self.send_json(status, obj, headers)

    def api(self, method, url, raw, entry):
        violations = []
        if url.path.startswith("/hooks/"):
            if method != "POST":
                return 405, {"message": "webhooks take POST"}, None
            if not (self.headers.get("Content-Type") or "").startswith("application/json"):
                violations.append("Content-Type is not application/json")
            try:
                body = json.loads(raw)
            except ValueError:
                violations.append("body is not JSON")
                body = None
            entry["violations"] = violations
            if violations:
                return 400, {"message": "; ".join(violations)}, None
            with LOCK:
                STATE["hooks"].append({"path_length": len(url.path), "body": body})
            return 200, {"ok": True}, None
        auth = self.headers.get("Authorization") or ""
        entry["authorized"] = auth == "Bearer " + ARGS.token
        if not entry["authorized"]:
            return 401, {"message": "Bad credentials"}, None
        if self.headers.get("Accept") != "application/vnd.github+json":
            violations.append("Accept is not application/vnd.github+json")
        if not self.headers.get("X-GitHub-Api-Version"):
            violations.append("no X-GitHub-Api-Version")
        if not self.headers.get("User-Agent"):
            violations.append("no User-Agent")
        body = None
        if method in ("POST", "PATCH"):
            if not (self.headers.get("Content-Type") or "").startswith("application/json"):
                violations.append("Content-Type is not application/json")
            try:
                body = json.loads(raw)
                if not isinstance(body, dict) or not isinstance(body.get("body"), str) or set(body) != {"body"}:
                    violations.append('body must be {"body": string}')
            except ValueError:
                violations.append("body is not JSON")
        entry["violations"] = violations
        if violations:
            return 400, {"message": "; ".join(violations)}, None
        m = re.fullmatch(r"/repos/([^/]+)/([^/]+)/issues/(\d+)/comments", url.path)
        if m and method == "GET":
            q = parse_qs(url.query)
            per = min(int(q.get("per_page", ["30"])[0]), ARGS.page_size)
            page = int(q.get("page", ["1"])[0])
            with LOCK:
                mine = [c for c in STATE["comments"] if c["issue"] == int(m.group(3))]
            chunk = mine[(page - 1) * per: page * per]
            headers = {}
            if page * per < len(mine):
                base = "http://%s%s" % (self.headers.get("Host"), url.path)
                headers["Link"] = '<%s?per_page=%d&page=%d>; rel="next", <%s?per_page=%d&page=%d>; rel="last"' % (
                    base, per, page + 1, base, per, (len(mine) + per - 1) // per)
            return 200, [{"id": c["id"], "body": c["body"], "user": {"login": c["user"]}} for c in chunk], headers
        if m and method == "POST":
            with LOCK:
                STATE["next_id"] += 1
                c = {"id": STATE["next_id"], "issue": int(m.group(3)), "body": body["body"], "user": "github-actions[bot]", "updates": 0}
                STATE["comments"].append(c)
            entry["comment"] = c["id"]
            return 201, {"id": c["id"], "body": c["body"]}, None
        m = re.fullmatch(r"/repos/([^/]+)/([^/]+)/issues/comments/(\d+)", url.path)
        if m and method == "PATCH":
            with LOCK:
                for c in STATE["comments"]:
                    if c["id"] == int(m.group(3)):
                        c["body"] = body["body"]
                        c["updates"] += 1
                        entry["comment"] = c["id"]
                        return 200, {"id": c["id"], "body": c["body"]}, None
            return 404, {"message": "Not Found"}, None
        return 404, {"message": "Not Found"}, None

    def control(self, method, path, raw):
        if path == "/_sextant/faults" and method == "POST":
            with LOCK:
                FAULTS.extend(json.loads(raw)["faults"])
            return self.send_json(200, {"queued": len(FAULTS)})
        if path == "/_sextant/log":
            with LOCK:
                return self.send_json(200, LOG)
        if path == "/_sextant/state":
            with LOCK:
                return self.send_json(200, {"comments": STATE["comments"], "hooks": STATE["hooks"]})
        return self.send_json(404, {"message": "Not Found"})

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PATCH(self):
        self.handle_any("PATCH")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_DELETE(self):
        self.handle_any("DELETE")


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--token", required=True)
    p.add_argument("--page-size", type=int, default=2)
    p.add_argument("--seed-comments", type=int, default=0, help="unrelated comments on every issue number 1..50")
    p.add_argument("--port-file")
    p.add_argument("--state")
    p.add_argument("--lifetime", type=float, default=600, help="exit after this many seconds (a leaked server ends itself)")
    ARGS = p.parse_args()
    for n in range(1, 51):
        for k in range(ARGS.seed_comments):
            STATE["next_id"] += 1
            STATE["comments"].append({"id": STATE["next_id"], "issue": n, "body": "unrelated comment %d" % k, "user": "someone", "updates": 0})
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    if ARGS.port_file:
        with open(ARGS.port_file + ".tmp", "w") as f:
            f.write(str(port))
        import os
        os.replace(ARGS.port_file + ".tmp", ARGS.port_file)
    print("listening on 127.0.0.1:%d" % port, flush=True)
    threading.Timer(ARGS.lifetime, lambda: (server.shutdown())).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
