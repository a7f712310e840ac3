#!/usr/bin/python3
"""Validate a safetensors file against the published format and list its tensors.

Usage: /usr/bin/python3 scripts/check_safetensors.py [--values] FILE...

Checks, from the bytes up: an 8-byte little-endian header length N within the file and at most
100,000,000; N bytes of UTF-8 JSON that begin with '{' and end with '}' plus space padding; one
object whose "__metadata__" (optional) maps strings to strings and whose other keys are tensors
with exactly "dtype", "shape" and "data_offsets"; known dtypes; non-negative integer shapes;
element count * dtype size equal to the offset span; offsets that tile the data buffer with no
gap, overlap or trailing bytes; no duplicate keys. The same rules as MLLab's reader
(engine/lm/safetensors.cpp, tested in tests/engine/tst_safetensors.cpp), written independently.

Prints one line per tensor, "name  DTYPE  [shape]", with --values followed by its first values
(numpy decodes them), then the metadata and a summary. Exit status: 0 valid, 1 invalid, 2 usage.
Needs only the standard library; numpy only for --values.
"""

import argparse
import json
import struct
import sys

MAX_HEADER = 100_000_000
DTYPE_SIZES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2,
               "I8": 1, "U8": 1, "BOOL": 1}
NUMPY_TYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4",
               "I16": "<i2", "I8": "i1", "U8": "u1", "BOOL": "u1"}
ENTRY_KEYS = {"dtype", "shape", "data_offsets"}
SHOWN_VALUES = 8


class Invalid(Exception):
    pass


def unique_object(pairs):
    keys = [key for key, _ in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise Invalid(f"key '{key}' appears twice in the header")
    return dict(pairs)


def reject_constant(name):
    raise Invalid(f"the header is not valid JSON ({name} is not a JSON number)")


def is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def parse_header(raw, size):
    if size < 8:
        raise Invalid(f"file is {size} bytes, shorter than the 8-byte header length")
    (length,) = struct.unpack("<Q", raw[:8])
    if length > MAX_HEADER:
        raise Invalid(f"header length {length} bytes is above the limit of {MAX_HEADER}")
    if length > size - 8:
        raise Invalid(f"header length {length} bytes runs past the end of the file ({size} bytes)")
    try:
        text = raw[8:8 + length].decode("utf-8", errors="strict")
    except UnicodeDecodeError as error:
        raise Invalid(f"the header is not valid UTF-8 (byte {error.start} of the header)")
    if not text.startswith("{"):
        raise Invalid("the header does not begin with '{'")
    if not text.rstrip(" ").endswith("}"):
        raise Invalid("the header JSON is not an object followed only by space padding")
    try:
        header = json.loads(text, object_pairs_hook=unique_object, parse_constant=reject_constant)
    except json.JSONDecodeError as error:
        raise Invalid(f"the header is not valid JSON: {error}")
    return header, 8 + length


def check_entry(name, entry):
    if not isinstance(entry, dict):
        raise Invalid(f"tensor '{name}' is described by a JSON {type(entry).__name__}")
    if set(entry) != ENTRY_KEYS:
        raise Invalid(f"tensor '{name}' has keys {sorted(entry)}, expected {sorted(ENTRY_KEYS)}")
    dtype, shape, offsets = entry["dtype"], entry["shape"], entry["data_offsets"]
    if dtype not in DTYPE_SIZES:
        raise Invalid(f"tensor '{name}' has unknown dtype {dtype!r}")
    if not isinstance(shape, list) or not all(is_count(d) for d in shape):
        raise Invalid(f"tensor '{name}' has shape {shape!r}, not a list of non-negative integers")
    if (not isinstance(offsets, list) or len(offsets) != 2
            or not all(is_count(o) for o in offsets)):
        raise Invalid(f"tensor '{name}' has data_offsets {offsets!r}, expected [begin, end]")
    begin, end = offsets
    if begin > end:
        raise Invalid(f"tensor '{name}' has data_offsets {offsets} out of order")
    count = 1
    for dim in shape:
        count *= dim
    if count * DTYPE_SIZES[dtype] != end - begin:
        raise Invalid(f"tensor '{name}' has shape {shape} of {dtype} "
                      f"({count * DTYPE_SIZES[dtype]} bytes) but data_offsets {offsets} "
                      f"span {end - begin} bytes")


def check_layout(tensors, data_size):
    position = 0
    previous = None
    for name, entry in sorted(tensors.items(), key=lambda item: item[1]["data_offsets"]):
        begin, end = entry["data_offsets"]
        if end > data_size:
            raise Invalid(f"tensor '{name}' runs past the end of the data buffer "
                          f"({data_size} bytes)")
        if begin > position:
            raise Invalid(f"gap of {begin - position} bytes before tensor '{name}'")
        if begin < position:
            raise Invalid(f"tensors '{previous}' and '{name}' overlap")
        position, previous = end, name
    if position != data_size:
        trailing = data_size - position
        raise Invalid(f"the data buffer has {trailing} byte{'s' if trailing != 1 else ''} "
                      f"trailing after the last tensor")


def format_values(raw, start, entry):
    import numpy

    dtype = entry["dtype"]
    begin, end = entry["data_offsets"]
    chunk = raw[start + begin:start + end]
    if dtype == "BF16":  # numpy has no bfloat16: widen the 16 bits to the top of a float32
        values = (numpy.frombuffer(chunk, "<u2").astype("<u4") << 16).view("<f4")
    else:
        values = numpy.frombuffer(chunk, NUMPY_TYPES[dtype])
    shown = values[:SHOWN_VALUES]
    if dtype.startswith(("F", "B")) and dtype != "BOOL":
        text = " ".join(format(float(v), "g") for v in shown)
    else:
        text = " ".join(str(int(v)) for v in shown)
    return text + (" ..." if values.size > SHOWN_VALUES else "")


def check_file(path, show_values):
    with open(path, "rb") as stream:
        raw = stream.read()
    header, start = parse_header(raw, len(raw))
    metadata = header.pop("__metadata__", {})
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise Invalid("\"__metadata__\" is not an object of strings")
    for name, entry in header.items():
        check_entry(name, entry)
    check_layout(header, len(raw) - start)
    for name in sorted(header):
        entry = header[name]
        shape = "[" + ", ".join(str(d) for d in entry["shape"]) + "]"
        line = f"{name}  {entry['dtype']}  {shape}"
        if show_values:
            line += "  " + format_values(raw, start, entry)
        print(line)
    for key in sorted(metadata):
        print(f"{key} = {metadata[key]}")
    print(f"{path}: valid: {len(header)} tensors, {len(raw) - start} data bytes, "
          f"header {start - 8} bytes")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--values", action="store_true", help="print the first values of each")
    parser.add_argument("files", nargs="+")
    arguments = parser.parse_args()
    status = 0
    for path in arguments.files:
        try:
            check_file(path, arguments.values)
        except Invalid as problem:
            print(f"{path}: {problem}", file=sys.stderr)
            status = 1
        except OSError as error:
            print(f"{path}: {error.strerror}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
