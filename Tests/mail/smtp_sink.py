#!/usr/bin/env python3
"""A real SMTP server on loopback for the tests: aiosmtpd (pinned in scripts/requirements-test.txt)
keeping every message it accepts, so that a test reads the mails Countersign delivered.

As a module (the browser scenarios): `Mailbox(port).start()`, `.messages()`, `.wait_for(predicate)`,
`.stop()`. As a script (the Swift tests):

    smtp_sink.py --dir DIR [--port N] [--user U --password P] [--tls implicit|starttls [--cert-name NAME]...]
                 [--inject-after-starttls]

listens on 127.0.0.1:N (a free port when N is 0 or absent), prints "PORT <n>" once it accepts
connections, and writes each message as DIR/<seq>.json: {"mailFrom", "rcptTos", "subject" (decoded),
"body" (decoded text), "messageId", "headers" ([[name, value], ...] as received), "raw", "tls" (the
TLS version the message came over, or null), "authenticatedOverTLS" (null without AUTH)}. With
--user and --password it offers AUTH PLAIN and refuses mail without it (in the clear without --tls:
loopback only; with --tls starttls only after STARTTLS).

With --tls the sink makes a throwaway certificate authority and a server certificate for the
--cert-name names (default 127.0.0.1 and localhost; an IP address becomes an IP SAN), writes the
authority's certificate (never a key) to DIR/ca.pem for the client to trust, and speaks TLS from the
first byte (implicit, smtps) or requires STARTTLS before anything but EHLO/HELO/NOOP/QUIT
(starttls). With --inject-after-starttls it plays the man in the middle of a STARTTLS response
injection: its 220 to STARTTLS comes with a second reply in the same packet, in the clear, which a
client must refuse rather than read as an answer given under TLS. It runs until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import datetime
import email
import email.header
import email.policy
import ipaddress
import json
import os
import ssl
import signal
import socket
import sys
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tls_version(server) -> str | None:
    """The TLS version of the session's connection (implicit or after STARTTLS), None in the clear."""
    transport = server.transport
    ssl_object = transport.get_extra_info("ssl_object") if transport is not None else None
    return ssl_object.version() if ssl_object is not None else None


def make_tls_context(folder: Path, names: list[str]) -> ssl.SSLContext:
    """A server TLS context with a fresh certificate for `names`, signed by a fresh authority whose
    certificate is written to folder/ca.pem. The keys live in memory and, for the moment ssl needs
    them on disk, in an owner-only file removed at once."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Countersign test SMTP CA")])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    alternative_names: list[x509.GeneralName] = []
    for name in names:
        try:
            alternative_names.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            alternative_names.append(x509.DNSName(name))
    certificate = (
        x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(alternative_names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    chain = folder / "server-chain.pem"
    descriptor = os.open(chain, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(certificate.public_bytes(serialization.Encoding.PEM))
        file.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(chain)
    finally:
        chain.unlink()
    return context


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
        message = decode(envelope)
        message["tls"] = tls_version(server)
        message["authenticatedOverTLS"] = getattr(session, "authenticated_over_tls", None)
        self.on_message(message)
        return "250 OK: kept"


class InjectingSMTP(SMTP):
    """Answers STARTTLS with its 220 and, in the same write, a reply in the clear."""

    async def push(self, status):
        if status == "220 Ready to start TLS":
            status += "\r\n250 injected in the clear"
        await super().push(status)


class InjectingController(Controller):
    def factory(self):
        return InjectingSMTP(self.handler, **self.SMTP_kwargs)


class Mailbox:
    """aiosmtpd on 127.0.0.1:`port` in a thread; the accepted messages in memory (and in `folder`)."""

    def __init__(
        self, port: int = 0, folder: Path | None = None, user: str | None = None, password: str | None = None,
        tls: str | None = None, cert_names: list[str] | None = None, inject_after_starttls: bool = False,
    ):
        self.port = port or free_port()
        self.folder = folder
        self._messages: list[dict] = []
        self._lock = threading.Lock()
        options: dict = {}
        if user is not None:
            def authenticate(server, session, envelope, mechanism, auth_data):
                session.authenticated_over_tls = tls_version(server) is not None
                ok = mechanism == "PLAIN" and auth_data.login == user.encode() and auth_data.password == password.encode()
                return AuthResult(success=ok, handled=False)
            # aiosmtpd knows TLS only from STARTTLS: there it refuses AUTH before it (and does not
            # offer it); in the clear (loopback) and under implicit TLS it must not ask for STARTTLS.
            options = {"authenticator": authenticate, "auth_required": True, "auth_require_tls": tls == "starttls"}
        if tls is not None:
            if folder is None:
                raise ValueError("a TLS sink needs a folder for its ca.pem")
            context = make_tls_context(folder, cert_names or ["127.0.0.1", "localhost"])
            if tls == "starttls":
                options |= {"tls_context": context, "require_starttls": True}
            elif tls == "implicit":
                options |= {"ssl_context": context}
            else:
                raise ValueError(f"tls must be implicit or starttls, not {tls}")
        controller = InjectingController if inject_after_starttls else Controller
        self.controller = controller(Handler(self._keep), hostname="127.0.0.1", port=self.port, **options)

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
    parser.add_argument("--tls", choices=["implicit", "starttls"])
    parser.add_argument("--cert-name", action="append", dest="cert_names")
    parser.add_argument("--inject-after-starttls", action="store_true")
    args = parser.parse_args()
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    mailbox = Mailbox(args.port, folder, args.user, args.password, args.tls, args.cert_names, args.inject_after_starttls).start()
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
