#!/usr/bin/env bash
# Bring real phone and camera photos for the photo tests into
# target/test-material/ (git-ignored). They are never committed: they come,
# pinned by version and sha256, out of two packages on PyPI whose source
# archives ship them as test data:
#   pillow-heif 1.9.0 (sdist): real iPhone, Samsung, Xiaomi, Vision Pro and
#                              Sony HEIC/HEIF files           -> heic/
#   pillow 11.3.0 (sdist):     JPEGs with EXIF orientation, a Photoshop
#                              CMYK JPEG, an Ultra HDR JPEG   -> jpeg/
# Each directory gets a MANIFEST.txt: source, sha256, device, EXIF
# orientation, `heif-info` and tools/heif-describe.py output (grid, irot,
# imir, coded and shown size).
#
# Also Word documents for `pinpai import`: see fetch_word_documents below.
#
# Usage: bash tools/fetch-test-material.sh
# Idempotent: files already in place with the right sha256 are left alone;
# the archives are kept in target/test-material/cache/.
# Needs: python3 with pip (downloads only; nothing is built or installed),
# tar, sha256sum, and for MANIFEST.txt exiftool and heif-info (Debian
# libimage-exiftool-perl, libheif-examples: installed with apt-get when
# missing and this runs as root).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST="$ROOT/target/test-material"
CACHE="$DEST/cache"

# name version archive sha256-of-archive
PACKAGES="
pillow-heif 1.9.0 pillow_heif-1.9.0.tar.gz 8a13d15106c9dbbd66a65966edee2ee0de3950c18dc3ea42912442cda803ea4c
pillow 11.3.0 pillow-11.3.0.tar.gz 3828ee7586cd0b2091b6209e5ad53e20d0649bbe87164a459d0676e035e8f523
"

# dir|name here|archive|path in archive|sha256|what it is
FILES="
heic|iphone8plus-grid-irot270.heic|pillow_heif-1.9.0.tar.gz|pillow_heif-1.9.0/tests/images/heif_other/arrow.heic|73f604d7353df4848505a1f45a5517f736857fe047372f95c2f3d671df92c22c|Apple iPhone 8 Plus, iOS 11.4.1, 2018. Portrait shot: 8x6 grid of 512x512 HEVC tiles (4032x3024 coded) with irot 270 (counter-clockwise, i.e. 90 clockwise): shown upright 3024x4032. EXIF Orientation is 6 as well: apply irot only (HEIF/MIAF: EXIF orientation is informative), applying both turns it twice. 320x240 thumbnail. Shows a hand-drawn black arrow on lined paper: upright, it points up.
heic|iphone13pro-grid-depth-gainmap.heic|pillow_heif-1.9.0.tar.gz|pillow_heif-1.9.0/tests/images/heif_other/pug.heic|1ddce96766efbfa0f6bdf634bdab26bdeff831393df8d67f4cdc7b7a7afebc67|Apple iPhone 13 Pro, iOS 16.2, 2023. Landscape 4032x3024, 8x6 grid of 512x512 tiles, irot 0 present, EXIF Orientation 1. Auxiliary images: Apple HDR gain map 2016x1512 and depth map 768x576; XMP as a mime item. No thumbnail. Shows a pug sitting on a dog bed, wall behind.
heic|iphonexs-edited-1x1grid.heic|pillow_heif-1.9.0.tar.gz|pillow_heif-1.9.0/tests/images/heif_other/empty_icc.heic|8f14e825ed613843930c6ca60835c3b971eb31499fb231050a47b4a8daf3247b|Apple iPhone XS, iOS 14.6, 2021, edited (cropped) on the phone: primary is a 1x1 grid whose one tile is 1026x900 but the grid output is 1025x900 (the decoder must crop). Empty ICC profile. A second top-level image 932x1044 (with a thumbnail) follows the primary. EXIF Orientation 1, no irot. Both images are close-ups of a pug's face, mouth open.
heic|visionpro-spatial-stereo.heic|pillow_heif-1.9.0.tar.gz|pillow_heif-1.9.0/tests/images/heif_other/spatial_photo.heic|ef941d328072a2df034adb3c3b46f41117606bfc8fcc100dff975d31f55ec028|Apple Vision Pro spatial photo: two top-level images (left and right eye, 5x5 grids of 512x512 tiles, 2560x2560) in a grpl 'ster' entity group. Shown: the primary, 2560x2560. No EXIF orientation, no irot. Shows a wooden deck with a potted plant, house wall behind.
heic|galaxys24ultra-200mp-irot270.heic|pillow_heif-1.9.0.tar.gz|pillow_heif-1.9.0/tests/images/heif_special/200MP.heic|4dd7209010986a50b1049e54de47ae2188faef6d548213a9799e11fae1a317c6|Samsung Galaxy S24 Ultra, 2025, 200 megapixels: 32x24 grid of 512x512 tiles (16320x12240 coded) with irot 270: shown 12240x16320. EXIF Orientation 6 too (do not apply it on top of irot). Samsung HDR gain map 4080x3060 (a grid too), 512x384 thumbnail. Only 2.4 MB on disk but about 600 MB as 8-bit RGB once decoded: a memory and size-limit test (libheif 1.15's heif-convert decodes it in about 10 s, 1.2 GB resident). Shows an office desk, tissue box and headphones, ceiling lights at the top.
heic|galaxys25ultra-gainmap-tmap.heic|pillow_heif-1.9.0.tar.gz|pillow_heif-1.9.0/tests/images/heif_special/aux_YCbCr.heic|8deae321c3b6424f97ab5d57d022e0a79ac35278149c0de7796261b8981f50b0|Samsung Galaxy S25 Ultra, 2025. Landscape 4000x1848, 8x4 grid of 512x512 tiles, EXIF Orientation 1, no transform on the primary. Samsung HDR gain map 1000x462 (YCbCr auxiliary image) and an ISO 21496-1 tmap derived item (brand tmap); 512x236 thumbnail. Shows a city map hanging on a wall.
heic|xiaomi-poco-f3-big-exif.heic|pillow_heif-1.9.0.tar.gz|pillow_heif-1.9.0/tests/images/heif_special/xiaomi.heic|cb5c7d9131931df4abd9bfe1c3de47617b68d1fae54a1c367fc5981ffea6aeed|Xiaomi M2012K11AG (sold as POCO F3), 2023. 2592x1944, 6x4 grid of 512x512 tiles, EXIF Orientation 1, no irot. Its Exif item is 192 KB (with a 13 KB IFD1 JPEG thumbnail inside): a reader that caps Exif at 64 KB (the JPEG APP1 limit) or 128 KB cuts it. Shows a ballpoint pen tip on squared paper.
heic|sony-a7siii-10bit-422.hif|pillow_heif-1.9.0.tar.gz|pillow_heif-1.9.0/tests/images/heif_other/cat.hif|3a396202a8bb50c5cccbfd89d3cf6ef0a0fa47794afd785693d882edc2eb30b7|Sony ILCE-7SM3 (A7S III) camera, not a phone: brand heix, HEVC 10-bit 4:2:2 (Main 4:2:2 10 profile; many HEVC decoders refuse it), 2x2 grid of 2176x1472 tiles cropped to 4240x2832, irot 0. Thumbnails 1616x1080 and 320x212 (HEVC) and a 160x120 JPEG. Shows a grey cat by a window.
heic|sony-a7iv-10bit-422-irot90.hif|pillow_heif-1.9.0.tar.gz|pillow_heif-1.9.0/tests/images/heif_special/guitar_cw90.hif|f0d5e88be07b9d70a3715218ca612ccf45b126e5b4b42172dce14a62d2099932|Sony ILCE-7M4 (A7 IV) camera: HEVC 10-bit 4:2:2, 2x3 grid of 3520x1600 tiles cropped to 7008x4672, irot 90 (counter-clockwise): shown 4672x7008 portrait. No EXIF Orientation tag. Shows a ukulele lying on a table, window at the top.
jpeg|hopper.jpg|pillow-11.3.0.tar.gz|pillow-11.3.0/Tests/images/hopper.jpg|ffe89a0ab0e94114e10777e7313d7fa83d634e34ebc2ea7479085cffa504c920|Pillow's 128x128 Grace Hopper portrait, no EXIF: the upright reference for hopper_orientation_N.jpg.
jpeg|hopper_orientation_2.jpg|pillow-11.3.0.tar.gz|pillow-11.3.0/Tests/images/hopper_orientation_2.jpg|74c9a62ac650679fa6e19fb7bde7ee4b154032a2a533a54c8d1ace15a7cd33e3|hopper.jpg stored mirrored, EXIF Orientation 2; upright 128x128 looks like hopper.jpg.
jpeg|hopper_orientation_3.jpg|pillow-11.3.0.tar.gz|pillow-11.3.0/Tests/images/hopper_orientation_3.jpg|4de2ed009e7381f350e1eee4b420041b78dd1b917876b5a8c89910acd6722fb5|EXIF Orientation 3 (rotate 180); upright 128x128 looks like hopper.jpg.
jpeg|hopper_orientation_4.jpg|pillow-11.3.0.tar.gz|pillow-11.3.0/Tests/images/hopper_orientation_4.jpg|36cf6465639c273233dcd330452fda6bd5f82fc21fae799a308d2bdc81dd4bbb|EXIF Orientation 4 (flip top-bottom); upright 128x128 looks like hopper.jpg.
jpeg|hopper_orientation_5.jpg|pillow-11.3.0.tar.gz|pillow-11.3.0/Tests/images/hopper_orientation_5.jpg|a7314817223fcc37e3e599cc7d1edaf42a8e2ad867178263923cc30c65942786|EXIF Orientation 5 (transpose); upright 128x128 looks like hopper.jpg.
jpeg|hopper_orientation_6.jpg|pillow-11.3.0.tar.gz|pillow-11.3.0/Tests/images/hopper_orientation_6.jpg|2e78bb18895fa23eddbb2afa1228950700d97e4ef9d7bfae6935604d01eb1b61|EXIF Orientation 6 (rotate 90 clockwise to show); upright 128x128 looks like hopper.jpg.
jpeg|hopper_orientation_7.jpg|pillow-11.3.0.tar.gz|pillow-11.3.0/Tests/images/hopper_orientation_7.jpg|29c57f9ea98a42c1321a46205bf50c3d7d77484e3f471554faefbfeb95ae6d75|EXIF Orientation 7 (transverse); upright 128x128 looks like hopper.jpg.
jpeg|hopper_orientation_8.jpg|pillow-11.3.0.tar.gz|pillow-11.3.0/Tests/images/hopper_orientation_8.jpg|5a78762a2822209d7e877ac15996a46f91b789111faff3c4db07949860aa15ab|EXIF Orientation 8 (rotate 90 counter-clockwise to show); upright 128x128 looks like hopper.jpg.
jpeg|xiaomi-redminote9s-orient6.jpg|pillow-11.3.0.tar.gz|pillow-11.3.0/Tests/images/empty_gps_ifd.jpg|2cd3312aaff7d7c89c657887aa6494d9007a138eab272a078b06c0c6e77d305c|Real phone EXIF (Xiaomi Redmi Note 9S, 2020) on a 10x10 picture: EXIF Orientation 6, and a GPS IFD with no entries (a reader must not fail on it).
jpeg|pixel6-ultrahdr.jpg|pillow-11.3.0.tar.gz|pillow-11.3.0/Tests/images/ultrahdr.jpg|50f8cdfc216b5b760b07f99a5a8cb17a2960a7e4bd1b4f9eeb2cc84e9a16a693|Google Pixel 6 Ultra HDR JPEG, 1512x2688 portrait stored upright (EXIF Orientation 1): the file holds an MPF second JPEG (the gain map) after the primary; the first image is what a plain decoder shows.
jpeg|photoshop-cmyk-ycck.jpg|pillow-11.3.0.tar.gz|pillow-11.3.0/Tests/images/pil_sample_cmyk.jpg|1086f923d60bb5d6c4f2d3f7f56ba5d315d98e6f19ee8c8797dabac630c8ae80|100x100 CMYK JPEG with an Adobe APP14 marker, colour transform 2 (YCCK), inverted CMYK, as Photoshop writes: the same picture as pil_sample_rgb.jpg in Pillow's tests.
jpeg|canon-powershot-s40.jpg|pillow-11.3.0.tar.gz|pillow-11.3.0/Tests/images/flower.jpg|8a9d04b92d0de5836c59ede8ae421235488e4031e893e07b1fe7e4b78f6a9901|Canon PowerShot S40 camera JPEG, 2003, 480x360, EXIF Orientation 1, with the camera's EXIF and maker note.
"

say() { printf '%s\n' "$*" >&2; }

sha() { sha256sum "$1" | cut -c1-64; }

pip_cmd() {
  for py in python3 /usr/bin/python3; do
    if "$py" -m pip --version >/dev/null 2>&1; then
      echo "$py -m pip"
      return
    fi
  done
  say "no pip: install python3-pip"
  exit 1
}

need_tools() {
  local missing=()
  command -v exiftool >/dev/null || missing+=(libimage-exiftool-perl)
  command -v heif-info >/dev/null || missing+=(libheif-examples)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      say "installing ${missing[*]}"
      apt-get -o DPkg::Lock::Timeout=600 install -y "${missing[@]}" >/dev/null ||
        { apt-get update >/dev/null && apt-get -o DPkg::Lock::Timeout=600 install -y "${missing[@]}" >/dev/null; }
    else
      say "missing: ${missing[*]} (Debian packages); MANIFEST.txt needs them"
      exit 1
    fi
  fi
}

all_in_place() {
  local dir name archive member sum what
  while IFS='|' read -r dir name archive member sum what; do
    [ -n "$dir" ] || continue
    [ -f "$DEST/$dir/$name" ] && [ "$(sha "$DEST/$dir/$name")" = "$sum" ] || return 1
  done <<<"$FILES"
  [ -f "$DEST/heic/MANIFEST.txt" ] && [ -f "$DEST/jpeg/MANIFEST.txt" ]
}

# ===========================================================================
# Word documents written by Microsoft Word itself -> target/test-material/docx/
# (for `pinpai import FILE.docx`; the fixtures we make ourselves are in
# tests/fixtures/import/, see tools/make-test-documents.py). Added as one
# function so the photo part above and below is left as it was; it runs first
# because the photo part ends the script with `exit`.
# Sources, pinned: PyPI sdists of python-docx 1.2.0, docx2python 2.10.1 and
# docx-revisions 0.1.5 (pip download --no-binary PKG), and the npm tarball of
# mammoth 1.13.0 (npm pack). "Written by" below is what docProps/app.xml says;
# MANIFEST.txt repeats it as read from each file.
# ===========================================================================

# name version archive sha256-of-archive client
WORD_PACKAGES="
python-docx 1.2.0 python_docx-1.2.0.tar.gz 7bc9d7b7d8a69c9c02ca09216118c86552704edc23bac179283f2e38f86220ce pypi
docx2python 2.10.1 docx2python-2.10.1.tar.gz ed674c5391cecab30f2c8d68ba5583519c6104e9e115aef5b04178404ec13c0d pypi
docx-revisions 0.1.5 docx_revisions-0.1.5.tar.gz b567eb521d8bc51eb87fe5b94227cf5a8f28fdbf97b18d3e58d393652fdac793 pypi
mammoth 1.13.0 mammoth-1.13.0.tgz fe778792e43b06dbbff93d20e22951fe1bc55a05eb04ec823961e8639c62260b npm
"

# name here|archive|path in archive|sha256|what it holds
WORD_FILES="
word2016-footnotes-endnotes-lists-table-pictures.docx|docx2python-2.10.1.tar.gz|docx2python-2.10.1/tests/resources/example.docx|95862d33b6d8fc5e93280332e1dfb0742f49a2912c78f7965fcf98e2e6ebd816|Word 2016. A 6-row table whose first cell holds a multi-level numbered list (I. / A. / 1. / a. levels, text 'expect I', 'expect A' ...), a bulleted list, bold/italic/underline runs, a nested table, tab-delimited text and '10 < 20 and 20 > 10'; then 'Text outside table', two paragraphs with footnote references (footnotes ' First footnote', ' Second footnote'), two with endnote references (' First endnote', ' Second endnote'), a Heading 1 'Heading 1', a Heading 2 'Heading 2', and pictures: word/media/image1.png and image2.jpg. 800 KB.
word2016-merged-cells.docx|docx2python-2.10.1.tar.gz|docx2python-2.10.1/tests/resources/merged_cells.docx|de283e6dedbe5365117c0e447735537983ff180809c17c59e28586885b323c0d|Word 2016. One 5x4 table whose cells are named by the grid cells they cover: row 1 '0-0' | '0-12' (gridSpan 2) | '0-3'; '12-0' spans rows 2-3 of column 1 (vMerge restart/continue); '34-123' spans rows 4-5 and columns 2-4 (gridSpan 3 + vMerge). No numbering, no pictures.
word2016-comments-replies.docx|docx2python-2.10.1.tar.gz|docx2python-2.10.1/tests/resources/comments.docx|715e593122254b6294785c9b0f0bd99df67bf174879047e5ec21d48c05806f35|Word 2016. Five Lorem-ipsum paragraphs ('Par2' ... 'Par5 ...') with 8 comments in word/comments.xml, some of them replies (commentsExtended.xml): 'COMMENT', 'RESPONSE', 'Response from Shay Hill', 'Comment on subset starting with tempor', 'COMMENT on par 5' ... The import must drop comments, keeping the text they are anchored to.
word2016-comments-table-picture.docx|docx2python-2.10.1.tar.gz|docx2python-2.10.1/tests/resources/test_file_with_comments.docx|7dd6b4fd41a6f133626fa3679c0699b04a83154b290690d035d8c5d5f28faeee|Word 2016. Five Lorem-ipsum paragraphs carrying 10 comment references ('Comment 1' ... 'Comment 4 with hyperlink' ...), a 2x2 table 'R1C1' 'R1C2' / 'R2C1' 'R2C2', and a paragraph with one JPEG picture (word/media/image1.jpeg) that is itself commented: 12 comments in all.
word2010-footnotes.docx|mammoth-1.13.0.tgz|package/test/test-data/footnotes.docx|a3d786ba3ad53833dd3d5e01bd55e93b628c1287d8f9210eb94cb7533f270306|Word 2010. One paragraph 'Ouch.' with two footnote references; footnotes ' A tachyon walks into a bar.' and ' Fin.'. (mammoth's test data)
word2010-simple-list.docx|mammoth-1.13.0.tgz|package/test/test-data/simple-list.docx|ed3c015cf411d07b08bf34264ff709363740b0747af355479088079d0796dfb3|Word 2010. A bulleted list of two items, 'Apple' and 'Banana': style ListParagraph with numPr numId 1, ilvl 0, defined in word/numbering.xml (the list is known only through numbering, not through a List Bullet style).
word2010-tiny-picture.docx|mammoth-1.13.0.tgz|package/test/test-data/tiny-picture.docx|791b57c038328560d710c33c5b53bc3ea67a6c08bd9fa0fce0770883e39228d8|Word 2010. A single paragraph holding one inline PNG picture (word/media/image1.png); no text at all.
word2010-table.docx|mammoth-1.13.0.tgz|package/test/test-data/tables.docx|9f75a82d36530d91989a43fcb8940f2e753051787714cecbf6a1f49a22e58ded|Word 2010. 'Above', a 2x2 table 'Top left' 'Top right' / 'Bottom left' 'Bottom right', 'Below'. No merges.
macword2011-merges-4-tables.docx|python_docx-1.2.0.tar.gz|python_docx-1.2.0/features/steps/test_files/tbl-cell-access.docx|dc01708a24c5e940c94b99b7ee496606e5f17152bc41cec211c9f8c72334cb22|Microsoft Macintosh Word 2011. Four 3x3 tables numbered 1-9 by grid cell: no merge; '4' spanning columns 1-2 of row 2 (gridSpan 2); '5' spanning rows 2-3 of column 2 (vMerge); '4' spanning columns 1-2 and rows 2-3 (gridSpan 2 + vMerge). python-docx's own acceptance-test document.
macword2011-pictures.docx|python_docx-1.2.0.tar.gz|python_docx-1.2.0/tests/test_files/having-images.docx|72f40baa1b89e4849e817121dbbf148ed78e51be9bf04d8e6f4bc1494aa517b7|Microsoft Macintosh Word 2011. Five paragraphs, each one picture and no text; they use three PNG parts (word/media/image1.png .. image3.png), so some pictures repeat the same image part. 130 KB.
not-word-tracked-changes.docx|docx_revisions-0.1.5.tar.gz|docx_revisions-0.1.5/tests/OXML_TrackChanges_Test.docx|a98aaeefb4bc04aae0c94ac91c31dd07429a5f834039660d35e074a54e42bcd6|NOT written by Word: no docProps/app.xml; authored by hand/tool for docx-revisions' tests. Tracked changes: 4 w:ins and 4 w:del by different authors ('Test Author', 'Editor A', 'Reviewer B' ...), one paragraph per case, e.g. 'This sentence has an inserted word. [Test: Accept ...]'. Kept because no Word-written tracked-changes docx was found in the registries; the import should show the text as if all changes were accepted (w:ins kept, w:del dropped).
"

fetch_word_documents() (
  set -euo pipefail
  local out="$DEST/docx" all=1 name archive member sum what pkg version client
  while IFS='|' read -r name archive member sum what; do
    [ -n "$name" ] || continue
    [ -f "$out/$name" ] && [ "$(sha "$out/$name")" = "$sum" ] || all=0
  done <<<"$WORD_FILES"
  if [ "$all" = 1 ] && [ -f "$out/MANIFEST.txt" ]; then
    say "target/test-material/docx is up to date"
    return 0
  fi
  mkdir -p "$CACHE" "$out"
  while read -r pkg version archive sum client; do
    [ -n "$pkg" ] || continue
    if [ -f "$CACHE/$archive" ] && [ "$(sha "$CACHE/$archive")" = "$sum" ]; then
      continue
    fi
    rm -f "$CACHE/$archive"
    say "downloading $pkg $version ($client)"
    if [ "$client" = npm ]; then
      # npm pack only downloads the published tarball: no install, no scripts
      (cd "$CACHE" && npm pack --silent "$pkg@$version" >/dev/null)
    else
      # --no-binary PKG (not :all:): the sdist of this one package; build
      # tools pip needs to read its metadata come as wheels
      $(pip_cmd) download --quiet --disable-pip-version-check --no-deps \
        --no-binary "$pkg" "$pkg==$version" -d "$CACHE" >&2
    fi
    [ -f "$CACHE/$archive" ] || { say "$client did not leave $archive in $CACHE"; exit 1; }
    got=$(sha "$CACHE/$archive")
    [ "$got" = "$sum" ] || { say "sha256 mismatch for $archive: got $got, want $sum"; exit 1; }
  done <<<"$WORD_PACKAGES"
  local tmp
  tmp=$(mktemp -d)
  while read -r pkg version archive sum client; do
    [ -n "$pkg" ] || continue
    members=$(awk -F'|' -v a="$archive" '$2 == a { print $3 }' <<<"$WORD_FILES")
    # shellcheck disable=SC2086 # member paths hold no spaces
    tar -xzf "$CACHE/$archive" -C "$tmp" $members
  done <<<"$WORD_PACKAGES"
  while IFS='|' read -r name archive member sum what; do
    [ -n "$name" ] || continue
    got=$(sha "$tmp/$member")
    [ "$got" = "$sum" ] || { say "sha256 mismatch for $member in $archive: got $got, want $sum"; rm -rf "$tmp"; exit 1; }
    cp "$tmp/$member" "$out/$name"
  done <<<"$WORD_FILES"
  rm -rf "$tmp"
  {
    echo "# target/test-material/docx: written by tools/fetch-test-material.sh (fetch_word_documents); do not commit these files"
    echo "# 'application' is docProps/app.xml as stored in the file: what the file claims wrote it."
    echo
    while IFS='|' read -r name archive member sum what; do
      [ -n "$name" ] || continue
      echo "== $name"
      echo "  from: $archive, $member"
      echo "  sha256: $sum"
      echo "  bytes: $(stat -c %s "$out/$name")"
      python3 - "$out/$name" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
def part(n):
    return z.read(n).decode("utf-8", "replace") if n in names else ""
app = part("docProps/app.xml")
a = re.search(r"<Application>([^<]*)", app)
v = re.search(r"<AppVersion>([^<]*)", app)
print("  application:", (a.group(1) if a else "(no docProps/app.xml)") + (" " + v.group(1) if v else ""))
doc = part("word/document.xml")
facts = [
    ("footnotes", len(re.findall(r"<w:footnote (?![^>]*w:type=)", part("word/footnotes.xml")))),
    ("endnotes", len(re.findall(r"<w:endnote (?![^>]*w:type=)", part("word/endnotes.xml")))),
    ("comments", part("word/comments.xml").count("<w:comment ")),
    ("tracked insertions", doc.count("<w:ins ")),
    ("tracked deletions", doc.count("<w:del ")),
    ("tables", doc.count("<w:tbl>")),
    ("gridSpan", doc.count("<w:gridSpan ")),
    ("vMerge", doc.count("<w:vMerge")),
    ("numbered paragraphs", doc.count("<w:numPr>")),
    ("pictures in word/media", len([n for n in names if n.startswith("word/media/")])),
]
print("  holds:", ", ".join(f"{k} {n}" for k, n in facts if n) or "text only")
PY
      echo "  about: $what"
      echo
    done <<<"$WORD_FILES"
  } >"$out/MANIFEST.txt"
  say "target/test-material/docx: $(find "$out" -name '*.docx' | wc -l) files, see docx/MANIFEST.txt"
)

fetch_word_documents || say "fetch_word_documents FAILED: target/test-material/docx is incomplete (the photo part goes on)"

if all_in_place; then
  say "target/test-material is up to date"
  exit 0
fi

need_tools
mkdir -p "$CACHE" "$DEST/heic" "$DEST/jpeg"

# 1. the archives, pinned
while read -r pkg version archive sum; do
  [ -n "$pkg" ] || continue
  if [ -f "$CACHE/$archive" ] && [ "$(sha "$CACHE/$archive")" = "$sum" ]; then
    continue
  fi
  rm -f "$CACHE/$archive"
  say "downloading $pkg $version (source archive)"
  # --no-binary PKG: the sdist (the wheels hold no tests); --no-deps: nothing else
  $(pip_cmd) download --quiet --disable-pip-version-check --no-deps \
    --no-binary "$pkg" "$pkg==$version" -d "$CACHE" >&2
  if [ ! -f "$CACHE/$archive" ]; then
    say "pip did not leave $archive in $CACHE"
    exit 1
  fi
  got=$(sha "$CACHE/$archive")
  if [ "$got" != "$sum" ]; then
    say "sha256 mismatch for $archive: got $got, want $sum"
    exit 1
  fi
done <<<"$PACKAGES"

# 2. the files, each checked against its own sha256
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
while read -r pkg version archive sum; do
  [ -n "$pkg" ] || continue
  # one pass over each archive for all its members
  members=$(awk -F'|' -v a="$archive" '$3 == a { print $4 }' <<<"$FILES")
  # shellcheck disable=SC2086 # member paths hold no spaces
  tar -xzf "$CACHE/$archive" -C "$TMP" $members
done <<<"$PACKAGES"
while IFS='|' read -r dir name archive member sum what; do
  [ -n "$dir" ] || continue
  if [ -f "$DEST/$dir/$name" ] && [ "$(sha "$DEST/$dir/$name")" = "$sum" ]; then
    continue
  fi
  got=$(sha "$TMP/$member")
  if [ "$got" != "$sum" ]; then
    say "sha256 mismatch for $member in $archive: got $got, want $sum"
    exit 1
  fi
  cp "$TMP/$member" "$DEST/$dir/$name"
done <<<"$FILES"

# 3. MANIFEST.txt for each directory
indent() { sed 's/^/    /'; }
for dir in heic jpeg; do
  {
    echo "# target/test-material/$dir: written by tools/fetch-test-material.sh; do not commit these files"
    echo "# Sizes: coded = as stored; shown = after the file's own transforms (HEIF clap/irot/imir, JPEG EXIF Orientation)."
    echo
    while IFS='|' read -r d name archive member sum what; do
      [ "$d" = "$dir" ] || continue
      f="$DEST/$dir/$name"
      echo "== $name"
      echo "  from: $archive (PyPI sdist), $member"
      echo "  sha256: $sum"
      echo "  bytes: $(stat -c %s "$f")"
      echo "  about: $what"
      echo "  exiftool:"
      exiftool -s -s -s -f -p '$Make|$Model|$Software|$DateTimeOriginal|$Orientation#|$Orientation|$ImageSize' "$f" 2>/dev/null |
        awk -F'|' '{printf "make: %s\nmodel: %s\nsoftware: %s\ndate taken: %s\nEXIF Orientation: %s (%s)\nimage size: %s\n", $1,$2,$3,$4,$5,$6,$7}' | indent
      if [ "$dir" = heic ]; then
        echo "  heif-info:"
        heif-info "$f" 2>&1 | grep -v '^$' | indent
        echo "  boxes (tools/heif-describe.py):"
        python3 "$ROOT/tools/heif-describe.py" "$f" | sed 1d | grep -v '^$' | sed 's/^  //' | indent
      fi
      echo
    done <<<"$FILES"
  } >"$DEST/$dir/MANIFEST.txt"
done
say "target/test-material: $(find "$DEST/heic" "$DEST/jpeg" -type f ! -name MANIFEST.txt | wc -l) files, see heic/MANIFEST.txt and jpeg/MANIFEST.txt"
