#!/usr/bin/python3
"""Write the photo fixtures in tests/fixtures/photos/, deterministically.

Run:  /usr/bin/python3 tools/make-test-photos.py
(Debian's python3, because Pillow comes from Debian's python3-pil.)
Needs the Debian packages python3-pil, libimage-exiftool-perl (exiftool),
imagemagick (/usr/bin/convert, /usr/bin/identify) and libheif-examples
(heif-enc, heif-convert). The script checks every file it writes and stops
with an AssertionError when one does not decode upright with the right colours.

Every fixture holds the same UPRIGHT picture, 600x400 landscape, four solid
quadrants (see tests/fixtures/photos/README.md) with a white 40x40 marker
square near the top-left corner, inside the red quadrant.
"""

import io
import os
import struct
import subprocess
import tempfile
import zlib

from PIL import Image, ImageOps

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "photos")

W, H = 600, 400
RED = (220, 30, 30)
GREEN = (30, 160, 60)
BLUE = (30, 60, 200)
YELLOW = (240, 200, 40)
WHITE = (255, 255, 255)
# (x, y) of each quadrant centre in the upright picture, and its colour
CENTRES = [((150, 100), RED), ((450, 100), GREEN), ((150, 300), BLUE), ((450, 300), YELLOW)]
MARKER = (20, 20, 60, 60)  # x0, y0, x1, y1 (exclusive) of the white square

CONVERT = "/usr/bin/convert"  # the real ImageMagick, not a stand-in earlier on PATH
IDENTIFY = "/usr/bin/identify"
EXIFTOOL = "/usr/bin/exiftool"
HEIF_ENC = "/usr/bin/heif-enc"
HEIF_CONVERT = "/usr/bin/heif-convert"

DATE = "2024:05:01 10:30:00"
CAMERA_TAGS = [
    "-Make=Apple",
    "-Model=iPhone 13",
    "-DateTimeOriginal=" + DATE,
    "-CreateDate=" + DATE,
    "-GPSLatitude=30.5",
    "-GPSLatitudeRef=N",
    "-GPSLongitude=114.3",
    "-GPSLongitudeRef=E",
]

# What a viewer does for EXIF Orientation N (Pillow's exif_transpose table);
# the stored picture is the upright one put through the inverse.
VIEWER_OP = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,  # 90 degrees clockwise
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,  # 90 degrees counter-clockwise
}
INVERSE = {
    None: None,
    Image.Transpose.FLIP_LEFT_RIGHT: Image.Transpose.FLIP_LEFT_RIGHT,
    Image.Transpose.ROTATE_180: Image.Transpose.ROTATE_180,
    Image.Transpose.FLIP_TOP_BOTTOM: Image.Transpose.FLIP_TOP_BOTTOM,
    Image.Transpose.TRANSPOSE: Image.Transpose.TRANSPOSE,
    Image.Transpose.ROTATE_270: Image.Transpose.ROTATE_90,
    Image.Transpose.TRANSVERSE: Image.Transpose.TRANSVERSE,
    Image.Transpose.ROTATE_90: Image.Transpose.ROTATE_270,
}


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def upright():
    im = Image.new("RGB", (W, H))
    im.paste(RED, (0, 0, W // 2, H // 2))
    im.paste(GREEN, (W // 2, 0, W, H // 2))
    im.paste(BLUE, (0, H // 2, W // 2, H))
    im.paste(YELLOW, (W // 2, H // 2, W, H))
    im.paste(WHITE, MARKER)
    return im


def grey_of(rgb):
    # ITU-R 601-2 luma, what Pillow's convert("L") computes
    return Image.new("RGB", (1, 1), rgb).convert("L").getpixel((0, 0))


def near(a, b, tol):
    if isinstance(a, int):
        a, b = (a,), (b,)
    return all(abs(x - y) <= tol for x, y in zip(a, b))


def check_upright(im, name, tol=12, grey=False):
    """im is the picture as a viewer shows it; assert it is the upright one."""
    assert im.size == (W, H), f"{name}: shown size {im.size}, want {(W, H)}"
    im = im.convert("L" if grey else "RGB")
    for (x, y), rgb in CENTRES + [((40, 40), WHITE)]:
        want = grey_of(rgb) if grey else rgb
        got = im.getpixel((x, y))
        assert near(got, want, tol), f"{name}: pixel {(x, y)} is {got}, want {want}"


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def write_png16(path, size, channels, rows):
    """A 16-bit PNG written by hand (Pillow cannot write 16-bit RGB).

    rows yields tuples of 16-bit samples, channels per pixel."""
    w, h = size
    colour_type = {1: 0, 3: 2}[channels]
    raw = bytearray()
    for row in rows:
        raw.append(0)  # filter type None
        raw += struct.pack(">%dH" % (w * channels), *row)
    assert len(raw) == h * (1 + 2 * w * channels)
    data = b"\x89PNG\r\n\x1a\n"
    data += png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, colour_type, 0, 0, 0))
    data += png_chunk(b"IDAT", zlib.compress(bytes(raw), 9))
    data += png_chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(data)


def to16(v):
    # high byte is the 8-bit value; the low byte 0x80 differs from it, so a
    # decoder that reads the bytes in the wrong order gets grey 128 instead
    return v * 256 + 0x80


def heif_decode(path, tmp):
    png = os.path.join(tmp, "decoded.png")
    run(HEIF_CONVERT, path, png)
    with Image.open(png) as im:
        im.load()
        return im.copy()


# ---- HEIF box surgery: give an encoded file an irot (and imir) property ----


def boxes(data, start, end):
    """(type, box start, payload start, box end) of each box in data[start:end]."""
    out = []
    pos = start
    while pos < end:
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        head = 8
        if size == 1:
            size = struct.unpack(">Q", data[pos + 8 : pos + 16])[0]
            head = 16
        elif size == 0:
            size = end - pos
        out.append((kind.decode("latin-1"), pos, pos + head, pos + size))
        pos += size
    assert pos == end
    return out


def find(bs, kind):
    hits = [b for b in bs if b[0] == kind]
    assert len(hits) == 1, f"want one {kind} box, found {len(hits)}"
    return hits[0]


def add_transforms(data, props):
    """Append the property boxes in props (bytes each) to ipco and associate
    them, essential, with the primary item, in that order. Returns new bytes.

    Works on the simple files heif-enc writes: ftyp, meta, mdat, one coded
    item, iloc offsets absolute in the file (construction method 0)."""
    data = bytearray(data)
    top = boxes(data, 0, len(data))
    meta = find(top, "meta")
    mbs = boxes(data, meta[2] + 4, meta[3])  # meta is a full box
    pitm = find(mbs, "pitm")
    assert data[pitm[2]] == 0, "pitm version 0 expected"
    primary = struct.unpack(">H", data[pitm[2] + 4 : pitm[2] + 6])[0]
    iprp = find(mbs, "iprp")
    ibs = boxes(data, iprp[2], iprp[3])
    ipco = find(ibs, "ipco")
    ipma = find(ibs, "ipma")
    n_props = len(boxes(data, ipco[2], ipco[3]))

    # rebuild ipma with the new associations
    version, flags = data[ipma[2]], int.from_bytes(data[ipma[2] + 1 : ipma[2] + 4], "big")
    assert not flags & 1, "7-bit property indices expected"
    p = ipma[2] + 4
    count = struct.unpack(">I", data[p : p + 4])[0]
    p += 4
    new_ipma = bytearray(data[ipma[2] : ipma[2] + 8])
    found = False
    for _ in range(count):
        if version < 1:
            item = struct.unpack(">H", data[p : p + 2])[0]
            item_raw = data[p : p + 2]
            p += 2
        else:
            item = struct.unpack(">I", data[p : p + 4])[0]
            item_raw = data[p : p + 4]
            p += 4
        n = data[p]
        assoc = data[p + 1 : p + 1 + n]
        p += 1 + n
        if item == primary:
            found = True
            assoc = assoc + bytes(0x80 | (n_props + 1 + i) for i in range(len(props)))
            assert n_props + len(props) < 128
        new_ipma += item_raw + bytes([len(assoc)]) + assoc
    assert found and p == ipma[3]
    new_ipma = struct.pack(">I", 8 + len(new_ipma)) + b"ipma" + new_ipma

    added = b"".join(props)
    new_ipco = data[ipco[1] : ipco[3]] + added
    new_ipco[0:4] = struct.pack(">I", len(new_ipco))
    assert ipco[3] <= ipma[1]
    new_iprp = data[iprp[1] : ipco[1]] + new_ipco + data[ipco[3] : ipma[1]] + new_ipma + data[ipma[3] : iprp[3]]
    new_iprp[0:4] = struct.pack(">I", len(new_iprp))
    delta = len(new_iprp) - (iprp[3] - iprp[1])
    new_meta = data[meta[1] : iprp[1]] + new_iprp + data[iprp[3] : meta[3]]
    new_meta[0:4] = struct.pack(">I", len(new_meta))
    out = data[: meta[1]] + new_meta + data[meta[3] :]

    # everything after meta moved by delta: fix the iloc offsets that point there
    iloc = find(boxes(out, meta[1] + 12, meta[1] + len(new_meta)), "iloc")
    p = iloc[2]
    version = out[p]
    p += 4
    offset_size, length_size = out[p] >> 4, out[p] & 15
    base_size, index_size = out[p + 1] >> 4, (out[p + 1] & 15 if version in (1, 2) else 0)
    p += 2
    if version < 2:
        count = struct.unpack(">H", out[p : p + 2])[0]
        p += 2
    else:
        count = struct.unpack(">I", out[p : p + 4])[0]
        p += 4

    def field(pos, size):
        return int.from_bytes(out[pos : pos + size], "big") if size else 0

    def shift(pos, size):
        value = field(pos, size)
        if value >= meta[3]:  # points past the old meta box
            out[pos : pos + size] = (value + delta).to_bytes(size, "big")

    for _ in range(count):
        p += 2 if version < 2 else 4  # item_ID
        method = 0
        if version in (1, 2):
            method = out[p + 1] & 15
            p += 2
        p += 2  # data_reference_index
        base_pos = p
        base = field(p, base_size)
        p += base_size
        extents = struct.unpack(">H", out[p : p + 2])[0]
        p += 2
        if method == 0 and base_size and base:
            shift(base_pos, base_size)
        for _ in range(extents):
            p += index_size
            if method == 0 and not base:
                shift(p, offset_size)
            p += offset_size + length_size
    assert p == iloc[3]
    return bytes(out)


def irot(angle_ccw):
    return struct.pack(">I4sB", 9, b"irot", angle_ccw // 90)


def imir(mode):
    return struct.pack(">I4sB", 9, b"imir", mode)


def main():
    os.makedirs(OUT, exist_ok=True)
    up = upright()
    check_upright(up, "upright", tol=0)
    with tempfile.TemporaryDirectory() as tmp:
        up_png = os.path.join(tmp, "upright.png")
        up.save(up_png)

        # orient-1.jpg ... orient-8.jpg
        for n, op in VIEWER_OP.items():
            inv = INVERSE[op]
            stored = up.transpose(inv) if inv is not None else up
            path = os.path.join(OUT, f"orient-{n}.jpg")
            stored.save(path, "JPEG", quality=90)
            run(EXIFTOOL, "-q", f"-Orientation#={n}", *CAMERA_TAGS, "-overwrite_original", path)
            with Image.open(path) as im:
                assert im.getexif().get(0x0112) == n
                assert im.size == ((W, H) if n <= 4 else (H, W))
                check_upright(ImageOps.exif_transpose(im), path)

        # cmyk.jpg: ImageMagick writes Adobe APP14 and inverted CMYK, as Photoshop does
        path = os.path.join(OUT, "cmyk.jpg")
        run(CONVERT, up_png, "-colorspace", "CMYK", "-quality", "90", "-strip", path)
        with open(path, "rb") as f:
            assert b"Adobe" in f.read(4096), "no Adobe APP14 marker"
        with Image.open(path) as im:
            assert im.mode == "CMYK", im.mode
            check_upright(im.convert("RGB"), path, tol=25)

        # cmyk-transform0.jpg: Pillow's CMYK JPEG, also inverted with an Adobe
        # marker but colour transform 0 (plain CMYK, not YCCK); Pillow's
        # RGB->CMYK conversion leaves K at 0
        path = os.path.join(OUT, "cmyk-transform0.jpg")
        up.convert("CMYK").save(path, "JPEG", quality=90)
        with open(path, "rb") as f:
            head = f.read(4096)
            at = head.index(b"Adobe")
            assert head[at + 11] == 0, "Adobe transform 0 expected"
        with Image.open(path) as im:
            assert im.mode == "CMYK", im.mode
            check_upright(im.convert("RGB"), path, tol=25)

        # progressive.jpg
        path = os.path.join(OUT, "progressive.jpg")
        up.save(path, "JPEG", quality=90, progressive=True)
        with Image.open(path) as im:
            assert im.info.get("progressive") or im.info.get("progression")
            check_upright(im, path)

        # grey.jpg
        path = os.path.join(OUT, "grey.jpg")
        up.convert("L").save(path, "JPEG", quality=90)
        with Image.open(path) as im:
            assert im.mode == "L"
            check_upright(im, path, grey=True, tol=4)

        # rgb16.png and grey16.png, written by hand
        path = os.path.join(OUT, "rgb16.png")
        px = up.load()
        write_png16(path, (W, H), 3, ([to16(c) for x in range(W) for c in px[x, y]] for y in range(H)))
        with Image.open(path) as im:
            assert im.mode == "RGB", im.mode  # Pillow keeps the high bytes
            check_upright(im, path, tol=0)
        check_png16(path, up, 3)

        path = os.path.join(OUT, "grey16.png")
        grey = up.convert("L")
        gp = grey.load()
        write_png16(path, (W, H), 1, ([to16(gp[x, y]) for x in range(W)] for y in range(H)))
        with Image.open(path) as im:
            assert im.mode in ("I;16", "I;16B", "I"), im.mode
            assert im.getpixel((150, 100)) == to16(grey_of(RED))
        check_png16(path, up, 1)

        # grey-alpha.png: 8-bit grey + alpha, left half opaque, right half transparent
        path = os.path.join(OUT, "grey-alpha.png")
        alpha = Image.new("L", (W, H), 0)
        alpha.paste(255, (0, 0, W // 2, H))
        la = up.convert("L")
        la.putalpha(alpha)
        la.save(path)
        with Image.open(path) as im:
            assert im.mode == "LA"
            check_upright(im.convert("L"), path, grey=True, tol=0)
            assert im.getpixel((150, 100))[1] == 255 and im.getpixel((450, 100))[1] == 0

        # photo.heic: heif-enc from the upright picture
        path = os.path.join(OUT, "photo.heic")
        run(HEIF_ENC, "-q", "90", "-o", path, up_png)
        check_upright(heif_decode(path, tmp), path, tol=12)

        # rotated.heic: stored 400x600, irot 90 (counter-clockwise) makes it upright
        stored_png = os.path.join(tmp, "stored.png")
        up.transpose(Image.Transpose.ROTATE_270).save(stored_png)  # 90 clockwise
        plain = os.path.join(tmp, "stored.heic")
        run(HEIF_ENC, "-q", "90", "-o", plain, stored_png)
        path = os.path.join(OUT, "rotated.heic")
        with open(plain, "rb") as f:
            enc = f.read()
        with open(path, "wb") as f:
            f.write(add_transforms(enc, [irot(90)]))
        check_upright(heif_decode(path, tmp), path, tol=12)

        # rotated-mirrored.heic: stored is the upright picture transposed
        # (400x600); irot 270 (counter-clockwise) then imir 1 makes it upright.
        # imir's bit was first called "axis" (HEIF 2017, read either way), then
        # "mode" (amendment 2): mode 0 flips top and bottom, mode 1 swaps left
        # and right, as libheif and iPhones do. So 1 here: left-right.
        up.transpose(Image.Transpose.TRANSPOSE).save(stored_png)
        run(HEIF_ENC, "-q", "90", "-o", plain, stored_png)
        path = os.path.join(OUT, "rotated-mirrored.heic")
        with open(plain, "rb") as f:
            enc = f.read()
        with open(path, "wb") as f:
            f.write(add_transforms(enc, [irot(270), imir(1)]))
        check_upright(heif_decode(path, tmp), path, tol=12)

    total = 0
    for name in sorted(os.listdir(OUT)):
        size = os.path.getsize(os.path.join(OUT, name))
        total += size
        print(f"{size:8d}  {name}")
    print(f"{total:8d}  total")
    assert total < 600_000


def check_png16(path, up, channels):
    """Decode the 16-bit PNG with ImageMagick to 16-bit text and compare."""
    out = run(CONVERT, path, "-depth", "16", "txt:-")
    want_grey = up.convert("L")
    seen = 0
    for line in out.splitlines()[1:]:
        coords, rest = line.split(":", 1)
        x, y = map(int, coords.split(","))
        if (x, y) not in [c for c, _ in CENTRES]:
            continue
        values = rest.strip().split(")")[0].strip("( ").split(",")
        values = [int(v) for v in values][:channels]
        if channels == 3:
            want = [to16(v) for v in up.getpixel((x, y))]
        else:
            want = [to16(want_grey.getpixel((x, y)))]
        assert values == want, f"{path}: {(x, y)} is {values}, want {want}"
        seen += 1
    assert seen == 4, seen
    depth = run(IDENTIFY, "-format", "%z %[channels]", path)
    assert depth.startswith("16 "), depth


if __name__ == "__main__":
    main()
