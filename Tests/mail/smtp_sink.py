#!/usr/bin/env python3
"""A real SMTP server on loopback for the tests: aiosmtpd (pinned in scripts/requirements-test.txt)
keeping every message it accepts, so that a test reads the mails Countersign delivered.

As a module (the browser scenarios): `Mailbox(port).start()`, `.messages()`, `.wait_for(predicate)`,
`.stop()`. As a script (the Swift tests):

    smtp_sink.py --dir DIR [--port N] [--user U --password P]

listens on 127.0.0.1:N (a free port when N is 0 or absent), prints "PORT <n>" once it accepts
connections, and writes each message as DIR/<seq>.json: {"mailFrom", "rcptTos", "subject" (decoded),
"body" (decoded text), "messageId", "headers" ([[name, value], ...] as received), "raw"}. With --user
and --password it offers AUTH PLAIN (over the clear: loopback only) and refuses mail without it. It
runs until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import email
import email.header
import email.policy
import json
import signal
import socket
import sys
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def decode(envelope) -> dict:
    raw = envelope.original_content if envelope.original_content is not None else envelope.content
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    subject = str(email.header.make_header(email.header.decode_header(message.get("Subject", ""))))
    payload = message.get_payload(decode=True) or b""
    return {
        "mailFrom": envelope.mail_from,
        "rcptTos": list(envelope.rcpt_tos),
        "subject": subject,
        "body": payload.decode("utf-8", "replace"),
        "messageId": message.get("Message-ID", ""),
        "headers": [[name, value] for name, value in message.items()],
        "raw": raw.decode("utf-8", "replace"),
    }


class Handler:
    def __init__(self, on_message):
        self.on_message = on_message

    async def handle_DATA(self, server, session, envelope):
        self.on_message(decode(envelope))
        return "250 OK: kept"


class Mailbox:
    """aiosmtpd on 127.0.0.1:`port` in a thread; the accepted messages in memory (and in `folder`)."""

    def __init__(self, port: int = 0, folder: Path | None = None, user: str | None = None, password: str | None = None):
        self.port = port or free_port()
        self.folder = folder
        self._messages: list[dict] = []
        self._lock = threading.Lock()
        options = {}
        if user is not None:
            def authenticate(server, session, envelope, mechanism, auth_data):
                ok = mechanism == "PLAIN" and auth_data.login == user.encode() and auth_data.password == password.encode()
                return AuthResult(success=ok, handled=False)
            options = {"authenticator": authenticate, "auth_required": True, "auth_require_tls": False}
        self.controller = Controller(Handler(self._keep), hostname="127.0.0.1", port=self.port, **options)

    def _keep(self, message: dict) -> None:
        with self._lock:
            self._messages.append(message)
            if self.folder is not None:
                path = self.folder / f"{len(self._messages):04d}.json"
                temporary = path.with_suffix(".tmp")
                temporary.write_text(json.dumps(message))
                temporary.rename(path)

    def start(self) -> "Mailbox":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def messages(self) -> list[dict]:
        with self._lock:
            return list(self._messages)

    def wait_for(self, predicate, what: str, timeout: float = 30) -> dict:
        """The first message for which `predicate` holds, waiting up to `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages():
                if predicate(message):
                    return message
            time.sleep(0.1)
        raise TimeoutError(f"no mail {what} within {timeout} s; received: {[m['subject'] for m in self.messages()]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    mailbox = Mailbox(args.port, folder, args.user, args.password).start()
    print(f"PORT {mailbox.port}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(0.5):
        pass
    mailbox.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
