#!/usr/bin/env python3
"""Describe the primary image of a HEIF/HEIC/AVIF file from its boxes.

Usage: python3 tools/heif-describe.py FILE...
Standard library only. For each file prints one block: brands, primary item
type, coded size (ispe), the transforms in the order the file applies them
(clap, irot, imir), the size a viewer shows, grid layout and tile size, bit
depth and chroma of the coded tiles, thumbnails, auxiliary images (depth,
alpha, gain map) and whether there is Exif. `heif-info -d` shows the same
boxes raw; this reads them into the facts a photo pipeline needs.
irot angles are counter-clockwise. imir: 0 flips top and bottom, 1 swaps
left and right (HEIF amendment 2 "mode", what libheif and iPhones do).
"""

import struct
import sys


def boxes(data, start, end):
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        head = 8
        if size == 1:
            size = struct.unpack(">Q", data[pos + 8 : pos + 16])[0]
            head = 16
        elif size == 0:
            size = end - pos
        if size < head or pos + size > end:
            raise ValueError(f"bad box {kind!r} at {pos}")
        yield kind.decode("latin-1"), pos + head, pos + size
        pos += size


def child(data, start, end, kind):
    for k, s, e in boxes(data, start, end):
        if k == kind:
            return s, e
    return None


def describe(path):
    with open(path, "rb") as f:
        data = f.read()
    out = {"file": path, "bytes": len(data)}
    top = list(boxes(data, 0, len(data)))
    for k, s, e in top:
        if k == "ftyp":
            compatible = [data[p : p + 4].decode("latin-1") for p in range(s + 8, e, 4)]
            out["brands"] = "major %s; compatible %s" % (data[s : s + 4].decode("latin-1"), ",".join(compatible))
    meta = [(s, e) for k, s, e in top if k == "meta"]
    if not meta:
        raise ValueError("no meta box")
    ms, me = meta[0]
    ms += 4  # full box
    primary = None
    items = {}  # id -> dict(type, hidden, name)
    refs = []  # (type, from, [to])
    props = []  # (kind, payload start, payload end)
    assoc = {}  # item -> [(index, essential)]
    iloc = {}  # item -> (method, [(offset, length)])
    idat = None
    for k, s, e in boxes(data, ms, me):
        if k == "pitm":
            v = data[s]
            primary = struct.unpack(">H" if v == 0 else ">I", data[s + 4 : s + (6 if v == 0 else 8)])[0]
        elif k == "iinf":
            v = data[s]
            p = s + 4 + (2 if v == 0 else 4)
            for ik, is_, ie in boxes(data, p, e):
                if ik != "infe":
                    continue
                iv, iflags = data[is_], int.from_bytes(data[is_ + 1 : is_ + 4], "big")
                q = is_ + 4
                if iv < 2:
                    continue
                if iv == 2:
                    iid = struct.unpack(">H", data[q : q + 2])[0]
                    q += 2
                else:
                    iid = struct.unpack(">I", data[q : q + 4])[0]
                    q += 4
                q += 2  # protection index
                itype = data[q : q + 4].decode("latin-1")
                name = data[q + 4 : ie].split(b"\0")[0].decode("utf-8", "replace")
                items[iid] = {"type": itype, "hidden": bool(iflags & 1), "name": name}
        elif k == "iref":
            v = data[s]
            w = 2 if v == 0 else 4
            fmt = ">H" if w == 2 else ">I"
            for rk, rs, re_ in boxes(data, s + 4, e):
                frm = struct.unpack(fmt, data[rs : rs + w])[0]
                n = struct.unpack(">H", data[rs + w : rs + w + 2])[0]
                to = [struct.unpack(fmt, data[rs + w + 2 + i * w : rs + w + 2 + (i + 1) * w])[0] for i in range(n)]
                refs.append((rk, frm, to))
        elif k == "iprp":
            ipco = child(data, s, e, "ipco")
            if ipco:
                props = list(boxes(data, *ipco))
            for pk, ps, pe in boxes(data, s, e):
                if pk != "ipma":
                    continue
                v, flags = data[ps], int.from_bytes(data[ps + 1 : ps + 4], "big")
                q = ps + 4
                n = struct.unpack(">I", data[q : q + 4])[0]
                q += 4
                for _ in range(n):
                    if v < 1:
                        iid = struct.unpack(">H", data[q : q + 2])[0]
                        q += 2
                    else:
                        iid = struct.unpack(">I", data[q : q + 4])[0]
                        q += 4
                    cnt = data[q]
                    q += 1
                    lst = assoc.setdefault(iid, [])
                    for _ in range(cnt):
                        if flags & 1:
                            x = struct.unpack(">H", data[q : q + 2])[0]
                            q += 2
                            lst.append((x & 0x7FFF, bool(x & 0x8000)))
                        else:
                            lst.append((data[q] & 0x7F, bool(data[q] & 0x80)))
                            q += 1
        elif k == "iloc":
            v = data[s]
            q = s + 4
            osz, lsz = data[q] >> 4, data[q] & 15
            bsz, isz = data[q + 1] >> 4, (data[q + 1] & 15 if v in (1, 2) else 0)
            q += 2
            if v < 2:
                n = struct.unpack(">H", data[q : q + 2])[0]
                q += 2
            else:
                n = struct.unpack(">I", data[q : q + 4])[0]
                q += 4

            def rd(size):
                nonlocal q
                x = int.from_bytes(data[q : q + size], "big") if size else 0
                q += size
                return x

            for _ in range(n):
                iid = rd(2 if v < 2 else 4)
                method = rd(2) & 15 if v in (1, 2) else 0
                rd(2)
                base = rd(bsz)
                ext = []
                for _ in range(rd(2)):
                    rd(isz)
                    off = rd(osz)
                    ext.append((base + off, rd(lsz)))
                iloc[iid] = (method, ext)
        elif k == "idat":
            idat = (s, e)

    def payload(iid):
        method, ext = iloc.get(iid, (0, []))
        if method == 1 and idat:
            return b"".join(data[idat[0] + o : idat[0] + o + n] for o, n in ext)
        if method == 0:
            return b"".join(data[o : o + n] for o, n in ext)
        return b""

    def item_props(iid):
        res = []
        for idx, ess in assoc.get(iid, []):
            if idx == 0 or idx > len(props):
                continue
            k, s, e = props[idx - 1]
            res.append((k, data[s:e]))
        return res

    def ispe(iid):
        for k, b in item_props(iid):
            if k == "ispe":
                return struct.unpack(">II", b[4:12])
        return None

    def coding(iid):
        for k, b in item_props(iid):
            if k == "hvcC" and len(b) > 18:
                chroma = {0: "4:0:0", 1: "4:2:0", 2: "4:2:2", 3: "4:4:4"}[b[16] & 3]
                return f"HEVC {8 + (b[17] & 7)}-bit {chroma}"
            if k == "av1C" and len(b) >= 4:
                depth = 12 if b[2] & 0x20 else (10 if b[2] & 0x40 else 8)
                mono = bool(b[2] & 0x10)
                sx, sy = bool(b[2] & 0x08), bool(b[2] & 0x04)
                chroma = "4:0:0" if mono else ("4:2:0" if sx and sy else ("4:2:2" if sx else "4:4:4"))
                return f"AV1 {depth}-bit {chroma}"
        return None

    out["primary_item"] = primary
    it = items.get(primary, {})
    out["primary_type"] = it.get("type")
    size = ispe(primary)
    out["coded_size"] = f"{size[0]}x{size[1]}" if size else None
    transforms = []
    w, h = size if size else (0, 0)
    for k, b in item_props(primary):
        if k == "clap":
            n = struct.unpack(">8I", b[:32])
            cw, ch = n[0] / n[1], n[2] / n[3]
            transforms.append(f"clap {cw:g}x{ch:g}")
            w, h = int(cw), int(ch)
        elif k == "irot":
            angle = (b[0] & 3) * 90
            transforms.append(f"irot {angle} ccw")
            if angle in (90, 270):
                w, h = h, w
        elif k == "imir":
            mode = b[0] & 1
            transforms.append("imir %d (%s)" % (mode, "top-bottom flip" if mode == 0 else "left-right flip"))
    out["transforms"] = ", ".join(transforms) or "none"
    out["shown_size"] = f"{w}x{h}" if size else None
    tiles = [to for rk, frm, to in refs if rk == "dimg" and frm == primary]
    tiles = tiles[0] if tiles else []
    if out["primary_type"] == "grid":
        g = payload(primary)
        if len(g) >= 8:
            rows, cols = g[2] + 1, g[3] + 1
            if g[1] & 1:
                ow, oh = struct.unpack(">II", g[4:12])
            else:
                ow, oh = struct.unpack(">HH", g[4:8])
            ts = ispe(tiles[0]) if tiles else None
            out["grid"] = f"{cols} columns x {rows} rows, {len(tiles)} tiles of {ts[0]}x{ts[1]}, output {ow}x{oh}" if ts else f"{cols}x{rows}"
        out["coding"] = coding(tiles[0]) if tiles else None
    else:
        out["grid"] = "no"
        out["coding"] = coding(primary)
    thumbs = [frm for rk, frm, to in refs if rk == "thmb" and primary in to]
    out["thumbnails"] = ", ".join(
        "%s %s" % (items.get(t, {}).get("type"), "x".join(map(str, ispe(t) or ()))) for t in thumbs
    ) or "none"
    aux = []
    for rk, frm, to in refs:
        if rk == "auxl" and primary in to:
            kind = "?"
            for k, b in item_props(frm):
                if k == "auxC":
                    kind = b[4:].split(b"\0")[0].decode("latin-1")
            aux.append("%s %s" % (kind, "x".join(map(str, ispe(frm) or ()))))
    if any(v.get("type") == "tmap" for v in items.values()):
        aux.append("tmap (gain-map derived item)")
    out["auxiliary"] = "; ".join(aux) or "none"
    meta_items = [items[frm]["type"] if frm in items else "?" for rk, frm, to in refs if rk == "cdsc" and primary in to]
    for frm in [frm for rk, frm, to in refs if rk == "cdsc" and primary in to]:
        if items.get(frm, {}).get("type") == "mime":
            meta_items[meta_items.index("mime")] = "XMP/mime"
    out["metadata_items"] = ", ".join(meta_items) or "none"
    # images a viewer could show on their own: not hidden, not a tile, thumbnail or auxiliary image
    dependent = {frm for rk, frm, to in refs if rk in ("thmb", "auxl")}
    dependent |= {t for rk, frm, to in refs if rk == "dimg" for t in to}
    visible = [
        i
        for i, v in items.items()
        if not v["hidden"] and i not in dependent and v["type"] in ("hvc1", "av01", "grid", "iden", "iovl", "jpeg", "tmap")
    ]
    out["top_level_images"] = len(visible)
    return out


def main():
    rc = 0
    for path in sys.argv[1:]:
        try:
            d = describe(path)
        except Exception as e:  # report and go on
            print(f"file: {path}\n  error: {e}\n")
            rc = 1
            continue
        print(f"file: {d.pop('file')}")
        for k, v in d.items():
            print(f"  {k}: {v}")
        print()
    return rc


if __name__ == "__main__":
    sys.exit(main())
