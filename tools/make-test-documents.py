#!/usr/bin/python3
"""Write the fixtures of `pinpai import` into tests/fixtures/import/, deterministically.

Run from anywhere, with Debian's Python (python-docx comes from Debian):

    /usr/bin/python3 tools/make-test-documents.py            # everything
    /usr/bin/python3 tools/make-test-documents.py --no-wechat   # skip the Chromium step
    /usr/bin/python3 tools/make-test-documents.py --only-wechat # only the Chromium step

Needs these Debian packages:
    apt-get install python3-docx python3-pil python3-cryptography python3-olefile \
        libreoffice-writer-nogui chromium xvfb xdotool fonts-noto-cjk
The encryption step needs msoffcrypto-tool 6.1.0 from PyPI (Debian's 5.0.0
cannot encrypt): the script downloads that one pinned wheel with
`pip download` into target/test-material/pip/, checks its sha256 and imports it
from there (nothing is installed, nothing from it is committed).

The WeChat step is Chromium's own "Save as... Webpage, Complete" (and "Webpage,
HTML Only"): Debian's Chromium runs under Xvfb, pointed by --host-resolver-rules
at an HTTPS server in this script on 127.0.0.1 that answers for
mp.weixin.qq.com, mmbiz.qpic.cn and res.wx.qq.com (self-signed, accepted with
--ignore-certificate-errors; every other host name is made unresolvable, so
nothing leaves the machine). xdotool pages down through the article, presses
Ctrl+S, types the file name and clicks Save, as a person would: DevTools has
no command for "Save as", and a DevTools (Playwright) connection turns the save
dialog off, so no DevTools is used at all. About 30 s.

What each file holds is written down in tests/fixtures/import/README.md; keep
the two in step. Re-running writes byte-identical files: every zip (docx) is
rewritten with fixed member timestamps, LibreOffice gets fixed document dates,
the encryption gets a seeded "random" salt and key, and the Chromium step
serves the page with fixed content. Run it twice and `git status` stays clean.
"""

import base64
import datetime
import hashlib
import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "import")
TARGET = os.path.join(ROOT, "target", "test-material")

# One fixed moment for every date written into a document: 2024-03-23 09:30 (Beijing).
FIXED_UTC = datetime.datetime(2024, 3, 23, 1, 30, 0)
ZIP_TIME = (2024, 3, 23, 9, 30, 0)

MSOFFCRYPTO_WHEEL = "msoffcrypto_tool-6.1.0-py3-none-any.whl"
MSOFFCRYPTO_SHA256 = "32ced1299858018e6c1ca3d0007127335dbcff90e777a77eb52f92d5112869f8"
PASSWORD = "pinpai2024"


def log(msg):
    print(msg, flush=True)


# --------------------------------------------------------------------------
# pictures
# --------------------------------------------------------------------------

def picture(colour, dots, fmt, size=(300, 200), stripe=(255, 255, 255)):
    """A flat picture of one colour with `dots` white discs in a row and a
    pale stripe, so a person (and a test) can tell the pictures apart.
    Returns the encoded bytes (PNG or JPEG)."""
    from PIL import Image, ImageDraw

    w, h = size
    img = Image.new("RGB", size, colour)
    d = ImageDraw.Draw(img)
    d.rectangle([0, h - h // 6, w, h], fill=tuple((c + s) // 2 for c, s in zip(colour, stripe)))
    r = min(w, h) // 10
    gap = w // (dots + 1)
    for i in range(dots):
        cx = gap * (i + 1)
        d.ellipse([cx - r, h // 2 - r, cx + r, h // 2 + r], fill=(255, 255, 255))
    buf = io.BytesIO()
    if fmt == "png":
        img.save(buf, "PNG", optimize=True)
    elif fmt == "gif":
        img.convert("P", palette=Image.ADAPTIVE, colors=16).save(buf, "GIF")
    else:
        img.save(buf, "JPEG", quality=80, optimize=True)
    return buf.getvalue()


RED = (200, 30, 40)
BLUE = (30, 80, 200)
GREEN = (40, 150, 70)
ORANGE = (235, 140, 30)


# --------------------------------------------------------------------------
# zip normalisation: same bytes in, same bytes out
# --------------------------------------------------------------------------

def normalise_zip(data, rewrite=None):
    """Rewrite a zip (docx) keeping member order and content but with a fixed
    timestamp and fixed attributes on every member. `rewrite(name, bytes)`
    may return replacement bytes for a member."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if rewrite:
                blob = rewrite(info.filename, blob)
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 0
            dst.writestr(zi, blob, compresslevel=6)
    return out.getvalue()


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": "\n"})) as f:
        f.write(data)
    log(f"  wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path)} bytes)")


# --------------------------------------------------------------------------
# 1. python-docx.docx
# --------------------------------------------------------------------------

def make_python_docx():
    import docx
    from docx.enum.text import WD_COLOR_INDEX
    from docx.oxml.ns import qn
    from docx.shared import Inches, Pt, RGBColor

    doc = docx.Document()
    cp = doc.core_properties
    cp.title = "急诊科党支部开展义诊活动"
    cp.author = "急诊科党支部"
    cp.last_modified_by = "急诊科党支部"
    cp.subject = "支部活动"
    cp.keywords = "义诊;志愿服务;主题党日"
    cp.comments = "pinpai import 测试文档（python-docx 生成）"
    cp.created = FIXED_UTC
    cp.modified = FIXED_UTC
    cp.last_printed = FIXED_UTC
    cp.revision = 1

    # Chinese text in the Normal style gets a Chinese east-Asian font, as a
    # Chinese Word user's document would.
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), "宋体")

    doc.add_heading("急诊科党支部开展“120救在身边”义诊活动", level=1)

    p = doc.add_paragraph("3月23日上午，")
    p.add_run("急诊科党支部").bold = True
    p.add_run("联合医务部、护理部在市民广场开展")
    r = p.add_run("“我为群众办实事”")
    r.italic = True
    p.add_run("主题党日义诊活动，")
    r = p.add_run("支部书记王建国")
    r.underline = True
    p.add_run("带领12名党员医护人员参加。")

    p = doc.add_paragraph("现场为群众")
    r = p.add_run("免费测量血压、血糖")
    r.font.highlight_color = WD_COLOR_INDEX.YELLOW
    p.add_run("，并手把手教授")
    r = p.add_run("心肺复苏（CPR）")
    r.font.color.rgb = RGBColor(0xFF, 0x00, 0x00)
    p.add_run("和海姆立克急救法。")

    doc.add_picture(io.BytesIO(picture(RED, 1, "png")), width=Inches(3.125))  # picture 1: red PNG

    doc.add_paragraph("")  # empty paragraph 1

    doc.add_heading("活动内容", level=2)
    for item in ("测量血压、血糖，解读体检报告", "心肺复苏与AED使用现场教学", "发放《家庭急救手册》300余册"):
        doc.add_paragraph(item, style="List Bullet")

    p = doc.add_paragraph("活动时间：2024年3月23日 8:30—11:30")
    p.runs[0].add_break()  # a line break (<w:br/>) inside the paragraph
    p.add_run("活动地点：市民广场东侧")

    doc.add_paragraph("")  # empty paragraph 2
    doc.add_paragraph("")  # empty paragraph 3

    doc.add_heading("服务统计", level=2)
    table = doc.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    a = table.cell(0, 0).merge(table.cell(0, 1))  # horizontal merge: row 1, columns 1-2
    a.text = "服务项目及人次"
    table.cell(0, 2).text = "负责人"
    table.cell(1, 0).text = "血压血糖测量"
    table.cell(1, 1).text = "126"
    table.cell(2, 0).text = "心肺复苏教学"
    table.cell(2, 1).text = "58"
    b = table.cell(1, 2).merge(table.cell(2, 2))  # vertical merge: column 3, rows 2-3
    b.text = "护士长张丽华"

    doc.add_heading("下一步工作安排", level=2)
    doc.add_paragraph("每月开展一次社区义诊", style="List Number")
    doc.add_paragraph("组建党员急救志愿服务队", style="List Number")
    doc.add_paragraph("首批培训20名志愿者", style="List Number 2")  # the nested item
    doc.add_paragraph("总结经验并形成长效机制", style="List Number")

    doc.add_picture(io.BytesIO(picture(BLUE, 2, "jpeg")), width=Inches(3.125))  # picture 2: blue JPEG

    p = doc.add_paragraph()
    r = p.add_run("（急诊科党支部 供稿）")
    r.italic = True

    buf = io.BytesIO()
    doc.save(buf)
    write(os.path.join(OUT, "python-docx.docx"), normalise_zip(buf.getvalue()))


# --------------------------------------------------------------------------
# 2. libreoffice.docx, old-word.doc, wps.wps (LibreOffice from a flat ODT)
# --------------------------------------------------------------------------

def fodt():
    green = base64.b64encode(picture(GREEN, 1, "png")).decode()
    orange = base64.b64encode(picture(ORANGE, 2, "jpeg")).decode()
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta>
  <dc:title>急诊科党支部开展“120救在身边”志愿服务活动</dc:title>
  <dc:subject>支部活动</dc:subject>
  <meta:initial-creator>急诊科党支部</meta:initial-creator>
  <dc:creator>急诊科党支部</dc:creator>
  <meta:creation-date>2024-03-23T09:30:00</meta:creation-date>
  <dc:date>2024-03-23T09:30:00</dc:date>
  <meta:editing-cycles>1</meta:editing-cycles>
  <meta:editing-duration>PT0S</meta:editing-duration>
  <meta:keyword>志愿服务</meta:keyword>
 </office:meta>
 <office:font-face-decls>
  <style:font-face style:name="Noto Serif CJK SC" svg:font-family="'Noto Serif CJK SC'"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="graphic">
   <style:graphic-properties svg:stroke-color="#3465a4" draw:fill-color="#729fcf" style:flow-with-text="false"/>
  </style:default-style>
  <style:default-style style:family="paragraph">
   <style:text-properties style:font-name-asian="Noto Serif CJK SC" fo:font-size="12pt" style:font-size-asian="12pt" fo:language="zh" fo:country="CN" style:language-asian="zh" style:country-asian="CN"/>
  </style:default-style>
  <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
  <style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Standard" style:class="text">
   <style:paragraph-properties fo:margin-top="0.423cm" fo:margin-bottom="0.212cm" fo:keep-with-next="always"/>
   <style:text-properties fo:font-size="14pt" style:font-size-asian="14pt"/>
  </style:style>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Heading" style:next-style-name="Standard" style:default-outline-level="1" style:class="text">
   <style:text-properties fo:font-size="18pt" fo:font-weight="bold" style:font-size-asian="18pt" style:font-weight-asian="bold"/>
  </style:style>
  <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Heading" style:next-style-name="Standard" style:default-outline-level="2" style:class="text">
   <style:text-properties fo:font-size="16pt" fo:font-weight="bold" style:font-size-asian="16pt" style:font-weight-asian="bold"/>
  </style:style>
  <style:style style:name="List" style:family="paragraph" style:parent-style-name="Standard" style:class="list"/>
  <style:style style:name="Footnote" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
   <style:text-properties fo:font-size="10pt" style:font-size-asian="10pt"/>
  </style:style>
  <style:style style:name="Graphics" style:family="graphic">
   <style:graphic-properties text:anchor-type="paragraph" svg:x="0cm" svg:y="0cm" style:wrap="dynamic" style:number-wrapped-paragraphs="no-limit" style:wrap-contour="false" style:vertical-pos="top" style:vertical-rel="paragraph" style:horizontal-pos="center" style:horizontal-rel="paragraph"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="T_bold" style:family="text"><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
  <style:style style:name="T_italic" style:family="text"><style:text-properties fo:font-style="italic" style:font-style-asian="italic"/></style:style>
  <style:style style:name="T_underline" style:family="text"><style:text-properties style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"/></style:style>
  <style:style style:name="T_yellow" style:family="text"><style:text-properties fo:background-color="#ffff00"/></style:style>
  <style:style style:name="T_red" style:family="text"><style:text-properties fo:color="#ff0000"/></style:style>
  <style:style style:name="Tbl" style:family="table"><style:table-properties style:width="15cm" table:align="left"/></style:style>
  <style:style style:name="TblCell" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"/></style:style>
  <style:style style:name="fr1" style:family="graphic" style:parent-style-name="Graphics"><style:graphic-properties style:vertical-pos="top" style:vertical-rel="baseline" style:mirror="none" fo:clip="rect(0cm, 0cm, 0cm, 0cm)" draw:luminance="0%" draw:contrast="0%" draw:red="0%" draw:green="0%" draw:blue="0%" draw:gamma="100%" draw:color-inversion="false" draw:image-opacity="100%" draw:color-mode="standard"/></style:style>
  <text:list-style style:name="L_bullet">
   <text:list-level-style-bullet text:level="1" text:bullet-char="•"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.635cm" fo:text-indent="-0.635cm" fo:margin-left="0.635cm"/></style:list-level-properties></text:list-level-style-bullet>
   <text:list-level-style-bullet text:level="2" text:bullet-char="◦"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="1.27cm" fo:text-indent="-0.635cm" fo:margin-left="1.27cm"/></style:list-level-properties></text:list-level-style-bullet>
  </text:list-style>
  <text:list-style style:name="L_number">
   <text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.635cm" fo:text-indent="-0.635cm" fo:margin-left="0.635cm"/></style:list-level-properties></text:list-level-style-number>
   <text:list-level-style-number text:level="2" style:num-format="1" style:num-suffix=")" text:display-levels="1"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="1.27cm" fo:text-indent="-0.635cm" fo:margin-left="1.27cm"/></style:list-level-properties></text:list-level-style-number>
  </text:list-style>
  <style:style style:name="P_bullet" style:family="paragraph" style:parent-style-name="List" style:list-style-name="L_bullet"/>
  <style:style style:name="P_number" style:family="paragraph" style:parent-style-name="List" style:list-style-name="L_number"/>
 </office:automatic-styles>
 <office:body>
  <office:text>
   <text:h text:style-name="Heading_20_1" text:outline-level="1">急诊科党支部开展“120救在身边”志愿服务活动</text:h>
   <text:p text:style-name="Standard">为深入开展党史学习教育，3月23日上午，<text:span text:style-name="T_bold">急诊科党支部</text:span>在市第一人民医院门诊广场开展<text:span text:style-name="T_italic">“120救在身边”</text:span>志愿服务活动，<text:span text:style-name="T_underline">支部书记李明</text:span>带队，15名党员参加。<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p text:style-name="Footnote">“120救在身边”是我院2023年启动的急救知识普及品牌项目。</text:p></text:note-body></text:note></text:p>
   <text:p text:style-name="Standard">志愿者为市民<text:span text:style-name="T_yellow">免费测量血压</text:span>，并重点讲解<text:span text:style-name="T_red">胸痛、卒中的早期识别</text:span>。</text:p>
   <text:p text:style-name="Standard"><draw:frame draw:style-name="fr1" draw:name="图片1" text:anchor-type="as-char" svg:width="7.94cm" svg:height="5.29cm" draw:z-index="0"><draw:image draw:mime-type="image/png"><office:binary-data>{green}</office:binary-data></draw:image><svg:desc>图片1：绿色，一个圆点</svg:desc></draw:frame></text:p>
   <text:p text:style-name="Standard"/>
   <text:h text:style-name="Heading_20_2" text:outline-level="2">活动内容</text:h>
   <text:list text:style-name="L_bullet">
    <text:list-item><text:p text:style-name="P_bullet">心肺复苏（CPR）现场教学</text:p></text:list-item>
    <text:list-item><text:p text:style-name="P_bullet">AED自动体外除颤器使用演示</text:p></text:list-item>
    <text:list-item><text:p text:style-name="P_bullet">海姆立克急救法互动体验</text:p></text:list-item>
   </text:list>
   <text:p text:style-name="Standard">活动时间：2024年3月23日 9:00—11:30<text:line-break/>活动地点：门诊广场</text:p>
   <text:p text:style-name="Standard"/>
   <text:h text:style-name="Heading_20_2" text:outline-level="2">服务统计</text:h>
   <table:table table:name="服务统计" table:style-name="Tbl">
    <table:table-column table:number-columns-repeated="3"/>
    <table:table-row>
     <table:table-cell table:style-name="TblCell" office:value-type="string" table:number-columns-spanned="2"><text:p>服务项目及人次</text:p></table:table-cell>
     <table:covered-table-cell/>
     <table:table-cell table:style-name="TblCell" office:value-type="string"><text:p>负责人</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell table:style-name="TblCell" office:value-type="string"><text:p>心肺复苏教学</text:p></table:table-cell>
     <table:table-cell table:style-name="TblCell" office:value-type="string"><text:p>86</text:p></table:table-cell>
     <table:table-cell table:style-name="TblCell" office:value-type="string" table:number-rows-spanned="2"><text:p>护士长陈芳</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell table:style-name="TblCell" office:value-type="string"><text:p>血压测量</text:p></table:table-cell>
     <table:table-cell table:style-name="TblCell" office:value-type="string"><text:p>142</text:p></table:table-cell>
     <table:covered-table-cell/>
    </table:table-row>
   </table:table>
   <text:h text:style-name="Heading_20_2" text:outline-level="2">下一步计划</text:h>
   <text:list text:style-name="L_number">
    <text:list-item><text:p text:style-name="P_number">走进社区开展急救培训</text:p></text:list-item>
    <text:list-item><text:p text:style-name="P_number">走进校园普及急救知识</text:p>
     <text:list>
      <text:list-item><text:p text:style-name="P_number">中小学生急救课堂</text:p></text:list-item>
      <text:list-item><text:p text:style-name="P_number">教职工AED培训</text:p></text:list-item>
     </text:list>
    </text:list-item>
    <text:list-item><text:p text:style-name="P_number">建立党员急救志愿者档案</text:p></text:list-item>
   </text:list>
   <text:p text:style-name="Standard"><draw:frame draw:style-name="fr1" draw:name="图片2" text:anchor-type="as-char" svg:width="7.94cm" svg:height="5.29cm" draw:z-index="1"><draw:image draw:mime-type="image/jpeg"><office:binary-data>{orange}</office:binary-data></draw:image><svg:desc>图片2：橙色，两个圆点</svg:desc></draw:frame></text:p>
   <text:p text:style-name="Standard"><text:span text:style-name="T_italic">（急诊科党支部 供稿）</text:span></text:p>
  </office:text>
 </office:body>
</office:document>
"""


LO_PROFILE = os.path.join(tempfile.gettempdir(), "pinpai-make-test-documents-lo-profile")


def soffice_convert(src, fmt, outdir):
    """soffice --headless --convert-to FMT, with a private profile so that a
    LibreOffice already running elsewhere on the machine is not disturbed."""
    cmd = [
        "soffice", f"-env:UserInstallation=file://{LO_PROFILE}", "--headless", "--norestore",
        "--convert-to", fmt, "--outdir", outdir, src,
    ]
    subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    base = os.path.splitext(os.path.basename(src))[0]
    ext = fmt.split(":")[0]
    with open(os.path.join(outdir, f"{base}.{ext}"), "rb") as f:
        return f.read()


def fix_lo_docx_member(name, blob):
    """LibreOffice stamps the docx with the wall clock (docProps dates) and
    its own build; pin what varies from run to run."""
    if name == "docProps/core.xml":
        s = blob.decode("utf-8")
        s = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)", r"\g<1>2024-03-23T01:30:00Z\3", s)
        return s.encode("utf-8")
    if name == "docProps/app.xml":
        s = blob.decode("utf-8")
        s = re.sub(r"<TotalTime>\d+</TotalTime>", "<TotalTime>0</TotalTime>", s)
        return s.encode("utf-8")
    return blob


def make_libreoffice():
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "source.fodt")
        with open(src, "w", encoding="utf-8") as f:
            f.write(fodt())
        docx_bytes = soffice_convert(src, "docx:MS Word 2007 XML", tmp)
        doc_bytes = soffice_convert(src, "doc:MS Word 97", tmp)
    docx_bytes = normalise_zip(docx_bytes, fix_lo_docx_member)
    z = zipfile.ZipFile(io.BytesIO(docx_bytes))
    names = z.namelist()
    for need in ("word/numbering.xml", "word/footnotes.xml"):
        assert need in names, f"LibreOffice's docx lacks {need}: {names}"
    media = [n for n in names if n.startswith("word/media/")]
    assert len(media) == 2, f"expected 2 pictures in word/media/, got {media}"
    write(os.path.join(OUT, "libreoffice.docx"), docx_bytes)
    doc_bytes = fix_ole_dates(doc_bytes)
    write(os.path.join(OUT, "old-word.doc"), doc_bytes)
    write(os.path.join(OUT, "wps.wps"), doc_bytes)
    return docx_bytes


def fix_ole_dates(data):
    """Word 97 files made by LibreOffice carry the save time as FILETIMEs in
    the \\x05SummaryInformation stream (PIDSI_LASTSAVE_DTM) and maybe in the
    OLE directory. Replace every FILETIME near "now" with the fixed moment."""
    fixed = int((FIXED_UTC - datetime.datetime(1601, 1, 1)).total_seconds() * 10_000_000)
    now = int((datetime.datetime.utcnow() - datetime.datetime(1601, 1, 1)).total_seconds() * 10_000_000)
    day = 24 * 3600 * 10_000_000
    buf = bytearray(data)
    # FILETIMEs are 8-byte little-endian; in property sets they follow the
    # VT_FILETIME type tag 0x40 00 00 00.
    i = 0
    count = 0
    while True:
        i = buf.find(b"\x40\x00\x00\x00", i)
        if i < 0 or i + 12 > len(buf):
            break
        v = int.from_bytes(buf[i + 4:i + 12], "little")
        if abs(v - now) < day:
            buf[i + 4:i + 12] = fixed.to_bytes(8, "little")
            count += 1
        i += 4
    return bytes(buf)


# --------------------------------------------------------------------------
# 3. encrypted.docx, damaged.docx, not-really.docx
# --------------------------------------------------------------------------

def msoffcrypto_from_pypi():
    """Import msoffcrypto-tool 6.1.0 from its pinned wheel (pure Python)."""
    wheel_dir = os.path.join(TARGET, "pip")
    wheel = os.path.join(wheel_dir, MSOFFCRYPTO_WHEEL)
    if not os.path.exists(wheel):
        os.makedirs(wheel_dir, exist_ok=True)
        pip = shutil.which("pip3") or shutil.which("pip")
        subprocess.run(
            [pip, "download", "--no-deps", "--only-binary", ":all:", "msoffcrypto-tool==6.1.0", "-d", wheel_dir],
            check=True,
        )
    with open(wheel, "rb") as f:
        got = hashlib.sha256(f.read()).hexdigest()
    if got != MSOFFCRYPTO_SHA256:
        sys.exit(f"{wheel}: sha256 {got}, expected {MSOFFCRYPTO_SHA256}")
    sys.path.insert(0, wheel)
    import msoffcrypto  # noqa: F401
    from msoffcrypto.format.ooxml import OOXMLFile
    import msoffcrypto.method.ecma376_agile as agile
    import msoffcrypto.method.container.ecma376_encrypted as container
    return OOXMLFile, agile, container


def make_encrypted(plain_docx):
    OOXMLFile, agile, container = msoffcrypto_from_pypi()
    rng = random.Random("pinpai encrypted.docx")
    agile._random_buffer = lambda n: bytes(rng.getrandbits(8) for _ in range(n))

    class FixedNow(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return FIXED_UTC

    container.datetime = FixedNow
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain_docx)).encrypt(PASSWORD, out)
    data = out.getvalue()
    # Check: an OLE file with the two streams Word writes, and it decrypts back.
    import olefile
    ole = olefile.OleFileIO(io.BytesIO(data))
    streams = ["/".join(s) for s in ole.listdir()]
    assert "EncryptionInfo" in streams and "EncryptedPackage" in streams, streams
    back = io.BytesIO()
    f = OOXMLFile(io.BytesIO(data))
    f.load_key(password=PASSWORD)
    f.decrypt(back)
    assert back.getvalue() == plain_docx
    write(os.path.join(OUT, "encrypted.docx"), data)


def make_damaged(plain_docx):
    write(os.path.join(OUT, "damaged.docx"), plain_docx[: len(plain_docx) // 2])


def make_not_really():
    write(
        os.path.join(OUT, "not-really.docx"),
        "这不是Word文档，只是一个改了扩展名的纯文本文件。\n"
        "急诊科党支部 2024年3月23日 义诊活动签到表（草稿）\n",
    )


# --------------------------------------------------------------------------
# 4. The WeChat article: a source page, then Chromium's own "Save as"
# --------------------------------------------------------------------------

WX_ID = "Xm3kVt0bQe8fJ2pLr9aWcQ"
WX_BIZ = "MzA5NzQ2NTg4Mg=="
WX_MID = "2652001234"
WX_SN = "6f1e2d3c4b5a69788796a5b4c3d2e1f0"
WX_CT = 1711500000  # 2024-03-27 08:40:00 Asia/Shanghai
WX_TITLE = "急诊科党支部开展“120救在身边”志愿服务活动"
WX_ACCOUNT = "云溪市第一人民医院"
WX_AUTHOR = "急诊科党支部"
WX_SOURCE_URL = "https://www.example.com/yxyy/news/2024-03-27.html"
WX_PAGE_URL = f"https://mp.weixin.qq.com/s/{WX_ID}"

# The pictures of the article, in page order. `fate` is what happens when
# Chromium fetches them: "ok", "reset" (the connection is dropped: Chromium
# cannot save it and writes the remote URL) or "404" (Chromium writes a local
# name for it but no file).
WX_PICTURES = [
    # key, mmbiz path, wx_fmt, colour, dots, size, fate
    ("p1", "sz_mmbiz_jpg/Qm9bT2xVdWx1a0pRcXh5cE1hWkZhTnZ3Q0E1dWNh", "jpeg", (190, 40, 50), 1, (480, 320), "ok"),
    ("p2", "sz_mmbiz_png/V2VDaGF0UGljdHVyZVR3b1BuZ0Zvcm1hdEV4YW1w", "png", (20, 140, 140), 2, (480, 360), "ok"),
    ("p3", "sz_mmbiz_jpg/VGhpcmRQaWN0dXJlTmV2ZXJTYXZlZExvY2FsbHlY", "jpeg", (110, 50, 160), 3, (480, 320), "reset"),
    ("p4", "sz_mmbiz_jpg/Rm91cnRoUGljdHVyZVNhdmVkQXNXZWJwRm9yU3Vy", "jpeg", (210, 160, 30), 4, (480, 270), "ok"),
    ("p5", "sz_mmbiz_jpg/RmlmdGhQaWN0dXJlNDA0QXRTYXZlVGltZUxvc3Q", "jpeg", (60, 60, 60), 5, (480, 320), "404"),
    ("banner", "sz_mmbiz_gif/Rm9sbG93VXNCYW5uZXJHaWZMb25nUHJlc3NRUmNv", "gif", (200, 30, 40), 3, (640, 160), "ok"),
]


def wx_url(key):
    for k, path, fmt, *_ in WX_PICTURES:
        if k == key:
            return f"https://mmbiz.qpic.cn/{path}/640?wx_fmt={fmt}&amp;from=appmsg"
    raise KeyError(key)


def wx_img(key, alt=None):
    for k, path, fmt, colour, dots, (w, h), fate in WX_PICTURES:
        if k == key:
            ratio = repr(h / w)
            return (
                f'<img class="rich_pages wxw-img" data-imgfileid="10000{[k for k, *_ in WX_PICTURES].index(key) + 1}871" data-ratio="{ratio}" '
                f'data-s="300,640" data-src="{wx_url(key)}" data-type="{fmt}" data-w="{w}" '
                f'style="width: 100%;height: auto;"{"" if alt is None else f" alt={alt!r}"} />'
            )
    raise KeyError(key)


def wx_qr_picture():
    """A QR-code-like picture (not a readable QR code): 29x29 modules."""
    from PIL import Image, ImageDraw

    rng = random.Random("pinpai qr")
    n, m = 29, 6
    img = Image.new("RGB", (n * m + 24, n * m + 24), (255, 255, 255))
    d = ImageDraw.Draw(img)
    for y in range(n):
        for x in range(n):
            finder = (x < 7 and y < 7) or (x >= n - 7 and y < 7) or (x < 7 and y >= n - 7)
            if finder:
                fx, fy = x % (n - 7) if x >= n - 7 else x, y % (n - 7) if y >= n - 7 else y
                on = fx in (0, 6) or fy in (0, 6) or (2 <= fx <= 4 and 2 <= fy <= 4)
            else:
                on = rng.random() < 0.5
            if on:
                d.rectangle([12 + x * m, 12 + y * m, 12 + x * m + m - 1, 12 + y * m + m - 1], fill=(0, 0, 0))
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


WX_CSS = """/* stand-in for res.wx.qq.com appmsg stylesheet */
body { margin: 0; background: #fff; font-family: -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif; }
.rich_media_area_primary_inner { max-width: 677px; margin: 0 auto; padding: 20px 16px; }
.rich_media_title { font-size: 22px; line-height: 1.4; margin-bottom: 14px; }
.rich_media_meta_list { color: rgba(0, 0, 0, .3); font-size: 15px; margin-bottom: 22px; }
.rich_media_meta { margin-right: 8px; }
.rich_media_content { color: rgba(0, 0, 0, .9); font-size: 17px; line-height: 1.6; overflow: hidden; }
.rich_media_content img { max-width: 100% !important; }
.img_loading { background: #eee; }
.qr_code_pc_outer { position: absolute; top: 120px; left: 50%; margin-left: 370px; width: 140px; text-align: center; font-size: 12px; color: #888; }
.qr_code_pc_img { width: 102px; height: 102px; }
"""

# The page's own script, as WeChat's does after load: show the body, write the
# publish time from `ct`, load each picture when it scrolls into view (the URL
# gains tp=webp&wxfrom=5&wx_lazy=1&wx_co=1, GIFs no tp=webp), and set the QR code.
WX_JS = r"""/* stand-in for res.wx.qq.com appmsg script: what the real one does to the DOM */
(function () {
  function pad(n) { return n < 10 ? "0" + n : "" + n; }
  var content = document.getElementById("js_content");
  content.style.visibility = "visible";
  var t = new Date(parseInt(window.ct, 10) * 1000 + 8 * 3600 * 1000);
  document.getElementById("publish_time").textContent =
    t.getUTCFullYear() + "年" + (t.getUTCMonth() + 1) + "月" + t.getUTCDate() + "日 " +
    pad(t.getUTCHours()) + ":" + pad(t.getUTCMinutes());
  var index = 0;
  function load(img) {
    var src = img.getAttribute("data-src");
    if (!src || img.getAttribute("src")) return;
    var fmt = (src.match(/wx_fmt=(\w+)/) || [])[1];
    img.classList.add("img_loading");
    img.setAttribute("data-index", String(++index));
    img.onload = function () { img.classList.remove("img_loading"); img.setAttribute("data-fail", "0"); };
    img.onerror = function () { img.classList.remove("img_loading"); img.setAttribute("data-fail", "1"); };
    img.style.cssText = "width: 100% !important; height: auto !important; visibility: visible !important;";
    img.setAttribute("src", src + (fmt === "gif" ? "" : "&tp=webp") + "&wxfrom=5&wx_lazy=1&wx_co=1");
  }
  var io = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) { if (e.isIntersecting) { io.unobserve(e.target); load(e.target); } });
  }, { rootMargin: "100px 0px" });
  Array.prototype.forEach.call(content.querySelectorAll("img[data-src]"), function (img) { io.observe(img); });
  document.getElementById("js_pc_qr_code_img").setAttribute("src",
    "/mp/qrcode?scene=10000004&size=102&__biz=" + encodeURIComponent(window.biz) + "&mid=" + window.mid +
    "&idx=" + window.idx + "&sn=" + window.sn + "&send_time=");
  document.getElementById("js_pc_qr_code").style.display = "block";
})();
"""

WX_CSS_URL = "https://res.wx.qq.com/mmbizappmsg/zh_CN/htmledition/js/assets/appmsg.d4e2b1c7.css"
WX_JS_URL = "https://res.wx.qq.com/mmbizappmsg/zh_CN/htmledition/js/appmsg/index.6a9f3e20.js"


def wx_article_html():
    zw, bom = "\u200b", "\ufeff"
    long_link = f"http://mp.weixin.qq.com/s?__biz={WX_BIZ}&amp;mid={WX_MID}&amp;idx=1&amp;sn={WX_SN}&amp;chksm=b1a2c3d4e5f6#rd"
    cover = "https://mmbiz.qpic.cn/sz_mmbiz_jpg/Q292ZXJJbWFnZU9mVGhlQXJ0aWNsZUZvck9nSW1h/0?wx_fmt=jpeg"
    h2 = lambda text: (  # noqa: E731  (WeChat bodies have no <h2>: a styled, centred, bold line)
        '<section style="margin: 24px 0px 12px;text-align: center;">'
        '<span style="display: inline-block;padding: 4px 14px;border-radius: 4px;background-color: rgb(192, 0, 0);">'
        f'<strong><span style="color: rgb(255, 255, 255);font-size: 17px;letter-spacing: 1px;">{text}</span></strong>'
        "</span></section>"
    )
    p = lambda inner, extra="": (  # noqa: E731
        f'<p style="margin-bottom: 16px;text-indent: 2em;line-height: 1.75em;{extra}">'
        f'<span style="font-size: 15px;color: rgb(62, 62, 62);">{inner}</span></p>'
    )
    caption = lambda text: (  # noqa: E731
        '<p style="text-align: center;margin-bottom: 16px;">'
        f'<span style="font-size: 12px;color: rgb(136, 136, 136);">{text}</span></p>'
    )
    pic = lambda key: f'<section style="text-align: center;margin-bottom: 8px;">{wx_img(key)}</section>'  # noqa: E731
    body = "\n".join([
        f'<section style="margin-bottom: 16px;"><span style="font-size: 15px;color: rgb(136, 136, 136);">{bom}点击蓝字 关注我们</span></section>',
        p(f'为深入开展“我为群众办实事”实践活动，3月23日上午，<strong>{WX_AUTHOR}</strong>在医院门诊广场开展“120救在身边”志愿服务{zw}活动，支部书记李明带领15名党员医护人员参加。'),
        pic("p1"),
        caption("▲党员志愿者为市民测量血压"),
        h2("急救技能进社区"),
        p('活动现场，志愿者为市民<span style="background-color: rgb(255, 251, 0);">免费测量血压、血糖</span>，'
          '并重点讲解<span style="color: rgb(255, 0, 0);"><strong>胸痛、卒中的早期识别</strong></span>。'
          '<span style="display: none;">此处为编辑器残留的隐藏文字，不应出现在正文中</span>'),
        '<ul class="list-paddingleft-1" style="list-style-type: disc;">'
        '<li><section style="margin-bottom: 8px;"><span style="font-size: 15px;">心肺复苏（CPR）现场教学</span></section></li>'
        '<li><section style="margin-bottom: 8px;"><span style="font-size: 15px;">AED自动体外除颤器使用演示</span></section></li>'
        '<li><section style="margin-bottom: 8px;"><span style="font-size: 15px;">海姆立克急救法互动体验</span></section></li>'
        "</ul>",
        pic("p2"),
        caption("▲护士长陈芳演示心肺复苏"),
        '<blockquote style="margin: 16px 0px;padding: 8px 16px;border-left: 3px solid rgb(219, 219, 219);color: rgba(0, 0, 0, 0.55);">'
        '<p style="line-height: 1.75em;"><span style="font-size: 15px;">“时间就是生命。心脏骤停后黄金抢救时间只有4分钟，'
        '让更多人掌握急救技能，就是为生命多争取一分希望。”</span></p>'
        '<p style="text-align: right;"><span style="font-size: 14px;">——急诊科党支部书记 李明</span></p></blockquote>',
        h2("听一听·看一看"),
        p("扫码收听急救小知识音频，观看心肺复苏教学视频："),
        '<mpvoice frameborder="0" class="res_iframe js_editor_audio audio_iframe" '
        'src="/cgi-bin/readtemplate?t=tmpl/audio_tmpl&amp;name=%E6%80%A5%E6%95%91%E5%B0%8F%E7%9F%A5%E8%AF%86&amp;play_length=02:15" '
        'isaac2="1" low_size="520.3" source_size="520.3" high_size="2112.4" name="急救小知识：心肺复苏口诀" '
        'play_length="135000" voice_encode_fileid="MzA5NzQ2NTg4Ml8yNjUyMDAxMjM0XzE="></mpvoice>',
        '<iframe class="video_iframe rich_pages" data-vidtype="2" data-mpvid="" '
        'data-cover="http%3A%2F%2Fmmbiz.qpic.cn%2Fsz_mmbiz_jpg%2FVmlkZW9Db3Zlcg%2F0%3Fwx_fmt%3Djpeg" '
        'allowfullscreen="" frameborder="0" data-ratio="1.7777777777777777" data-w="864" '
        'data-src="https://v.qq.com/txp/iframe/player.html?origin=https%3A%2F%2Fmp.weixin.qq.com&amp;vid=m3520h7k2qa&amp;autoplay=false&amp;full=true&amp;show1080p=false&amp;isDebugIframe=false"></iframe>',
        pic("p3"),
        caption("▲志愿者指导市民使用AED"),
        h2("活动成效"),
        p("当天共服务群众300余人次，其中心肺复苏教学86人次、血压测量142人次，发放《家庭急救手册》300余册。"),
        pic("p4"),
        caption("▲活动合影"),
        p("预约我院急救培训，请点击下方小程序："),
        '<mp-miniprogram class="miniprogram_element" data-miniprogram-appid="wx3b2c1d0e9f8a7b6c" '
        'data-miniprogram-path="pages/training/index" data-miniprogram-title="急救培训预约" '
        'data-miniprogram-imageurl="https://mmbiz.qpic.cn/sz_mmbiz_jpg/TWluaVByb2dyYW1DYXJkSW1hZ2U/0?wx_fmt=jpeg" '
        f'data-miniprogram-nickname="{WX_ACCOUNT}" data-miniprogram-avatar="http://mmbiz.qpic.cn/sz_mmbiz_png/QXZhdGFy/640?wx_fmt=png" '
        'data-miniprogram-type="card" data-miniprogram-servicetype="0"></mp-miniprogram>',
        '<p style="text-align: center;"><a class="weapp_text_link js_weapp_entry" style="font-size: 15px;" '
        'data-miniprogram-appid="wx3b2c1d0e9f8a7b6c" data-miniprogram-path="pages/aed/map" '
        f'data-miniprogram-nickname="{WX_ACCOUNT}" href="" data-miniprogram-type="text" data-miniprogram-servicetype="">查看全市AED分布地图</a></p>',
        '<mpvote class="js_editor_vote_card" data-voteid="504810233" data-supervoteid="504810232" '
        'data-title="你最想学习哪项急救技能？" data-votetype="0" data-expire="1712102400"></mpvote>',
        pic("p5"),
        p(f'<a target="_blank" href="https://mp.weixin.qq.com/s?__biz={WX_BIZ}&amp;mid=2652001100&amp;idx=1&amp;sn=0a1b2c3d4e5f60718293a4b5c6d7e8f9&amp;scene=21#wechat_redirect" '
          'textvalue="往期回顾" linktype="text" imgurl="" imgdata="null" data-itemshowtype="0" tab="innerlink" data-linktype="2">'
          "往期回顾：我院急救知识走进校园</a>", "text-indent: 0em;"),
        '<p style="text-align: right;"><span style="font-size: 14px;color: rgb(136, 136, 136);">来源：急诊科党支部<br />编辑：宣传科 王晓<br />审核：党委办公室</span></p>',
        f'<section style="text-align: center;margin-top: 24px;">{wx_img("banner")}</section>',
        '<p style="text-align: center;"><span style="font-size: 12px;color: rgb(136, 136, 136);">长按识别二维码关注我们</span></p>',
    ])
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width,initial-scale=1.0,maximum-scale=1.0,user-scalable=0,viewport-fit=cover">
<meta name="description" content="3月23日上午，急诊科党支部在医院门诊广场开展“120救在身边”志愿服务活动。">
<meta name="author" content="{WX_AUTHOR}">
<meta property="og:title" content="{WX_TITLE}">
<meta property="og:url" content="{long_link}">
<meta property="og:image" content="{cover}">
<meta property="og:description" content="3月23日上午，急诊科党支部在医院门诊广场开展“120救在身边”志愿服务活动。">
<meta property="og:site_name" content="微信公众平台">
<meta property="og:type" content="article">
<meta property="og:article:author" content="{WX_AUTHOR}">
<meta property="twitter:card" content="summary">
<meta property="twitter:image" content="{cover}">
<meta property="twitter:title" content="{WX_TITLE}">
<meta property="twitter:creator" content="{WX_ACCOUNT}">
<meta property="twitter:site" content="微信公众平台">
<title>{WX_TITLE}</title>
<link rel="stylesheet" type="text/css" href="{WX_CSS_URL}">
</head>
<body id="activity-detail" class="zh_CN wx_wap_page wx_wap_desktop_fontsize_2 mm_appmsg comment_feature discuss_tab appmsg_skin_default appmsg_style_default">
<div id="js_article" class="rich_media">
<div id="js_top_ad_area" class="top_banner"></div>
<div class="rich_media_inner">
<div id="page-content" class="rich_media_area_primary">
<div class="rich_media_area_primary_inner">
<div id="img-content" class="rich_media_wrp">
<h1 class="rich_media_title " id="activity-name">
            {WX_TITLE}
          </h1>
<div id="meta_content" class="rich_media_meta_list">
<span id="copyright_logo" class="wx_tap_link js_wx_tap_highlight rich_media_meta icon_appmsg_tag appmsg_title_tag weui-wa-hotarea">原创</span>
<span class="rich_media_meta rich_media_meta_text">
              {WX_AUTHOR}
            </span>
<span class="rich_media_meta rich_media_meta_nickname" id="profileBt">
<a href="javascript:void(0);" class="wx_tap_link js_wx_tap_highlight weui-wa-hotarea" id="js_name">
                {WX_ACCOUNT}
              </a>
</span>
<span id="meta_content_hide_info">
<em id="publish_time" class="rich_media_meta rich_media_meta_text"></em>
<em id="js_ip_wording_wrp" class="rich_media_meta rich_media_meta_text">发表于<span id="js_ip_wording">浙江</span></em>
</span>
</div>
<div class="rich_media_content js_underline_content" id="js_content" style="visibility: hidden;">
{body}
</div>
<div class="rich_media_tool_area">
<div class="rich_media_tool">
<a class="weui-wa-hotarea media_tool_meta tips_global_primary meta_primary" id="js_view_source" href="##">阅读原文</a>
</div>
</div>
</div>
</div>
</div>
<div id="js_pc_qr_code" class="qr_code_pc_outer" style="display:none;">
<div class="qr_code_pc_inner">
<div class="qr_code_pc">
<img id="js_pc_qr_code_img" class="qr_code_pc_img">
<p>微信扫一扫<br>关注该公众号</p>
</div>
</div>
</div>
</div>
</div>
<script type="text/javascript" nonce="1234567890">
    var biz = "{WX_BIZ}" || "";
    var sn = "{WX_SN}" || "";
    var mid = "{WX_MID}" || "";
    var idx = "1" || "";
    var ct = "{WX_CT}";
    var create_time = "{WX_CT}" * 1;
    var publish_time = "2024-03-27" || "";
    var msg_title = '{WX_TITLE}';
    var msg_desc = "3月23日上午，急诊科党支部在医院门诊广场开展“120救在身边”志愿服务活动。";
    var msg_cdn_url = "{cover}";
    var msg_link = "{long_link}";
    var msg_source_url = '{WX_SOURCE_URL}';
    var nickname = "{WX_ACCOUNT}";
    var user_name = "gh_3f2e1d0c9b8a";
</script>
<script type="text/javascript" src="{WX_JS_URL}"></script>
</body>
</html>
"""


def wx_routes(pictures):
    """(host, path) -> (fate, content type, bytes). Pictures are served as the
    real CDN does: WebP when the URL asks for tp=webp, else the original."""
    from PIL import Image

    routes = {
        ("mp.weixin.qq.com", f"/s/{WX_ID}"): ("ok", "text/html; charset=utf-8", wx_article_html().encode("utf-8")),
        ("res.wx.qq.com", WX_CSS_URL.split("res.wx.qq.com")[1]): ("ok", "text/css", WX_CSS.encode()),
        ("res.wx.qq.com", WX_JS_URL.split("res.wx.qq.com")[1]): ("ok", "application/javascript", WX_JS.encode()),
        ("mp.weixin.qq.com", "/mp/qrcode"): ("ok", "image/png", pictures["qrcode"]),
    }
    for key, path, fmt, colour, dots, size, fate in WX_PICTURES:
        data = pictures[key]
        webp = io.BytesIO()
        Image.open(io.BytesIO(data)).convert("RGB").save(webp, "WEBP", quality=80, method=4)
        routes[("mmbiz.qpic.cn", f"/{path}/640")] = (fate, f"image/{fmt}", data, webp.getvalue())
    return routes


def wx_cert(tmp):
    """A self-signed certificate for the three hosts, made afresh each run."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pinpai test material")])
    now = datetime.datetime.utcnow()
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(h) for h in ("mp.weixin.qq.com", "mmbiz.qpic.cn", "res.wx.qq.com")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path


def wx_serve(routes, tmp):
    """HTTPS on 127.0.0.1 (a free port) answering for the three hosts."""
    import http.server
    import ssl
    import threading
    import urllib.parse

    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def do_GET(self):
            host = (self.headers.get("Host") or "").split(":")[0]
            url = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(url.query)
            seen.append((host, url.path, url.query))
            route = routes.get((host, url.path))
            if route is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            fate, ctype, data = route[0], route[1], route[2]
            if fate == "reset":
                self.close_connection = True
                self.connection.shutdown(2)
                return
            if fate == "404" and len([s for s in seen if s[1] == url.path]) > 1:
                # The picture shows on the page, but is gone by the time
                # Chromium fetches it again to save it.
                body = b"<html><body>404 Not Found</body></html>"
                self.send_response(404)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            if len(route) == 4 and query.get("tp") == ["webp"]:
                ctype, data = "image/webp", route[3]
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            if ctype.startswith("image/"):
                self.send_header("Cache-Control", "max-age=2592000")
            else:
                self.send_header("Cache-Control", "no-cache, must-revalidate")
            self.end_headers()
            self.wfile.write(data)

    cert, key = wx_cert(tmp)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, seen


class Desktop:
    """Xvfb plus Debian's Chromium, driven by xdotool like a person would:
    Chromium's "Save page as" exists only in its UI (DevTools has no command
    for it, and a DevTools connection turns the save dialog off)."""

    def __init__(self, tmp, port):
        import time

        self.time = time
        self.display = next(f":{n}" for n in range(87, 200) if not os.path.exists(f"/tmp/.X11-unix/X{n}") and not os.path.exists(f"/tmp/.X{n}-lock"))
        self.env = dict(os.environ, DISPLAY=self.display, LANG="C.UTF-8", LANGUAGE="en")
        self.xvfb = subprocess.Popen(["Xvfb", self.display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.wait(lambda: os.path.exists(f"/tmp/.X11-unix/X{self.display[1:]}"), "Xvfb")
        self.tmp, self.port, self.chrome = tmp, port, None

    def wait(self, cond, what, timeout=60):
        end = self.time.time() + timeout
        while self.time.time() < end:
            v = cond()
            if v:
                return v
            self.time.sleep(0.25)
        raise RuntimeError(f"timed out waiting for {what}")

    def x(self, *args):
        return subprocess.run(["xdotool", *args], env=self.env, check=True, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL).stdout.decode()

    def xq(self, *args):
        r = subprocess.run(["xdotool", *args], env=self.env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        return r.stdout.decode().split()

    def open(self, url, save_type, save_dir):
        import json

        profile = tempfile.mkdtemp(prefix="chromium-", dir=self.tmp)
        os.makedirs(os.path.join(profile, "Default"))
        with open(os.path.join(profile, "Default", "Preferences"), "w") as f:
            json.dump({"savefile": {"default_directory": save_dir, "type": save_type},
                       "download": {"default_directory": save_dir, "prompt_for_download": False}}, f)
        rules = ",".join(f"MAP {h}:443 127.0.0.1:{self.port}" for h in ("mp.weixin.qq.com", "mmbiz.qpic.cn", "res.wx.qq.com"))
        self.chrome = subprocess.Popen([
            "/usr/bin/chromium", "--no-sandbox", f"--user-data-dir={profile}", "--no-first-run",
            "--no-default-browser-check", "--password-store=basic", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
            "--ignore-certificate-errors", f"--host-resolver-rules={rules},MAP * ~NOTFOUND",
            "--accept-lang=zh-CN,zh", "--window-position=0,0", "--window-size=1280,1000", url,
        ], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.window = self.wait(lambda: self.xq("search", "--onlyvisible", "--name", "Chromium$"), "the Chromium window")[-1]

    def read_to_the_end(self, seen, expect):
        """Click into the page and page down to the bottom, as a reader would,
        until every picture in `expect` (paths) has been asked for."""
        self.time.sleep(2)
        self.x("windowfocus", "--sync", self.window)
        self.x("mousemove", "40", "600", "click", "1")
        for _ in range(40):
            self.x("key", "Next")
            self.time.sleep(0.3)
            if all(any(s[1] == e for s in seen) for e in expect):
                break
        self.x("key", "End")
        self.wait(lambda: all(any(s[1] == e for s in seen) for e in expect), "every picture to be requested")
        self.time.sleep(2)

    def save_as(self, path):
        self.x("key", "ctrl+s")
        dialog = self.wait(lambda: self.xq("search", "--onlyvisible", "--name", "^Save File$"), "the Save File dialog")[-1]
        self.time.sleep(1)
        self.x("key", "ctrl+a")
        self.x("type", "--delay", "40", path)
        self.time.sleep(0.5)
        geo = dict(line.split("=") for line in self.x("getwindowgeometry", "--shell", dialog).split())
        # the Save button: bottom right of the dialog (Return does not reach it under xdotool)
        self.x("mousemove", str(int(geo["X"]) + int(geo["WIDTH"]) - 50), str(int(geo["Y"]) + int(geo["HEIGHT"]) - 24), "click", "1")
        self.wait(lambda: not self.xq("search", "--onlyvisible", "--name", "^Save File$"), "the dialog to close")
        self.wait(lambda: os.path.exists(path), path)
        # done when nothing in the folder changes for 3 seconds
        folder = os.path.dirname(path)
        last, stable = None, 0
        while stable < 12:
            state = sorted((n, os.path.getsize(os.path.join(r, n))) for r, _, fs in os.walk(folder) for n in fs)
            stable = stable + 1 if state == last else 0
            last = state
            self.time.sleep(0.25)

    def close_browser(self):
        if self.chrome:
            self.chrome.terminate()
            try:
                self.chrome.wait(10)
            except subprocess.TimeoutExpired:
                self.chrome.kill()
            self.chrome = None

    def close(self):
        self.close_browser()
        self.xvfb.terminate()
        self.xvfb.wait(10)


def make_wechat():
    src_dir = os.path.join(OUT, "wechat-source")
    pictures = {k: picture(colour, dots, fmt, size) for k, _, fmt, colour, dots, size, _ in WX_PICTURES}
    pictures["qrcode"] = wx_qr_picture()
    # the source: the page as the server sends it, its stylesheet and script,
    # and the original pictures (named by key; the server maps URLs to them)
    if os.path.isdir(src_dir):
        shutil.rmtree(src_dir)
    write(os.path.join(src_dir, "article.html"), wx_article_html())
    write(os.path.join(src_dir, "appmsg.css"), WX_CSS)
    write(os.path.join(src_dir, "appmsg.js"), WX_JS)
    for k, _, fmt, *_ in WX_PICTURES:
        write(os.path.join(src_dir, "pictures", f"{k}.{fmt}"), pictures[k])
    write(os.path.join(src_dir, "pictures", "qrcode.png"), pictures["qrcode"])

    routes = wx_routes(pictures)
    expect = [f"/{path}/640" for _, path, *_ in WX_PICTURES] + ["/mp/qrcode"]
    with tempfile.TemporaryDirectory() as tmp:
        server, seen = wx_serve(routes, tmp)
        desk = Desktop(tmp, server.server_address[1])
        try:
            results = {}
            for kind, save_type in (("complete", 1), ("html-only", 0)):
                save_dir = os.path.join(tmp, kind)
                os.makedirs(save_dir)
                seen.clear()
                desk.open(WX_PAGE_URL, save_type, save_dir)
                desk.read_to_the_end(seen, expect)
                desk.save_as(os.path.join(save_dir, "文章.html"))
                desk.close_browser()
                results[kind] = save_dir
        finally:
            desk.close()
            server.shutdown()
        out_dir = os.path.join(OUT, "wechat")
        if os.path.isdir(out_dir):
            shutil.rmtree(out_dir)
        shutil.copytree(results["complete"], out_dir)
        for root, dirs, files in os.walk(out_dir):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
            for f in files:
                os.chmod(os.path.join(root, f), 0o644)
        for root, _, files in os.walk(out_dir):
            for f in sorted(files):
                log(f"  wrote {os.path.relpath(os.path.join(root, f), ROOT)}")
        shutil.copyfile(os.path.join(results["html-only"], "文章.html"), os.path.join(OUT, "wechat-html-only.html"))
        log("  wrote tests/fixtures/import/wechat-html-only.html")


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def main():
    args = sys.argv[1:]
    unknown = [a for a in args if a not in ("--no-wechat", "--only-wechat")]
    if unknown:
        sys.exit(f"unknown argument(s): {unknown}; use --no-wechat or --only-wechat")
    os.makedirs(OUT, exist_ok=True)
    if "--only-wechat" not in args:
        log("python-docx.docx")
        make_python_docx()
        log("LibreOffice: libreoffice.docx, old-word.doc, wps.wps")
        lo_docx = make_libreoffice()
        log("encrypted.docx, damaged.docx, not-really.docx")
        with open(os.path.join(OUT, "python-docx.docx"), "rb") as f:
            make_encrypted(f.read())
        make_damaged(lo_docx)
        make_not_really()
    if "--no-wechat" not in args:
        log("WeChat article (Xvfb + Chromium + xdotool)")
        make_wechat()


if __name__ == "__main__":
    main()
