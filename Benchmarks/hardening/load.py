#!/usr/bin/env python3
"""Holds idle and slow connections open against Portunus's listeners, for a bounded time.

For each target (host:port:kind) it keeps COUNT connections open: half idle (connected,
sending nothing) and half slow (a partial request or handshake, then one more byte a
second: slowloris). A connection the server closes is opened again at once, so the
pressure stays at COUNT for the whole run; the printed counts say how often the server
closed them. Connections come from SOURCES loopback addresses (127.0.1.1, 127.0.1.2 …) so
that a per-address cap does not refuse them all, as an attack from many hosts would.

usage: load.py SECONDS COUNT SOURCES host:port:kind ...   (kind: http, osmand, teltonika)
"""
import asyncio
import socket
import sys
import time

SLOW_START = {
    "http": b"GET /healthz HTTP/1.1\r\nHost: portunus\r\nX-Slow: ",
    "osmand": b"POST /?id=356307042441013 HTTP/1.1\r\nHost: tracker\r\nX-Slow: ",
    "teltonika": b"\x00",  # the first byte of the 2-byte IMEI length; the rest never comes
}


class Counts:
    def __init__(self):
        self.opened = 0
        self.closed_by_server = 0
        self.failed = 0
        self.open_now = 0
        self.peak = 0


async def hold(host, port, kind, slow, source, deadline, counts):
    while time.monotonic() < deadline:
        writer = None
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(host, port, local_addr=(source, 0)), timeout=5)
            counts.opened += 1
            counts.open_now += 1
            counts.peak = max(counts.peak, counts.open_now)
            try:
                if slow:
                    writer.write(SLOW_START[kind])
                    await writer.drain()
                while time.monotonic() < deadline:
                    if slow:
                        writer.write(b"a" if kind != "teltonika" else b"\x0f")
                        await writer.drain()
                    # Wait a second for the server to close (EOF) or answer.
                    try:
                        data = await asyncio.wait_for(reader.read(1024), timeout=1)
                        if not data:
                            counts.closed_by_server += 1
                            break
                    except asyncio.TimeoutError:
                        pass
            finally:
                counts.open_now -= 1
        except (OSError, asyncio.TimeoutError, ConnectionError):
            counts.failed += 1
            await asyncio.sleep(0.2)
        finally:
            if writer is not None:
                writer.close()


async def main():
    seconds, count, sources = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    targets = [t.rsplit(":", 2) for t in sys.argv[4:]]
    deadline = time.monotonic() + seconds
    tasks, stats = [], []
    for host, port, kind in targets:
        counts = Counts()
        stats.append((kind, port, counts))
        for i in range(count):
            source = "127.0.1.%d" % (1 + i % sources)
            tasks.append(asyncio.create_task(hold(host, int(port), kind, i % 2 == 1, source, deadline, counts)))
            if i % 200 == 199:
                await asyncio.sleep(0.05)  # a ramp, not a SYN flood the backlog would drop
    await asyncio.gather(*tasks)
    for kind, port, c in stats:
        print("%-9s port %s: %d connections held (peak %d open), %d opened in all, %d closed by the server, %d failed to connect"
              % (kind, port, count, c.peak, c.opened, c.closed_by_server, c.failed))


if __name__ == "__main__":
    asyncio.run(main())
