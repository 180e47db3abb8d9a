#!/usr/bin/env bash
# pinpai.exe for Windows 7 SP1 and later, cross-built on Debian.
#
#   bash tools/build-windows.sh
#
# Writes target/windows/pinpai.exe (stripped). Installs what it needs from
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
echo "$OUT/pinpai.exe ($(du -h "$OUT/pinpai.exe" | cut -f1)); imports:"
x86_64-w64-mingw32-objdump -p "$OUT/pinpai.exe" | sed -n 's/^\tDLL Name: /  /p'
