"""Starts the reference stack exactly as `uvicorn app:app ...` would, with one fix for --workers N.

uvicorn's multiprocess supervisor binds the listening socket itself and leaves its protocol at 0. Accepted
connections inherit it, and asyncio turns TCP_NODELAY on only for sockets that say IPPROTO_TCP, so with two or
more workers every keep-alive request after the first waits about 40 ms for the client's delayed ACK (uvicorn
issue #3149; measured here: 2 workers gave 0.7k req/s at p50 44 ms, half of 1 worker). The fix below gives the
bound socket its protocol; a single worker is unaffected either way.
Usage: python bench/reference/serve.py app:app --app-dir bench/reference --workers 2 ...
"""
import socket
import sys

import uvicorn.config
from uvicorn.main import main

_bind_socket = uvicorn.config.Config.bind_socket


def bind_socket(self):
    sock = _bind_socket(self)
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.proto == 0:
        sock = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
    return sock


uvicorn.config.Config.bind_socket = bind_socket

if __name__ == "__main__":
    sys.exit(main())
