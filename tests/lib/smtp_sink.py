#!/usr/bin/env python3
"""A real SMTP server on 127.0.0.1 for cvdhub's black-box tests (aiosmtpd).

Every accepted message is written, byte for byte after a Delivered-To line,
into a Maildir (new/). It can misbehave on purpose, to test delivery:
  --reject ADDR          answer 550 to RCPT TO:<ADDR> (a permanent failure)
  --stall-rcpt-at N      hold the RCPT of the N-th transaction for --stall-seconds
  --crash-at-data N      die (os._exit) when the N-th message's data has arrived,
                         before storing or answering it: "stopped mid-delivery"
Lines on stdout: "READY <port>", "STALL <n>", "STORED <message-id> <file>", "CRASH <n>".
"""
import argparse
import asyncio
import os
import re
import sys
import time

from aiosmtpd.smtp import SMTP


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Handler:
    def __init__(self, args):
        self.args = args
        self.rcpts = 0
        self.datas = 0
        for sub in ("new", "cur", "tmp"):
            os.makedirs(os.path.join(args.maildir, sub), exist_ok=True)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpts += 1
        if address.lower() in (a.lower() for a in self.args.reject):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        if self.args.stall_rcpt_at and self.rcpts == self.args.stall_rcpt_at:
            say("STALL %d" % self.rcpts)
            await asyncio.sleep(self.args.stall_seconds)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.datas += 1
        if self.args.crash_at_data and self.datas == self.args.crash_at_data:
            say("CRASH %d" % self.datas)
            os._exit(3)
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        m = re.search(rb"^Message-ID:\s*(<[^>\r\n]+>)", data, re.I | re.M)
        mid = m.group(1).decode("ascii", "replace") if m else "-"
        name = "%d.%d_%d.sink" % (time.time(), os.getpid(), self.datas)
        tmp = os.path.join(self.args.maildir, "tmp", name)
        with open(tmp, "wb") as f:
            for rcpt in envelope.rcpt_tos:
                f.write(b"Delivered-To: " + rcpt.encode("utf-8") + b"\r\n")
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        final = os.path.join(self.args.maildir, "new", name)
        os.rename(tmp, final)
        say("STORED %s %s" % (mid, final))
        return "250 2.0.0 Ok: queued"


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--maildir", required=True)
    p.add_argument("--reject", action="append", default=[])
    p.add_argument("--stall-rcpt-at", type=int, default=0)
    p.add_argument("--stall-seconds", type=float, default=30)
    p.add_argument("--crash-at-data", type=int, default=0)
    args = p.parse_args()
    handler = Handler(args)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, decode_data=False, enable_SMTPUTF8=True, hostname="sink.test"),
        host="127.0.0.1", port=args.port, reuse_address=True)
    say("READY %d" % args.port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
