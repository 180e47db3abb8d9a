#!/usr/bin/env python3
"""Draw the images of the example site, deterministically.

Run from anywhere:  python3 tools/make-example-images.py
Needs Pillow (pip install pillow). Re-running writes byte-identical files.

- brand logos: abstract geometric emblems in red #C8161D and gold #D4A64A on a
  transparent background (never a Party emblem, flag, hammer-and-sickle or a
  star on red: their use is regulated);
- member portraits: 600x800 stylised head-and-shoulders silhouettes on a soft
  gradient;
- volunteer photos: 1200x800 abstract illustrated scenes (sky, tents, tables,
  people shapes).
No text is drawn (no CJK fonts are assumed).
"""

import hashlib
import math
import os
import random

from PIL import Image, ImageDraw, ImageFilter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STATIC = os.path.join(ROOT, "static", "images")
BRANCHES = os.path.join(ROOT, "content", "branches")

RED = (200, 22, 29)
DARK_RED = (179, 18, 26)
GOLD = (212, 166, 74)
LIGHT_GOLD = (243, 213, 138)
WHITE = (255, 255, 255)

JPEG = dict(quality=75, optimize=True, progressive=False)
SS = 4  # supersampling factor for smooth edges


def rng_for(name):
    seed = int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:16], 16)
    return random.Random(seed)


def save_png(img, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # a 64-colour palette keeps logos small and still antialiased
    img = img.quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    img.save(path, "PNG", optimize=True)


def save_jpeg(img, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    img.convert("RGB").save(path, "JPEG", **JPEG)


def mix(a, b, t):
    return tuple(int(round(a[i] + (b[i] - a[i]) * t)) for i in range(3))


def vgradient(w, h, top, bottom):
    col = Image.new("RGB", (1, h))
    for y in range(h):
        col.putpixel((0, y), mix(top, bottom, y / max(1, h - 1)))
    return col.resize((w, h))


def soft_light(img, box, colour, strength, blur):
    """Blend a blurred ellipse of colour over img (no dark fringe)."""
    img = img.convert("RGBA")
    mask = Image.new("L", img.size, 0)
    ImageDraw.Draw(mask).ellipse(box, fill=strength)
    mask = mask.filter(ImageFilter.GaussianBlur(blur))
    layer = Image.new("RGBA", img.size, colour + (255,))
    return Image.composite(layer, img, mask)


# ---------------------------------------------------------------- logos

def logo_canvas(size=320):
    s = size * SS
    return Image.new("RGBA", (s, s), (0, 0, 0, 0)), s


def finish_logo(img, size=320):
    return img.resize((size, size), Image.LANCZOS)


def ring(d, cx, cy, r, width, fill):
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=fill, width=width)


def logo_pulse():
    """急诊: a red ring crossed by a gold pulse line."""
    img, s = logo_canvas()
    d = ImageDraw.Draw(img)
    c = s / 2
    ring(d, c, c, s * 0.44, int(s * 0.06), RED)
    d.ellipse((c - s * 0.34, c - s * 0.34, c + s * 0.34, c + s * 0.34), fill=(200, 22, 29, 28))
    pts = [(0.14, 0.52), (0.36, 0.52), (0.43, 0.36), (0.50, 0.70), (0.57, 0.26),
           (0.64, 0.52), (0.86, 0.52)]
    d.line([(x * s, y * s) for x, y in pts], fill=GOLD, width=int(s * 0.045), joint="curve")
    for x, y in (pts[0], pts[-1]):
        r = s * 0.03
        d.ellipse((x * s - r, y * s - r, x * s + r, y * s + r), fill=GOLD)
    return finish_logo(img)


def logo_eye():
    """眼科: an almond eye shape with a red iris and a gold ring."""
    img, s = logo_canvas()
    d = ImageDraw.Draw(img)
    c = s / 2
    # almond: intersection of two large circles
    mask = Image.new("L", (s, s), 0)
    m1 = Image.new("L", (s, s), 0)
    R = s * 0.62
    ImageDraw.Draw(m1).ellipse((c - R, c - R + s * 0.42, c + R, c + R + s * 0.42), fill=255)
    m2 = Image.new("L", (s, s), 0)
    ImageDraw.Draw(m2).ellipse((c - R, c - R - s * 0.42, c + R, c + R - s * 0.42), fill=255)
    from PIL import ImageChops
    mask = ImageChops.multiply(m1, m2)
    gold = Image.new("RGBA", (s, s), GOLD + (255,))
    img.paste(gold, (0, 0), mask)
    inner = mask.filter(ImageFilter.MinFilter(size=int(s * 0.05) | 1))
    white = Image.new("RGBA", (s, s), WHITE + (255,))
    img.paste(white, (0, 0), inner)
    d = ImageDraw.Draw(img)
    r = s * 0.17
    d.ellipse((c - r, c - r, c + r, c + r), fill=RED)
    r2 = s * 0.07
    d.ellipse((c - r2, c - r2, c + r2, c + r2), fill=LIGHT_GOLD)
    ring(d, c, c, s * 0.47, int(s * 0.025), RED)
    return finish_logo(img)


def heart(d, cx, cy, w, fill):
    r = w * 0.27
    d.ellipse((cx - w * 0.5, cy - w * 0.42, cx - w * 0.5 + 2 * r, cy - w * 0.42 + 2 * r), fill=fill)
    d.ellipse((cx + w * 0.5 - 2 * r, cy - w * 0.42, cx + w * 0.5, cy - w * 0.42 + 2 * r), fill=fill)
    d.polygon([(cx - w * 0.49, cy - w * 0.08), (cx + w * 0.49, cy - w * 0.08), (cx, cy + w * 0.5)], fill=fill)


def logo_hearts():
    """心血管: two overlapping hearts, red and gold."""
    img, s = logo_canvas()
    d = ImageDraw.Draw(img)
    heart(d, s * 0.40, s * 0.50, s * 0.50, RED)
    over = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    heart(ImageDraw.Draw(over), s * 0.60, s * 0.50, s * 0.50, GOLD + (220,))
    img = Image.alpha_composite(img, over)
    d = ImageDraw.Draw(img)
    ring(d, s / 2, s / 2, s * 0.47, int(s * 0.025), RED)
    return finish_logo(img)


def logo_drop():
    """血液科: a red drop inside a gold ring."""
    img, s = logo_canvas()
    d = ImageDraw.Draw(img)
    c = s / 2
    ring(d, c, c, s * 0.45, int(s * 0.05), GOLD)
    r = s * 0.20
    cy = s * 0.58
    d.ellipse((c - r, cy - r, c + r, cy + r), fill=RED)
    d.polygon([(c - r * 0.97, cy - r * 0.25), (c + r * 0.97, cy - r * 0.25), (c, s * 0.17)], fill=RED)
    hr = r * 0.28
    d.ellipse((c - r * 0.55 - hr, cy - hr, c - r * 0.55 + hr, cy + hr), fill=LIGHT_GOLD)
    return finish_logo(img)


def logo_shield():
    """重症医学科: a shield with a gold rising arc."""
    img, s = logo_canvas()
    d = ImageDraw.Draw(img)
    top, bot = s * 0.14, s * 0.88
    l, r = s * 0.20, s * 0.80
    d.polygon([(l, top), (r, top), (r, s * 0.52), (s / 2, bot), (l, s * 0.52)], fill=RED)
    d.pieslice((l, s * 0.16, r, s * 0.88), 0, 180, fill=RED)
    d.arc((s * 0.30, s * 0.34, s * 0.70, s * 0.74), 200, 340, fill=GOLD, width=int(s * 0.05))
    cr = s * 0.05
    d.ellipse((s / 2 - cr, s * 0.46 - cr, s / 2 + cr, s * 0.46 + cr), fill=LIGHT_GOLD)
    return finish_logo(img)


def logo_child():
    """儿科: a large and a small circle under a gold sun arc."""
    img, s = logo_canvas()
    d = ImageDraw.Draw(img)
    d.arc((s * 0.10, s * 0.10, s * 0.90, s * 0.90), 180, 360, fill=GOLD, width=int(s * 0.05))
    r1 = s * 0.17
    d.ellipse((s * 0.38 - r1, s * 0.56 - r1, s * 0.38 + r1, s * 0.56 + r1), fill=RED)
    r2 = s * 0.11
    d.ellipse((s * 0.66 - r2, s * 0.62 - r2, s * 0.66 + r2, s * 0.62 + r2), fill=GOLD)
    d.rounded_rectangle((s * 0.16, s * 0.80, s * 0.84, s * 0.85), radius=s * 0.02, fill=RED)
    return finish_logo(img)


def logo_wings():
    """护理部: a red circle held by two gold wing shapes."""
    img, s = logo_canvas()
    wings = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    wd = ImageDraw.Draw(wings)
    for i in range(3):
        off = i * s * 0.07
        wd.ellipse((s * 0.06 + off, s * 0.30 + off, s * 0.50, s * 0.56 + off), fill=GOLD + (255 - i * 50,))
        wd.ellipse((s * 0.50, s * 0.30 + off, s * 0.94 - off, s * 0.56 + off), fill=GOLD + (255 - i * 50,))
    img = Image.alpha_composite(img, wings)
    d = ImageDraw.Draw(img)
    r = s * 0.16
    d.ellipse((s / 2 - r, s * 0.46 - r, s / 2 + r, s * 0.46 + r), fill=RED, outline=WHITE, width=int(s * 0.02))
    return finish_logo(img)


def logo_capsule():
    """药学部: a capsule, half red half gold, with a leaf."""
    img, s = logo_canvas()
    cap = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    cd = ImageDraw.Draw(cap)
    w, h = s * 0.62, s * 0.26
    x0, y0 = (s - w) / 2, (s - h) / 2
    cd.rounded_rectangle((x0, y0, x0 + w, y0 + h), radius=h / 2, fill=GOLD)
    cd.rounded_rectangle((x0, y0, x0 + w / 2 + h / 2, y0 + h), radius=h / 2, fill=RED)
    cd.rectangle((x0 + w / 2, y0, x0 + w / 2 + h / 2, y0 + h), fill=GOLD)
    cd.line((x0 + w / 2, y0, x0 + w / 2, y0 + h), fill=WHITE, width=int(s * 0.012))
    cap = cap.rotate(35, resample=Image.BICUBIC, center=(s / 2, s / 2))
    img = Image.alpha_composite(img, cap)
    d = ImageDraw.Draw(img)
    leaf = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    ImageDraw.Draw(leaf).ellipse((s * 0.64, s * 0.15, s * 0.82, s * 0.23), fill=GOLD)
    leaf = leaf.rotate(40, resample=Image.BICUBIC, center=(s * 0.73, s * 0.19))
    img = Image.alpha_composite(img, leaf)
    d = ImageDraw.Draw(img)
    ring(d, s / 2, s / 2, s * 0.47, int(s * 0.02), RED)
    return finish_logo(img)


# ---------------------------------------------------------------- portraits

PORTRAIT_PALETTES = [
    ((247, 232, 214), (226, 190, 160), (120, 72, 60)),
    ((226, 236, 246), (176, 198, 222), (58, 74, 102)),
    ((236, 244, 232), (186, 214, 180), (64, 92, 70)),
    ((246, 230, 232), (222, 178, 184), (118, 50, 60)),
    ((240, 236, 250), (196, 186, 226), (80, 68, 120)),
    ((250, 242, 222), (232, 206, 140), (112, 86, 40)),
]


def portrait(name, w=600, h=800):
    rnd = rng_for("portrait:" + name)
    top, bottom, ink = PORTRAIT_PALETTES[rnd.randrange(len(PORTRAIT_PALETTES))]
    img = vgradient(w, h, top, bottom).convert("RGBA")
    # soft light circle behind the head
    gx = w * (0.5 + rnd.uniform(-0.05, 0.05))
    img = soft_light(img, (gx - w * 0.42, h * 0.08, gx + w * 0.42, h * 0.72), WHITE, 70, 40)

    big = Image.new("RGBA", (w * 2, h * 2), (0, 0, 0, 0))
    d = ImageDraw.Draw(big)
    W, H = w * 2, h * 2
    cx = W * (0.5 + rnd.uniform(-0.03, 0.03))
    coat = WHITE if rnd.random() < 0.7 else mix(ink, WHITE, 0.75)
    # shoulders (white coat), then neck and head in the ink colour
    sw = W * rnd.uniform(0.40, 0.46)
    d.rectangle((cx - W * 0.065, H * 0.55, cx + W * 0.065, H * 0.70), fill=ink + (255,))
    d.rounded_rectangle((cx - sw, H * 0.66, cx + sw, H * 1.1), radius=W * 0.22, fill=coat + (255,))
    # open collar showing the shirt, the neck continuing into it
    shirt = mix(ink, WHITE, 0.55)
    d.polygon([(cx - W * 0.10, H * 0.66), (cx + W * 0.10, H * 0.66), (cx, H * 0.86)], fill=shirt + (255,))
    d.polygon([(cx - W * 0.065, H * 0.66), (cx + W * 0.065, H * 0.66), (cx, H * 0.74)], fill=ink + (255,))
    hr_x = W * rnd.uniform(0.15, 0.17)
    hr_y = H * rnd.uniform(0.15, 0.165)
    hy = H * 0.40
    d.ellipse((cx - hr_x, hy - hr_y, cx + hr_x, hy + hr_y), fill=ink + (255,))
    # a hint of hair volume for variety
    style = rnd.randrange(3)
    if style == 1:
        d.ellipse((cx - hr_x * 1.12, hy - hr_y * 1.05, cx + hr_x * 1.12, hy + hr_y * 0.55), fill=ink + (255,))
    elif style == 2:
        d.rounded_rectangle((cx - hr_x * 1.1, hy - hr_y * 0.9, cx + hr_x * 1.1, hy + hr_y * 1.45),
                            radius=hr_x, fill=ink + (255,))
    # a small gold badge on the coat
    br = W * 0.018
    bx, by = cx - sw * 0.55, H * 0.78
    d.ellipse((bx - br, by - br, bx + br, by + br), fill=GOLD + (255,))
    big = big.resize((w, h), Image.LANCZOS)
    return Image.alpha_composite(img, big)


# ---------------------------------------------------------------- scenes

SKIES = [
    ((176, 212, 240), (236, 244, 250)),
    ((196, 220, 236), (250, 240, 226)),
    ((214, 226, 240), (246, 246, 246)),
    ((238, 210, 190), (250, 236, 214)),
]
GROUNDS = [(206, 222, 186), (214, 208, 196), (200, 214, 200), (222, 214, 200)]
CLOTHES = [RED, (60, 90, 140), (90, 120, 90), (70, 70, 80), (180, 120, 60), WHITE, (150, 60, 70)]


def person(d, x, y, scale, body, head=(92, 72, 62)):
    hr = 13 * scale
    d.ellipse((x - hr, y - 60 * scale - hr, x + hr, y - 60 * scale + hr), fill=head)
    d.rounded_rectangle((x - 17 * scale, y - 46 * scale, x + 17 * scale, y), radius=12 * scale, fill=body)


def tent(d, x, y, w, h, canopy):
    d.rectangle((x + w * 0.04, y - h * 0.70, x + w * 0.06, y), fill=(120, 120, 120))
    d.rectangle((x + w * 0.94, y - h * 0.70, x + w * 0.96, y), fill=(120, 120, 120))
    d.polygon([(x - w * 0.03, y - h * 0.70), (x + w * 1.03, y - h * 0.70), (x + w * 0.5, y - h)], fill=canopy)
    # scalloped valance
    n = 8
    for i in range(n):
        sx = x - w * 0.03 + i * (w * 1.06 / n)
        d.pieslice((sx, y - h * 0.76, sx + w * 1.06 / n, y - h * 0.62), 0, 180, fill=canopy)


def table(d, x, y, w):
    d.rectangle((x, y - 46, x + w, y - 36), fill=WHITE)
    d.rectangle((x, y - 36, x + w, y - 4), fill=(236, 232, 226))
    d.rectangle((x + 6, y - 4, x + 12, y + 6), fill=(150, 150, 150))
    d.rectangle((x + w - 12, y - 4, x + w - 6, y + 6), fill=(150, 150, 150))


def building(d, x, base, w, h, colour):
    d.rectangle((x, base - h, x + w, base), fill=colour)
    win = mix(colour, WHITE, 0.45)
    for wy in range(int(base - h + 18), int(base - 20), 34):
        for wx in range(int(x + 14), int(x + w - 20), 30):
            d.rectangle((wx, wy, wx + 14, wy + 18), fill=win)


def tree(d, x, base, s):
    d.rectangle((x - 5 * s, base - 40 * s, x + 5 * s, base), fill=(120, 96, 70))
    d.ellipse((x - 34 * s, base - 110 * s, x + 34 * s, base - 30 * s), fill=(104, 150, 96))


def scene(name, kind, w=1200, h=800):
    rnd = rng_for("scene:" + name)
    sky = SKIES[rnd.randrange(len(SKIES))]
    img = vgradient(w, h, *sky)
    d = ImageDraw.Draw(img)
    horizon = int(h * rnd.uniform(0.52, 0.58))
    # sun / soft light
    sx = rnd.uniform(0.15, 0.85) * w
    img = soft_light(img, (sx - 90, 60, sx + 90, 240), (255, 246, 214), 170, 30).convert("RGB")
    d = ImageDraw.Draw(img)
    # background buildings
    x = -20
    while x < w:
        bw = rnd.randint(120, 220)
        bh = rnd.randint(120, 300)
        building(d, x, horizon, bw, bh, mix(sky[0], (150, 160, 175), rnd.uniform(0.35, 0.6)))
        x += bw + rnd.randint(10, 60)
    ground = GROUNDS[rnd.randrange(len(GROUNDS))]
    d.rectangle((0, horizon, w, h), fill=ground)
    d.rectangle((0, horizon, w, horizon + 10), fill=mix(ground, (255, 255, 255), 0.3))
    for _ in range(rnd.randint(2, 4)):
        tree(d, rnd.uniform(0.03, 0.97) * w, horizon + 16, rnd.uniform(0.9, 1.3))

    base = int(h * 0.86)
    if kind in ("tent", "outdoor"):
        n = rnd.randint(2, 3)
        span = w / n
        for i in range(n):
            tx = span * i + rnd.uniform(40, 90)
            tw = span - rnd.uniform(90, 140)
            tent(d, tx, horizon + 120, tw, 230, RED if i % 2 == 0 else mix(RED, WHITE, 0.15))
            table(d, tx + tw * 0.15, horizon + 190, tw * 0.7)
        crowd = rnd.randint(10, 16)
    elif kind == "bus":
        bx, by = w * rnd.uniform(0.12, 0.35), horizon + 150
        d.rounded_rectangle((bx, by - 210, bx + 560, by), radius=28, fill=WHITE)
        d.rectangle((bx, by - 80, bx + 560, by - 50), fill=RED)
        for i in range(5):
            d.rounded_rectangle((bx + 30 + i * 100, by - 180, bx + 110 + i * 100, by - 110), radius=8,
                                fill=(170, 200, 225))
        for wx in (bx + 100, bx + 450):
            d.ellipse((wx - 36, by - 36, wx + 36, by + 36), fill=(60, 60, 66))
            d.ellipse((wx - 14, by - 14, wx + 14, by + 14), fill=(180, 180, 180))
        crowd = rnd.randint(7, 11)
    else:  # indoor: classroom / hall
        img.paste(vgradient(w, h, (246, 240, 230), (226, 216, 200)), (0, 0))
        d = ImageDraw.Draw(img)
        d.rectangle((0, int(h * 0.62), w, h), fill=(206, 186, 160))
        d.rectangle((w * 0.22, h * 0.12, w * 0.78, h * 0.46), fill=(90, 110, 130))
        d.rectangle((w * 0.24, h * 0.14, w * 0.76, h * 0.44), fill=(230, 236, 242))
        d.rectangle((w * 0.30, h * 0.20, w * 0.70, h * 0.24), fill=RED)
        d.rectangle((w * 0.30, h * 0.29, w * 0.62, h * 0.31), fill=(170, 180, 190))
        d.rectangle((w * 0.30, h * 0.34, w * 0.66, h * 0.36), fill=(170, 180, 190))
        for i in range(4):
            mx = w * (0.14 + i * 0.22)
            d.rounded_rectangle((mx, h * 0.80, mx + 170, h * 0.84), radius=6, fill=(240, 240, 240))
            d.ellipse((mx + 50, h * 0.74, mx + 120, h * 0.80), fill=(80, 150, 180))
        crowd = rnd.randint(8, 12)
    # people in two rows, nearer ones larger
    for row, (yy, sc) in enumerate(((base - 20, 1.25), (base + 70, 1.6))):
        count = crowd // 2 + row
        for i in range(count):
            px = (i + rnd.uniform(0.2, 0.8)) * w / count
            body = CLOTHES[rnd.randrange(len(CLOTHES))]
            person(d, px, yy + rnd.uniform(-8, 8), sc * rnd.uniform(0.9, 1.1), body)
    # a gold ribbon band in the corner as a quiet accent
    d.polygon([(0, h), (0, h - 26), (w * 0.35, h - 6), (w * 0.35, h)], fill=GOLD)
    return img


# ---------------------------------------------------------------- what to draw

LOGOS = {
    os.path.join(STATIC, "logos", "jizhen-120.png"): logo_pulse,
    os.path.join(STATIC, "logos", "xue-ye-ke.png"): logo_drop,
    os.path.join(STATIC, "logos", "zhong-zheng.png"): logo_shield,
    os.path.join(STATIC, "logos", "er-ke.png"): logo_child,
    os.path.join(STATIC, "logos", "hu-li-bu.png"): logo_wings,
    os.path.join(STATIC, "logos", "yao-xue-bu.png"): logo_capsule,
    os.path.join(BRANCHES, "yanke-shouma", "logo.png"): logo_eye,
    os.path.join(BRANCHES, "xinxueguan-xinlian", "logo.png"): logo_hearts,
}

MEMBERS = ["du-jie", "shan-xue-mei", "zeng-chang-qing", "ou-yang-ming-yuan", "xie-xiao-dong",
           "han-jing", "he-jian-guo", "feng-li-qun", "shen-wen-bo", "xu-qing-he"]

SCENES = {
    # static/images/volunteer/<name>.jpg : kind
    "2023-03-xueleifeng-1": "tent", "2023-03-xueleifeng-2": "outdoor",
    "2023-06-xianxue-1": "bus", "2023-06-xianxue-2": "bus",
    "2023-12-jijiu-1": "indoor", "2023-12-jijiu-2": "indoor", "2023-12-jijiu-3": "indoor",
    "2024-03-yizhen-1": "tent", "2024-03-yizhen-2": "tent", "2024-03-yizhen-3": "outdoor",
    "2024-06-aiyan-1": "tent", "2024-06-aiyan-2": "indoor",
    "2024-09-cpr-1": "indoor", "2024-09-cpr-2": "indoor",
    "2024-12-xianxue-1": "bus", "2024-12-xianxue-2": "bus",
    "2025-01-xiaxiang-1": "outdoor", "2025-01-xiaxiang-2": "tent", "2025-01-xiaxiang-3": "outdoor",
    "2025-09-jijiuri-1": "outdoor", "2025-09-jijiuri-2": "indoor",
}

BUNDLE_PHOTOS = {
    os.path.join(BRANCHES, "yanke-shouma", "yizhen.jpg"): ("yanke-bundle", "tent"),
}


def main():
    for path, draw in LOGOS.items():
        save_png(draw(), path)
    for slug in MEMBERS:
        save_jpeg(portrait(slug), os.path.join(STATIC, "members", slug + ".jpg"))
    for name, kind in SCENES.items():
        save_jpeg(scene(name, kind), os.path.join(STATIC, "volunteer", name + ".jpg"))
    for path, (name, kind) in BUNDLE_PHOTOS.items():
        save_jpeg(scene(name, kind), path)
    total = 0
    count = 0
    for path in list(LOGOS) + [os.path.join(STATIC, "members", m + ".jpg") for m in MEMBERS] + \
            [os.path.join(STATIC, "volunteer", n + ".jpg") for n in SCENES] + list(BUNDLE_PHOTOS):
        total += os.path.getsize(path)
        count += 1
    print(f"wrote {count} images, {total / 1024:.0f} KiB in total")


if __name__ == "__main__":
    main()
