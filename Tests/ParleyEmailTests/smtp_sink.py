#!/usr/bin/env python3
"""A local SMTP sink for ParleyEmail's tests, built on aiosmtpd's Controller.

Binds a free port (127.0.0.1 unless --host says otherwise), prints that port as the first line on stdout, then
appends every message it accepts to --out as one JSON line:
{mail_from, rcpt_tos, data, auth_login, auth_mechanism, parsed: {headers, body}}; `parsed` is what Python's `email` package
makes of the message, as an independent check of the rendering.

Recipients steer failures: a local part starting with "reject" gets 550 at RCPT, "defer" gets 451 at RCPT,
"drop" closes the connection at RCPT. --hang-after-data accepts DATA but never answers the final "."; --drop-after-data
closes the connection when the final "." arrives, without answering.
"""

import argparse
import asyncio
import email
import email.policy
import json
import socket
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port(host):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class Sink:
    def __init__(self, out, hang_after_data, drop_after_data):
        self.out = out
        self.hang_after_data = hang_after_data
        self.drop_after_data = drop_after_data

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 Mailbox unavailable"
        if local.startswith("defer"):
            return "451 4.3.0 Try again later"
        if local.startswith("drop"):
            server.transport.close()
            return "421 4.3.0 Closing"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.hang_after_data:
            await asyncio.sleep(3600)
        if self.drop_after_data:
            server.transport.close()
            await asyncio.sleep(3600)
        raw = envelope.original_content
        message = email.message_from_bytes(raw.replace(b"\r\n", b"\n"), policy=email.policy.default)
        auth = session.auth_data
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "data": raw.decode("utf-8", errors="replace"),
            "auth_login": auth.login.decode("utf-8") if isinstance(auth, LoginPassword) else None,
            "auth_mechanism": getattr(session, "auth_mechanism", None),
            "parsed": {
                "headers": {name: str(value) for name, value in message.items()},
                # The plain-text part: the whole body, or the text beside a calendar invite.
                "body": message.get_body(preferencelist=("plain",)).get_content(),
            },
        }
        with open(self.out, "a", encoding="utf-8") as sink:
            sink.write(json.dumps(record) + "\n")
        return "250 2.0.0 Message accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tls", choices=["none", "starttls", "implicit"], default="none")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--auth-user")
    parser.add_argument("--auth-pass")
    parser.add_argument("--auth-mechanisms", default="PLAIN,LOGIN", help="comma-separated AUTH mechanisms to advertise")
    parser.add_argument("--hang-after-data", action="store_true")
    parser.add_argument("--drop-after-data", action="store_true")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    context = None
    if args.tls != "none":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == args.auth_user
            and auth_data.password.decode() == args.auth_pass
        )
        session.auth_mechanism = mechanism
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    server_kwargs = {
        # AUTH only after STARTTLS in that mode; in the others the channel is either already TLS (which aiosmtpd
        # does not count) or plain loopback.
        "auth_require_tls": args.tls == "starttls",
    }
    if args.auth_user is not None:
        server_kwargs["authenticator"] = authenticator
    offered = {m for m in args.auth_mechanisms.upper().split(",") if m}
    server_kwargs["auth_exclude_mechanism"] = [m for m in ("PLAIN", "LOGIN") if m not in offered]
    if args.tls == "starttls":
        server_kwargs["tls_context"] = context

    port = free_port(args.host)
    controller = Controller(
        Sink(args.out, args.hang_after_data, args.drop_after_data),
        hostname=args.host,
        port=port,
        ssl_context=context if args.tls == "implicit" else None,
        server_hostname="localhost",
        **server_kwargs,
    )
    controller.start()
    print(port, flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
