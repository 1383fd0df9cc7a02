"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd), on a port the system picks.

Each message it is handed is answered from a script (250 by default; "451 ..." or "554 ..."
as given; "cut" closes the connection without answering), and kept with its envelope when
accepted. Plain, STARTTLS (required) or implicit TLS, with an optional login.
"""

from __future__ import annotations

import asyncio
import email
import ssl
import threading
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.data, policy=policy.default)  # type: ignore[return-value]


@dataclass
class Handler:
    script: list[str] = field(default_factory=list)  # answers to DATA, in order; then 250
    refuse: dict[str, str] = field(default_factory=dict)  # recipient -> answer to every message for them
    received: list[Received] = field(default_factory=list)
    answered: list[str] = field(default_factory=list)  # every answer given to DATA, in order

    async def handle_DATA(self, server, session, envelope):
        recipient = envelope.rcpt_tos[0]
        answer = self.refuse.get(recipient) or (self.script.pop(0) if self.script else "250 2.0.0 Ok: queued")
        self.answered.append(answer)
        if answer == "cut":
            server.transport.close()  # the connection is lost before the server answers
            return "451 closing"
        if answer.startswith("250"):
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return answer


class Server:
    """`with Server(handler) as server:` listens on 127.0.0.1:server.port until the block ends."""

    def __init__(self, handler: Handler, *, starttls: ssl.SSLContext | None = None, implicit_tls: ssl.SSLContext | None = None,
                 login: tuple[str, str] | None = None):
        self.handler = handler
        self.starttls, self.implicit_tls, self.login = starttls, implicit_tls, login
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.port = 0

    def _smtp(self) -> SMTP:
        options: dict = {"hostname": "localhost", "enable_SMTPUTF8": True}
        if self.starttls is not None:
            options |= {"tls_context": self.starttls, "require_starttls": True}
        if self.login is not None:
            options |= {"authenticator": self._authenticate, "auth_require_tls": self.starttls is not None or self.implicit_tls is not None}
        return SMTP(self.handler, **options)

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        given = (auth_data.login.decode(), auth_data.password.decode()) if isinstance(auth_data, LoginPassword) else None
        return AuthResult(success=given == self.login, handled=False)  # a failure answers 535

    def __enter__(self) -> Server:
        self.thread.start()
        create = self.loop.create_server(self._smtp, "127.0.0.1", 0, ssl=self.implicit_tls)
        self.server = asyncio.run_coroutine_threadsafe(create, self.loop).result(10)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc) -> None:
        async def stop():
            self.server.close()
            await self.server.wait_closed()

        asyncio.run_coroutine_threadsafe(stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()
