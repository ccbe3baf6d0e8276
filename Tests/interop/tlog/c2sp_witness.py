#!/usr/bin/env python3
"""An independent C2SP transparency-log witness, for Countersign's tests.

    c2sp_witness.py keygen --name NAME --key-file FILE
    c2sp_witness.py vkey   --name NAME --key-file FILE
    c2sp_witness.py serve  --name NAME --key-file FILE --state FILE
                           --log-vkey VKEY [--log-vkey VKEY ...]
                           --port-file FILE [--port 0]

Written from the specification texts (shared/specs/c2sp/), not from the
server's code. Which part follows which text:

- Keys (`keygen`, `vkey`): the key file is the raw 32-byte Ed25519 seed
  (RFC 8032 private key), mode 0600. The vkey is signed-note.md "Verifier
  keys" with signature type 0x04 and the key ID of tlog-cosignature.md
  "Format": SHA-256(NAME || "\\n" || 0x04 || public key)[:4].
- `serve`: tlog-witness.md "HTTP Interface" / "add-checkpoint", with the
  submission and monitoring prefixes both "/":
    POST /add-checkpoint      the body is `old N\\n`, up to 63 base64
                              consistency-proof lines, an empty line, then the
                              checkpoint (a signed note, tlog-checkpoint.md).
    GET /<sha256(origin) hex>/checkpoint
                              "Monitor Retrieval Mechanism": the latest
                              cosigned checkpoint with the log signature(s)
                              the witness verified and its own cosignature.
    GET /state                the JSON state file's content (debugging aid,
                              not part of any spec).
  Status codes, in the order the checks run:
    400  body not in the specified form, checkpoint not a checkpoint note,
         or old size larger than the checkpoint size
    404  checkpoint origin not a known log
    403  no signature by a trusted log key, or one by a trusted key (name
         and key ID match) fails to verify
    409  old size is not the size of the latest checkpoint cosigned for the
         origin (0 if none); body "<size>\\n", Content-Type text/x.tlog.size
    422  size-0 checkpoint whose root is not SHA-256(""); proof lines sent
         with old size 0; equal sizes with different roots (a fork);
         consistency proof (RFC 6962 2.1.2, verified per RFC 9162 2.1.4.2)
         that does not verify
    200  one cosignature/v1 line (tlog-cosignature.md, Ed25519 type 0x04)
  The check of the old size and the update of the record run under one lock,
  and the new (size, root) is written to --state (tmp file, fsync, rename,
  fsync of the directory) before the 200 is sent, as "add-checkpoint" asks.
  A smaller tree than the recorded one cannot pass: its old size is either
  larger than its own size (400) or not the recorded size (409).
- Each request is logged to stderr on one line: method, path, status, reason.
- SIGTERM (or SIGINT) stops the server cleanly with exit status 0, after any
  add-checkpoint in progress has finished.

The log(s) are known by their Ed25519 note vkeys (type 0x01); a log's origin
is its vkey's key name. Several vkeys with one name are several trusted keys
for one origin (e.g. a key rotation).
"""

from __future__ import annotations

import argparse
import hashlib
import http.server
import json
import os
import signal
import sys
import tempfile
import threading
import time
from typing import Any, NoReturn

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from c2sp_common import (
    EMPTY_ROOT,
    SIG_TYPE_COSIGNATURE_V1,
    SIG_TYPE_ED25519,
    Malformed,
    NotVerified,
    VerifierKey,
    b64encode,
    check_key_name,
    make_cosignature,
    make_vkey,
    parse_checkpoint,
    parse_decimal,
    parse_hash,
    parse_note,
    parse_vkey,
    verify_consistency,
    verify_note,
)

MAX_PROOF_LINES = 63  # tlog-witness.md: clients MUST NOT send more
MAX_BODY = 1 << 20  # well above 63 proof lines and 100 signatures


# --- keys ---------------------------------------------------------------------------


def die(message: str) -> NoReturn:
    """Bad usage or an unreadable key/state file: exit 2, like argparse."""
    print(f"c2sp_witness: {message}", file=sys.stderr)
    sys.exit(2)


def load_key(path: str) -> Ed25519PrivateKey:
    try:
        with open(path, "rb") as handle:
            seed = handle.read()
    except OSError as error:
        die(f"cannot read key file {path}: {error.strerror}")
    if len(seed) != 32:
        die(f"key file {path} is {len(seed)} bytes, not a 32-byte Ed25519 seed")
    return Ed25519PrivateKey.from_private_bytes(seed)


def witness_vkey(name: str, key: Ed25519PrivateKey) -> VerifierKey:
    return make_vkey(name, SIG_TYPE_COSIGNATURE_V1, key)


def checked_name(name: str) -> str:
    try:
        check_key_name(name)
    except Malformed as error:
        die(f"bad --name: {error}")
    return name


def cmd_keygen(args: argparse.Namespace) -> None:
    name = checked_name(args.name)
    key = Ed25519PrivateKey.generate()
    seed = key.private_bytes_raw()
    try:
        fd = os.open(args.key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        die(f"{args.key_file} exists; refusing to overwrite a key")
    except OSError as error:
        die(f"cannot create {args.key_file}: {error.strerror}")
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(handle.fileno(), 0o600)  # in case the umask was stricter than needed: exactly 0600
        handle.write(seed)
        handle.flush()
        os.fsync(handle.fileno())
    print(witness_vkey(name, key).text())


def cmd_vkey(args: argparse.Namespace) -> None:
    print(witness_vkey(checked_name(args.name), load_key(args.key_file)).text())


# --- state ----------------------------------------------------------------------------


def write_json_atomically(path: str, document: Any) -> None:
    """tmp file in the same directory, fsync, rename over, fsync the directory."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=2, sort_keys=True)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class State:
    """Per origin: the size and root hash of the latest cosigned checkpoint,
    and that checkpoint (with the verified log signatures and our cosignature)
    for the monitoring endpoint. File format:

        {"logs": {"<origin>": {"size": N, "root": "<base64>",
                               "checkpoint": "<note text>"}}}
    """

    def __init__(self, path: str):
        self.path = path
        self.lock = threading.Lock()
        self.logs: dict[str, dict[str, Any]] = {}
        if os.path.exists(path):
            try:
                with open(path, encoding="utf-8") as handle:
                    document = json.load(handle)
                logs = document["logs"]
                for origin, record in logs.items():
                    parse_hash(record["root"], "state root")
                    if not isinstance(record["size"], int) or record["size"] < 0:
                        raise ValueError("bad size")
                self.logs = logs
            except (OSError, ValueError, KeyError, TypeError, AttributeError, Malformed) as error:
                die(f"state file {path} is unreadable: {error}")

    def latest(self, origin: str) -> tuple[int, bytes]:
        record = self.logs.get(origin)
        if record is None:
            return 0, EMPTY_ROOT
        return record["size"], parse_hash(record["root"])

    def record(self, origin: str, size: int, root: bytes, checkpoint: str) -> None:
        logs = dict(self.logs)
        logs[origin] = {"size": size, "root": b64encode(root), "checkpoint": checkpoint}
        write_json_atomically(self.path, {"logs": logs})
        self.logs = logs

    def document(self) -> dict[str, Any]:
        return {"logs": self.logs}


# --- add-checkpoint -----------------------------------------------------------------


class Refusal(Exception):
    def __init__(self, status: int, reason: str, body: str | None = None, content_type: str | None = None):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.body = body if body is not None else reason + "\n"
        self.content_type = content_type or "text/plain; charset=utf-8"


def parse_add_checkpoint_body(body: bytes) -> tuple[int, list[bytes], bytes]:
    """`old N\\n`, zero or more base64 proof lines, `\\n`, checkpoint note."""
    first_newline = body.find(b"\n")
    if first_newline < 0:
        raise Refusal(400, "body has no old size line")
    try:
        old_line = body[:first_newline].decode("ascii")
    except UnicodeDecodeError:
        raise Refusal(400, "old size line is not ASCII") from None
    if not old_line.startswith("old "):
        raise Refusal(400, "first line is not 'old <size>'")
    try:
        old_size = parse_decimal(old_line[4:], "old size")
    except Malformed as error:
        raise Refusal(400, str(error)) from None
    proof: list[bytes] = []
    offset = first_newline + 1
    while True:
        newline = body.find(b"\n", offset)
        if newline < 0:
            raise Refusal(400, "body has no empty line before the checkpoint")
        line = body[offset:newline]
        offset = newline + 1
        if line == b"":
            break
        if len(proof) == MAX_PROOF_LINES:
            raise Refusal(400, f"more than {MAX_PROOF_LINES} consistency proof lines")
        try:
            proof.append(parse_hash(line.decode("ascii"), "consistency proof line"))
        except (UnicodeDecodeError, Malformed) as error:
            raise Refusal(400, f"bad consistency proof line: {error}") from None
    return old_size, proof, body[offset:]


class Witness:
    def __init__(self, name: str, key: Ed25519PrivateKey, state: State, log_keys: list[VerifierKey]):
        self.name = name
        self.key = key
        self.state = state
        self.logs: dict[str, list[VerifierKey]] = {}
        for log_key in log_keys:
            self.logs.setdefault(log_key.name, []).append(log_key)

    def add_checkpoint(self, body: bytes) -> tuple[str, str]:
        """Returns (cosignature lines, log reason) or raises Refusal."""
        old_size, proof, note_bytes = parse_add_checkpoint_body(body)
        try:
            note = parse_note(note_bytes)
            checkpoint = parse_checkpoint(note.text)
        except Malformed as error:
            raise Refusal(400, f"not a checkpoint note: {error}") from None
        origin = checkpoint.origin
        trusted = self.logs.get(origin)
        if trusted is None:
            raise Refusal(404, f"unknown origin {origin!r}")
        try:
            verified = verify_note(note, trusted)
        except NotVerified as error:
            raise Refusal(403, f"origin {origin}: {error}") from None
        if old_size > checkpoint.size:
            raise Refusal(400, f"old size {old_size} > checkpoint size {checkpoint.size}")
        with self.state.lock:
            recorded_size, recorded_root = self.state.latest(origin)
            if old_size != recorded_size:
                raise Refusal(
                    409,
                    f"origin {origin}: old size {old_size} != latest cosigned size {recorded_size}",
                    body=f"{recorded_size}\n",
                    content_type="text/x.tlog.size",
                )
            if checkpoint.size == 0 and checkpoint.root != EMPTY_ROOT:
                raise Refusal(422, f"origin {origin}: size 0 with a root that is not the empty tree's")
            if old_size == 0 and proof:
                raise Refusal(422, f"origin {origin}: old size 0 with {len(proof)} proof lines")
            if old_size == checkpoint.size and checkpoint.root != recorded_root:
                raise Refusal(422, f"origin {origin}: size {old_size} with a root other than the cosigned one (fork)")
            if not verify_consistency(recorded_size, recorded_root, checkpoint.size, checkpoint.root, proof):
                raise Refusal(
                    422, f"origin {origin}: consistency proof {recorded_size} -> {checkpoint.size} does not verify"
                )
            timestamp = int(time.time())
            cosignature = make_cosignature(self.name, self.key, timestamp, checkpoint.text)
            log_lines = "".join(
                line.line + "\n"
                for line in note.signatures
                if any(line.name == k.name and line.key_id == k.key_id for k in verified)
            )
            stored = checkpoint.text + "\n" + log_lines + cosignature
            self.state.record(origin, checkpoint.size, checkpoint.root, stored)
        return cosignature, f"cosigned {origin} size {checkpoint.size} (old {old_size})"

    def monitored_checkpoint(self, origin_hash: str) -> str | None:
        for origin, record in self.state.logs.items():
            if hashlib.sha256(origin.encode("utf-8")).hexdigest() == origin_hash:
                return record.get("checkpoint")
        return None


# --- HTTP ------------------------------------------------------------------------------


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as tlog-witness.md recommends
    server_version = "c2sp-witness-test/1"
    timeout = 60  # an idle keep-alive connection does not hold a thread forever
    witness: Witness  # set on the subclass in serve()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # replaced by log_line: one line per request

    def log_line(self, status: int, reason: str) -> None:
        path = self.path.replace("\n", "\\n")
        sys.stderr.write(f"c2sp_witness: {self.command} {path} {status} {reason}\n")
        sys.stderr.flush()

    def reply(self, status: int, body: str, content_type: str, reason: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.log_line(status, reason)

    def read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self.read_chunked()
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            raise Refusal(411, "no Content-Length")
        try:
            length = int(length_text)
        except ValueError:
            raise Refusal(400, "bad Content-Length") from None
        if length < 0 or length > MAX_BODY:
            raise Refusal(413, f"body of {length} bytes is too large")
        return self.rfile.read(length)

    def read_chunked(self) -> bytes:
        body = bytearray()
        while True:
            size_line = self.rfile.readline(1024).split(b";")[0].strip()
            try:
                size = int(size_line, 16)
            except ValueError:
                raise Refusal(400, "bad chunk size") from None
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return bytes(body)
            if len(body) + size > MAX_BODY:
                raise Refusal(413, "body too large")
            body += self.rfile.read(size)
            self.rfile.readline(1024)  # CRLF after the chunk

    def do_POST(self) -> None:  # noqa: N802
        if self.path != "/add-checkpoint":
            self.reply(404, "not found\n", "text/plain; charset=utf-8", "no such endpoint")
            return
        try:
            body = self.read_body()
            cosignature, reason = self.witness.add_checkpoint(body)
        except Refusal as refusal:
            if refusal.status in (400, 411, 413):
                self.close_connection = True  # the rest of the stream may be garbage
            self.reply(refusal.status, refusal.body, refusal.content_type, refusal.reason)
            return
        except Exception as error:  # never leave a client hanging; say why on stderr
            self.close_connection = True
            self.reply(500, "internal error\n", "text/plain; charset=utf-8", f"internal error: {error!r}")
            return
        self.reply(200, cosignature, "text/plain; charset=utf-8", reason)

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/state":
            with self.witness.state.lock:
                document = json.dumps(self.witness.state.document(), indent=2, sort_keys=True) + "\n"
            self.reply(200, document, "application/json", "state")
            return
        parts = self.path.strip("/").split("/")
        if len(parts) == 2 and parts[1] == "checkpoint" and len(parts[0]) == 64:
            with self.witness.state.lock:
                checkpoint = self.witness.monitored_checkpoint(parts[0].lower())
            if checkpoint is None:
                self.reply(404, "never cosigned\n", "text/plain; charset=utf-8", "no checkpoint for that origin")
            else:
                self.reply(200, checkpoint, "text/plain; charset=utf-8", "checkpoint")
            return
        self.reply(404, "not found\n", "text/plain; charset=utf-8", "no such endpoint")

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def _method_not_allowed(self) -> None:
        self.reply(405, "method not allowed\n", "text/plain; charset=utf-8", "method not allowed")

    do_PUT = do_DELETE = do_PATCH = _method_not_allowed  # noqa: N815


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # idle keep-alive connections must not block exit
    allow_reuse_address = True


def write_port_file(path: str, port: int) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".port-", dir=directory)
    with os.fdopen(fd, "w") as handle:
        handle.write(f"{port}\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def cmd_serve(args: argparse.Namespace) -> None:
    name = checked_name(args.name)
    key = load_key(args.key_file)
    log_keys = []
    for text in args.log_vkey:
        try:
            log_keys.append(parse_vkey(text, SIG_TYPE_ED25519))
        except Malformed as error:
            die(f"bad --log-vkey {text!r}: {error}")
    state = State(args.state)
    witness = Witness(name, key, state, log_keys)
    handler = type("BoundHandler", (Handler,), {"witness": witness})

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    server = Server(("127.0.0.1", args.port), handler)  # bound and listening from here
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    write_port_file(args.port_file, port)
    sys.stderr.write(
        f"c2sp_witness: {witness_vkey(name, key).text()} listening on 127.0.0.1:{port} "
        f"for {', '.join(sorted(witness.logs))}\n"
    )
    sys.stderr.flush()
    while not stop.wait(3600):
        pass
    server.shutdown()
    server.server_close()
    with state.lock:  # let an add-checkpoint in progress persist and answer first
        sys.stderr.write("c2sp_witness: stopped\n")
        sys.stderr.flush()
    sys.exit(0)


def main() -> None:
    parser = argparse.ArgumentParser(description="Independent C2SP tlog witness (tlog-witness, cosignature/v1).")
    commands = parser.add_subparsers(dest="command", required=True)
    for command in ("keygen", "vkey", "serve"):
        sub = commands.add_parser(command)
        sub.add_argument("--name", required=True, help="witness key name (e.g. witness.example/w1)")
        sub.add_argument("--key-file", required=True, help="32-byte Ed25519 seed")
        if command == "serve":
            sub.add_argument("--state", required=True, help="JSON state file (created if missing)")
            sub.add_argument("--log-vkey", action="append", required=True, help="log note vkey (type 0x01)")
            sub.add_argument("--port-file", required=True, help="written with the port once listening")
            sub.add_argument("--port", type=int, default=0, help="0 = any free port (default)")
    args = parser.parse_args()
    {"keygen": cmd_keygen, "vkey": cmd_vkey, "serve": cmd_serve}[args.command](args)


if __name__ == "__main__":
    main()
