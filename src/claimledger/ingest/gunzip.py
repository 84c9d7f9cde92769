"""A gzip reader that gives every byte it can decompress before damage, then says why it ends.

Python's ``gzip.GzipFile`` raises ``EOFError`` on a truncated file and drops the block it was
decompressing, and warcio reads only archives gzipped record by record. This stream reads
single- and multi-member gzip alike, returns what it decompressed before the file ended early
(``truncated`` is then set), and raises ``zlib.error`` on corrupt data only after the good
bytes before it were read. Output is produced in bounded pieces, so a gzip bomb is read as a
long stream, never held whole.
"""

from __future__ import annotations

import io
import zlib
from typing import IO

_CHUNK = 1 << 16
_GZIP_WBITS = zlib.MAX_WBITS | 16


class Gunzip(io.RawIOBase):
    """The decompressed bytes of ``raw``, a binary stream of gzip data."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw = raw
        self._inflate = zlib.decompressobj(wbits=_GZIP_WBITS)
        self._input = b""  # compressed bytes not yet given to the decompressor
        self._output = b""
        self._in_member = False
        self._ended = False
        self.truncated = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._output and not self._ended:
            self._fill()
        count = min(len(buffer), len(self._output))
        buffer[:count] = self._output[:count]
        self._output = self._output[count:]
        return count

    def _fill(self) -> None:
        if not self._input:
            self._input = self._raw.read(_CHUNK)
            if not self._input:
                # The file ends: inside a member it was cut short.
                self.truncated = self._in_member
                self._ended = True
                return
        if not self._in_member and not self._input.strip(b"\x00"):
            # Zero padding after the last member (tape blocks, some writers) is not data.
            self._input = b""
            return
        self._in_member = True
        self._output = self._inflate.decompress(self._input, _CHUNK)
        self._input = self._inflate.unconsumed_tail
        if self._inflate.eof:
            self._input = self._inflate.unused_data + self._input
            self._inflate = zlib.decompressobj(wbits=_GZIP_WBITS)
            self._in_member = False


def open_gunzip(raw: IO[bytes]) -> io.BufferedReader:
    """A buffered ``Gunzip`` over ``raw``; its ``raw.truncated`` says if the file ended early."""
    return io.BufferedReader(Gunzip(raw), buffer_size=_CHUNK)
