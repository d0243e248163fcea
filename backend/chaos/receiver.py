"""The chaos run's destination: a threaded HTTP server on 127.0.0.1 that notes each delivery.

    receiver.py --port 8123 --out arrivals.txt

Every POST appends its `webhook-id` header (one line) to the file and answers 200, so the
run can count unique ids and duplicates. With `--trickle` it is the noisy neighbour's slow
receiver instead: it answers one byte a second for as long as the client waits. It stops
on SIGTERM.
"""

import argparse
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY_BYTES = 2 * 1024 * 1024


def serve(port: int, out_path: str, trickle: bool = False) -> None:
    lock = threading.Lock()
    out = open(out_path, "a", buffering=1)  # noqa: SIM115 - closed when the server stops

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(min(length, MAX_BODY_BYTES))
            webhook_id = self.headers.get("webhook-id", "-")
            with lock:
                out.write(webhook_id + "\n")
            if trickle:
                try:
                    for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok":
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(1)
                except OSError:
                    pass  # the client's deadline ended the attempt
                self.close_connection = True
                return
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.request_queue_size = 1024
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        with lock:
            out.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--trickle", action="store_true", help="answer one byte a second")
    args = parser.parse_args()
    serve(args.port, args.out, trickle=args.trickle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
