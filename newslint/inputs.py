"""Input formats: how files become documents, and how fixed documents are written back.

Built in:

- ``text`` (``.txt``, ``.text``, ``.md``): the whole file is one document. The
  text is exactly the file's (newlines kept as they are; a leading byte-order
  mark is removed and restored on write).
- ``jsonl`` (``.jsonl``, ``.ndjson``): one document per line, the text taken from
  a configurable field (default ``text``). Fixes rewrite only that field's value in
  the changed records; every other byte of the file stays as it was.

A ``.gz`` file is decompressed transparently and read by its inner suffix; fixes
are never written to compressed files. ``-`` reads standard input.

Bad input never stops the run: it becomes an ``input`` finding (code ``NL9xx``)
naming the file and, for JSONL, the line.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from json.decoder import scanstring
from pathlib import Path
from typing import BinaryIO

from newslint.document import Document
from newslint.plugins import hookimpl

BOM = "\ufeff"
_SNIFF_BYTES = 8192
_READ_BLOCK = 1 << 20  # bytes read at a time where the size is not known (standard input, .gz)
_SNIFF_CHARS = 2048  # binary files show control characters at once
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class InputProblem:
    """A file or record newslint could not read; reported as an ``input`` finding."""

    code: str
    message: str
    line: int | None = None
    record: int | None = None


@dataclass
class ReadSettings:
    """What the input formats read from the configuration."""

    text_field: str = "text"
    id_field: str | None = None
    max_document_bytes: int = 50 * 1024 * 1024


@dataclass
class Source:
    """A file (or standard input) to read, as given on the command line."""

    path: str
    fs_path: Path | None
    settings: ReadSettings = field(default_factory=ReadSettings)
    data: bytes | None = None  # standard input, read up front
    #: Set by the text format: whether the file started with a byte-order mark.
    had_bom: bool = False

    @property
    def compressed(self) -> bool:
        return self.path.endswith(".gz")

    @property
    def inner_name(self) -> str:
        return self.path[:-3] if self.compressed else self.path

    def open_binary(self) -> BinaryIO:
        """The (decompressed) bytes of the file."""
        raw: BinaryIO = io.BytesIO(self.data) if self.data is not None else open(self.fs_path, "rb")
        return gzip.GzipFile(fileobj=raw, mode="rb") if self.compressed else raw

    def sha256(self) -> str:
        """Hash of the file's bytes as stored (compressed bytes for ``.gz``)."""
        digest = hashlib.sha256()
        if self.data is not None:
            digest.update(self.data)
        else:
            with open(self.fs_path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        return digest.hexdigest()


class InputFormat:
    """Base class for input formats, contributed with ``newslint_register_input_formats``."""

    #: Short name, shown in messages.
    name: str = ""
    #: File suffixes this format claims, lower case, with the dot.
    suffixes: tuple[str, ...] = ()
    #: Whether :meth:`write` is implemented (fixes can be written back).
    writable: bool = False

    def documents(self, source: Source) -> Iterator[Document | InputProblem]:
        """Yield the file's documents, and an :class:`InputProblem` for anything unreadable."""
        raise NotImplementedError

    def write(self, source: Source, fixed: Mapping[int | None, str], out: BinaryIO) -> None:
        """Write the file to ``out`` with the given documents replaced (key: ``record``)."""
        raise NotImplementedError(f"the {self.name} format cannot write fixes")


def decode_text(data: bytes) -> tuple[str | None, InputProblem | None]:
    """UTF-8 text of a file, or the problem that prevents reading it as text."""
    if not data:
        return None, InputProblem("NL904", "empty file")
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        return None, InputProblem("NL903", "binary file (NUL bytes): not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start:exc.start + 1].hex()
        return None, InputProblem("NL902", f"invalid UTF-8 at line {line}, byte offset {exc.start} (0x{bad}): "
                                           "re-encode the file as UTF-8", line=line)
    controls = len(_CONTROL_CHARS.findall(text, 0, _SNIFF_CHARS)) if _CONTROL_CHARS.search(text, 0, _SNIFF_CHARS) else 0
    if controls > 0.1 * min(len(text), _SNIFF_CHARS):
        return None, InputProblem("NL903", "binary file (mostly control characters): not text")
    return text, None


def _read_limited(source: Source) -> tuple[bytes | None, InputProblem | None]:
    limit = source.settings.max_document_bytes
    try:
        with source.open_binary() as handle:
            data = _read_at_most(handle, limit + 1)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        return None, InputProblem("NL901", f"cannot read file: {exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}")
    if len(data) > limit:
        return None, InputProblem("NL907", f"document larger than max-document-size ({limit // (1024 * 1024)} MiB); "
                                           "split it or raise the limit")
    return data, None


def _read_at_most(handle: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes of ``handle``.

    ``read(size)`` would set aside ``size`` bytes for every file, however small (a quarter
    of the time of reading a corpus of small files, with the default limit): a plain file
    whose size is known is read whole, anything else in blocks.
    """
    if isinstance(handle, io.BufferedReader):
        known = os.fstat(handle.fileno()).st_size
        if known < size:
            return handle.read()
    blocks, total = [], 0
    while total < size:
        block = handle.read(min(_READ_BLOCK, size - total))
        if not block:
            break
        blocks.append(block)
        total += len(block)
    return b"".join(blocks)


class TextFormat(InputFormat):
    name = "text"
    suffixes = (".txt", ".text", ".md")
    writable = True

    def documents(self, source: Source) -> Iterator[Document | InputProblem]:
        data, problem = _read_limited(source)
        if problem is None:
            text, problem = decode_text(data)
        if problem is not None:
            yield problem
            return
        source.had_bom = text.startswith(BOM)
        if source.had_bom:
            text = text[1:]
        if not text.strip():
            yield InputProblem("NL904", "empty document (only white space)")
            return
        yield Document(text, source.path)

    def write(self, source: Source, fixed: Mapping[int | None, str], out: BinaryIO) -> None:
        out.write(((BOM if source.had_bom else "") + fixed[None]).encode("utf-8"))


_WS = re.compile(r"[ \t\n\r]*")
_decoder = json.JSONDecoder()


def field_value_span(line: str, key: str) -> tuple[int, int] | None:
    """Where the value of top-level ``key`` sits in a one-line JSON object (last one wins)."""
    i = _WS.match(line).end()
    if i >= len(line) or line[i] != "{":
        return None
    i += 1
    span = None
    while True:
        i = _WS.match(line, i).end()
        if line[i] == "}":
            return span
        if line[i] != '"':
            return None
        name, i = scanstring(line, i + 1)
        i = _WS.match(line, i).end()
        if line[i] != ":":
            return None
        i = _WS.match(line, i + 1).end()
        start = i
        _, i = _decoder.raw_decode(line, i)
        if name == key:
            span = (start, i)
        i = _WS.match(line, i).end()
        if line[i] == ",":
            i += 1
        elif line[i] == "}":
            return span
        else:
            return None


class JsonlFormat(InputFormat):
    name = "jsonl"
    suffixes = (".jsonl", ".ndjson")
    writable = True

    def documents(self, source: Source) -> Iterator[Document | InputProblem]:
        settings = source.settings
        key = settings.text_field
        any_line = False
        try:
            handle = source.open_binary()
        except OSError as exc:
            yield InputProblem("NL901", f"cannot read file: {exc.strerror or exc}")
            return
        with handle:
            try:
                for index, raw in enumerate(handle):
                    any_line = True
                    line_no = index + 1
                    if not raw.strip():
                        continue
                    if len(raw) > settings.max_document_bytes:
                        yield InputProblem("NL907", f"line {line_no}: record larger than max-document-size",
                                           line_no, index)
                        continue
                    if index == 0 and raw.startswith(b"\xef\xbb\xbf"):
                        raw = raw[3:]
                    try:
                        line = raw.decode("utf-8")
                    except UnicodeDecodeError as exc:
                        yield InputProblem("NL902", f"line {line_no}: invalid UTF-8 at byte {exc.start} of the line",
                                           line_no, index)
                        continue
                    try:
                        record = json.loads(line)
                    except json.JSONDecodeError as exc:
                        yield InputProblem("NL905", f"line {line_no}: malformed JSON: {exc.msg} (column {exc.colno})",
                                           line_no, index)
                        continue
                    if not isinstance(record, dict):
                        yield InputProblem("NL905", f"line {line_no}: not a JSON object", line_no, index)
                        continue
                    text = record.get(key)
                    if not isinstance(text, str):
                        what = "has no" if key not in record else "has a non-string"
                        yield InputProblem("NL906", f"line {line_no}: record {what} field {key!r} "
                                                    "(set jsonl.text-field)", line_no, index)
                        continue
                    if not text.strip():
                        yield InputProblem("NL904", f"line {line_no}: empty text in field {key!r}", line_no, index)
                        continue
                    surrogate = _SURROGATE.search(text)
                    if surrogate is not None:
                        yield InputProblem("NL902", f"line {line_no}: field {key!r} holds a lone surrogate escape "
                                                    f"(\\u{ord(surrogate.group()):04x}), which is not valid Unicode "
                                                    "text", line_no, index)
                        continue
                    record_id = None
                    if settings.id_field and record.get(settings.id_field) is not None:
                        record_id = str(record[settings.id_field])
                    yield Document(text, source.path, record=index, record_id=record_id)
            except (OSError, EOFError, gzip.BadGzipFile) as exc:
                yield InputProblem("NL901", f"cannot read file: {exc}")
                return
        if not any_line:
            yield InputProblem("NL904", "empty file")

    def write(self, source: Source, fixed: Mapping[int | None, str], out: BinaryIO) -> None:
        key = source.settings.text_field
        with source.open_binary() as handle:
            for index, raw in enumerate(handle):
                if index not in fixed:
                    out.write(raw)
                    continue
                bom = b"\xef\xbb\xbf" if index == 0 and raw.startswith(b"\xef\xbb\xbf") else b""
                line = raw[len(bom):].decode("utf-8")
                span = field_value_span(line, key)
                if span is None:  # cannot happen for a record we read; keep the line as it was
                    out.write(raw)
                    continue
                old = line[span[0]:span[1]]
                ascii_style = old.isascii() and "\\u" in old
                token = json.dumps(fixed[index], ensure_ascii=ascii_style)
                out.write(bom + (line[:span[0]] + token + line[span[1]:]).encode("utf-8"))


@hookimpl
def newslint_register_input_formats():
    return [TextFormat(), JsonlFormat()]


@hookimpl
def newslint_register_rules():
    from newslint import input_problems

    return input_problems.RULES
