#!/usr/bin/env python3
"""The release zip for Windows, readable by the unzip tool an office has.

    python3 tools/windows/make-zip.py FOLDER OUT.zip

Zips what is in FOLDER, at the top of the zip (Explorer's "extract all"
puts it in a folder named after the zip already). Chinese file names
are the hard part: the zip extractor built into Windows 7-10 Explorer
ignores the UTF-8 flag of the zip format and reads every name in the PC's
code page, which on a Chinese Windows is GBK (CP936). So each name is stored
in GBK without that flag, as Chinese zip tools write it, and also in UTF-8
in the Info-ZIP Unicode Path extra field (0x7075), which 7-Zip, WinRAR,
Bandizip, 360压缩 and Linux's unzip prefer when present. A name GBK cannot
spell stops the zip: Explorer would unpack it garbled.

Relies on zipfile's ZipInfo._encodeFilenameFlags (CPython 3.6 to 3.13).

Entries are in sorted order with a fixed time, so the same folder gives the
same zip.
"""
import struct
import sys
import zipfile
import zlib
from pathlib import Path

FIXED_TIME = (2026, 1, 1, 0, 0, 0)


class OfficeZipInfo(zipfile.ZipInfo):
    """A ZipInfo whose name is written in GBK, without the UTF-8 flag."""

    def _encodeFilenameFlags(self):  # noqa: N802 (zipfile's own name)
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def unicode_path_field(name: str) -> bytes:
    """Info-ZIP Unicode Path extra field: the UTF-8 name, tied by CRC-32 to
    the name in the header (here its GBK bytes)."""
    header_name = name.encode("gbk")
    utf8 = name.encode("utf-8")
    body = struct.pack("<BI", 1, zlib.crc32(header_name)) + utf8
    return struct.pack("<HH", 0x7075, len(body)) + body


def main():
    folder, out = Path(sys.argv[1]), Path(sys.argv[2])
    paths = sorted(p for p in folder.rglob("*"))
    for path in paths:
        try:
            path.name.encode("gbk")
        except UnicodeEncodeError:
            sys.exit(f"{path}: a name Windows' own unzip cannot show (not in GBK); rename it")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in paths:
            rel = path.relative_to(folder).as_posix()
            name = rel + ("/" if path.is_dir() else "")
            info = OfficeZipInfo(name, FIXED_TIME)
            info.create_system = 0  # MS-DOS: no Unix modes to confuse Explorer
            info.extra = unicode_path_field(name)
            if path.is_dir():
                info.external_attr = 0x10  # the DOS directory attribute
                archive.writestr(info, b"")
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes(), compresslevel=9)
    print(f"{out} ({out.stat().st_size // 1024} KB, {len(paths)} entries)")


if __name__ == "__main__":
    main()
