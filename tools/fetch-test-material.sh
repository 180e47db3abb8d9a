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
