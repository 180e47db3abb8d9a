#!/usr/bin/env bash
# pinpai.exe for Windows 7 SP1 and later, cross-built on Debian.
#
#   bash tools/build-windows.sh
#
# Writes target/windows/pinpai.exe (stripped) and the release zip
# target/windows/pinpai-<version>-windows.zip: a folder 党建之窗 holding the
# example site (as `pinpai init` writes it), pinpai.exe beside its site.yaml
# so that a double-click opens it, and 网站写作参考.txt (docs/CONTENT.md);
# 使用说明.txt beside the folder. Text an officer opens in Notepad has CRLF
# line ends and a BOM: Windows 7's Notepad shows LF-only files as one line.
# Installs what it needs from
# Debian when missing (idempotent): rustc-web/cargo-web (Rust 1.96 from
# bookworm-security) with rust-web-src (the standard library's source, which
# -Zbuild-std compiles for the target) and the mingw-w64 cross toolchain.
#
# Why this target: `x86_64-win7-windows-gnu` keeps std on the Windows 7
# APIs. The standard `x86_64-pc-windows-gnu` (std >= 1.78) imports
# bcryptprimitives.dll, which Windows 7 lacks (and so does Debian's Wine 8).
# It has no prebuilt std, hence -Zbuild-std (RUSTC_BOOTSTRAP=1 lets the
# stable Debian compiler take that flag; nothing else unstable is used).
#
# Debian's cargo and rustc are called by their full paths: rustup's, first on
# PATH here, has no standard library for this target.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C # sort and comm below compare bytes

TARGET=x86_64-win7-windows-gnu
CARGO=/usr/bin/cargo
RUSTC=/usr/bin/rustc
OUT=target/windows

need=()
[ -x "$CARGO" ] || need+=(cargo-web)
[ -x "$RUSTC" ] || need+=(rustc-web)
[ -d /usr/lib/rustlib/src/rust/library ] || need+=(rust-web-src)
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "需要安装 ${need[*]}（Debian 软件包）：请用 root 运行，或先 apt-get install ${need[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The compiler must be at least the crate's rust-version.
wanted=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)
have=$("$RUSTC" --version | awk '{print $2}')
if [ "$(printf '%s\n%s\n' "$wanted" "$have" | sort -V | head -n1)" != "$wanted" ]; then
  echo "Debian's rustc is $have, older than the rust-version $wanted in Cargo.toml: update rustc-web (bookworm-security)" >&2
  exit 1
fi

export RUSTC="$RUSTC"
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_X86_64_WIN7_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
# Its own target folder: the Debian compiler's artefacts never mix with
# rustup's in target/debug.
"$CARGO" build --release --locked --bin pinpai \
  -Zbuild-std=std,panic_abort --target "$TARGET" \
  --target-dir target/windows-build

mkdir -p "$OUT"
x86_64-w64-mingw32-strip -o "$OUT/pinpai.exe" "target/windows-build/$TARGET/release/pinpai.exe"
echo "$OUT/pinpai.exe ($(du -h "$OUT/pinpai.exe" | cut -f1))"

# Nothing newer than Windows 7 SP1: every imported function must be on the
# reviewed list (a dependency update that starts calling a Windows 8 function
# such as GetSystemTimePreciseAsFileTime, or an api-ms-win-* DLL, stops here).
# An import by ordinal has no name to check: listed as "<dll> #ordinal", so
# it is never on the list and stops the build too.
imports=$(x86_64-w64-mingw32-objdump -p "$OUT/pinpai.exe" | awk '
  /DLL Name:/ { dll = tolower($3); next }
  dll && /^\t[0-9a-f]+\t +[0-9]+ +[A-Za-z_]/ { print dll, $3; next }
  dll && /^\t[0-9a-f]+\t +[0-9]+ +<none>/ { print dll, "#" $2 }' | sort -u)
count=$(echo "$imports" | grep -c . || true)
if [ "$count" -lt 100 ]; then
  echo "found only $count imported functions in pinpai.exe: objdump's output has changed? the Windows 7 check cannot run" >&2
  exit 1
fi
new=$(comm -23 <(echo "$imports") <(grep -v '^#' tools/windows/win7-imports.txt | sort -u))
if [ -n "$new" ]; then
  echo "pinpai.exe imports functions not on tools/windows/win7-imports.txt:" >&2
  echo "$new" | sed 's/^/  /' >&2
  echo "check each one's minimum client (Windows 7 SP1 at the latest) before adding it" >&2
  exit 1
fi
echo "  imports $count functions, all on the Windows 7 list, from $(echo "$imports" | cut -d' ' -f1 | sort -u | tr '\n' ' ')"

# The release zip: its entries at the top (Explorer's "extract all" makes
# the pinpai-<version>-windows folder itself).
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
name="pinpai-$version-windows"
stage="$OUT/$name"
rm -rf "$stage" "$OUT/$name.zip"
site="$stage/党建之窗"
mkdir -p "$site"
# What `pinpai init` writes (src/scaffold.rs embeds these same folders), as
# committed: no editor leftovers of this working copy.
git ls-files -z -- site.yaml content static data | xargs -0 cp --parents -t "$site"
cp "$OUT/pinpai.exe" "$site/"
# For Notepad: CRLF line ends, as pinpai.exe itself writes them (the build
# gives the same pages either way).
find "$site" -type f \( -name '*.md' -o -name '*.yaml' -o -name '*.csv' \) \
  -exec perl -pi -e 's/\r?\n/\r\n/' {} +
for_notepad() { # SOURCE TARGET: UTF-8 with a BOM and CRLF line ends
  { printf '\357\273\277'; sed "s/{VERSION}/$version/" "$1" | perl -pe 's/\r?\n/\r\n/'; } > "$2"
}
for_notepad tools/windows/使用说明.txt "$stage/使用说明.txt"
for_notepad docs/CONTENT.md "$site/网站写作参考.txt"
python3 tools/windows/make-zip.py "$stage" "$OUT/$name.zip"
