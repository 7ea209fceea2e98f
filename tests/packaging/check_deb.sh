#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Usage: check_deb.sh CPACK BUILD_DIR WORK_DIR VERSION WITH_GUI
# Makes the .deb from BUILD_DIR with CPack into WORK_DIR, unpacks it into WORK_DIR/root with
# dpkg-deb -x (no installation, no root needed) and checks what a user would get: the files in
# their Debian places, a valid .desktop entry and MIME package, readable man pages, the Depends
# line (the runtime libraries, no -dev package), and voxdiff-cli running from the scratch root.
set -euo pipefail
# No "cmd | grep -q" nor "| head": under pipefail the writer can die of SIGPIPE when the reader
# stops early, and the pipeline then fails on some runs only. Output is captured and matched.
CPACK=$1 BUILD_DIR=$2 WORK=$3 VERSION=$4 WITH_GUI=$5
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
rm -rf "$WORK"
mkdir -p "$WORK"

if ! "$CPACK" --config "$BUILD_DIR/CPackConfig.cmake" -B "$WORK/cpack" >"$WORK/cpack.log" 2>&1; then
  cat "$WORK/cpack.log" >&2
  echo "FAIL: cpack" >&2
  exit 1
fi
debs=("$WORK"/cpack/voxdiff_"$VERSION"_*.deb)
deb=""
[ -f "${debs[0]}" ] && deb=${debs[0]}
if [ -z "$deb" ]; then
  ls "$WORK/cpack" >&2
  echo "FAIL: no voxdiff_${VERSION}_ARCH.deb written" >&2
  exit 1
fi
echo "package: $deb"
ROOT=$WORK/root
dpkg-deb -x "$deb" "$ROOT"

# Control fields.
[ "$(dpkg-deb -f "$deb" Package)" = voxdiff ] || fail "Package is not voxdiff"
[ "$(dpkg-deb -f "$deb" Version)" = "$VERSION" ] || fail "Version is not $VERSION"
[ "$(dpkg-deb -f "$deb" Section)" = science ] || fail "Section is not science"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
need=(libc6 'libgdcm[0-9.]*' 'libnifti2-[0-9]*' 'libznz[0-9]*' zlib1g)
if [ "$WITH_GUI" = 1 ]; then
  need+=(libqt6core6 libqt6gui6 libqt6widgets6 'libvtk9[0-9.]*' libgl1-mesa-dri)
fi
for p in "${need[@]}"; do
  grep -Eq "(^|, )$p( |,|$)" <<<"$depends" || fail "Depends lacks $p"
done
if grep -Eq -- '-dev( |$)' <<<"${depends//[,|]/$'\n'}"; then
  fail "Depends names a -dev package"
fi

# Files in their Debian places.
files=(usr/bin/voxdiff-cli usr/share/man/man1/voxdiff-cli.1.gz
  usr/share/doc/voxdiff/copyright usr/share/doc/voxdiff/README.md
  usr/share/doc/voxdiff/docs/cli.md usr/share/doc/voxdiff/docs/exit-codes.md
  usr/share/doc/voxdiff/docs/report-schema.md usr/share/doc/voxdiff/docs/architecture.md
  usr/share/doc/voxdiff/resources/report-schema.json)
# The pixel decoding helper both programs start (docs/robustness.md).
files+=(usr/libexec/voxdiff/voxdiff-decode)
if [ "$WITH_GUI" = 1 ]; then
  files+=(usr/bin/voxdiff usr/share/man/man1/voxdiff.1.gz
    usr/share/applications/voxdiff.desktop usr/share/mime/packages/voxdiff-nifti.xml
    usr/share/icons/hicolor/scalable/apps/voxdiff.svg)
  for s in 48 128 256; do
    png=usr/share/icons/hicolor/${s}x${s}/apps/voxdiff.png
    files+=("$png")
    # A PNG's IHDR holds the width at bytes 16-19 (big endian).
    if [ -f "$ROOT/$png" ]; then
      w=$(od -An -tu1 -j16 -N4 "$ROOT/$png" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')
      [ "$w" = "$s" ] || fail "$png is $w pixels wide, not $s"
    fi
  done
fi
for f in "${files[@]}"; do
  [ -f "$ROOT/$f" ] || fail "missing /$f"
done
for b in usr/bin/voxdiff-cli usr/bin/voxdiff; do
  [ -f "$ROOT/$b" ] && { [ -x "$ROOT/$b" ] || fail "/$b is not executable"; }
done
if [ -n "$(find "$ROOT" -path '*/usr/local/*' -print -quit)" ]; then
  fail "files under /usr/local"
fi

# Man pages: valid gzip, and formatted by man without warnings where man-db is present.
for page in "$ROOT"/usr/share/man/man1/*.1.gz; do
  gzip -t "$page" || fail "$page is not valid gzip"
  if command -v man >/dev/null; then
    out=$(MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>"$WORK/man.err") || fail "man -l $page"
    [ -s "$WORK/man.err" ] && fail "man warnings for $page: $(cat "$WORK/man.err")"
    [[ $out == *"EXIT STATUS"* || $out == *OPTIONS* ]] || fail "$page has no OPTIONS or EXIT STATUS section"
  fi
done

# Desktop entry and MIME package.
if [ "$WITH_GUI" = 1 ]; then
  desktop=$ROOT/usr/share/applications/voxdiff.desktop
  if command -v desktop-file-validate >/dev/null; then
    out=$(desktop-file-validate "$desktop" 2>&1) || fail "desktop-file-validate: $out"
    [ -n "$out" ] && fail "desktop-file-validate: $out"
  else
    echo "note: desktop-file-validate not found (package desktop-file-utils): not validated"
  fi
  grep -q '^Exec=voxdiff %F$' "$desktop" || fail ".desktop Exec is not 'voxdiff %F'"
  grep -q '^Icon=voxdiff$' "$desktop" || fail ".desktop Icon is not voxdiff"
  grep -q '^MimeType=.*image/x-nifti;' "$desktop" || fail ".desktop does not claim image/x-nifti"
  # Only the types VoxDiff opens: claiming inode/directory would list it for every folder.
  grep -q '^MimeType=.*inode/directory' "$desktop" && fail ".desktop claims inode/directory"
  if command -v update-mime-database >/dev/null && [ -f /usr/share/mime/packages/freedesktop.org.xml ]; then
    mkdir -p "$WORK/mime/packages"
    cp /usr/share/mime/packages/freedesktop.org.xml "$ROOT/usr/share/mime/packages/voxdiff-nifti.xml" \
      "$WORK/mime/packages/"
    update-mime-database "$WORK/mime" >/dev/null 2>&1 || fail "update-mime-database rejects the MIME package"
    for g in '*.nii' '*.nii.gz' '*.hdr'; do
      grep -Fq "image/x-nifti:$g" "$WORK/mime/globs2" || fail "MIME database lacks $g as image/x-nifti"
    done
  fi
fi

# The licence: a machine-readable copyright file naming BSD-3-Clause, a real Maintainer.
copyright=$ROOT/usr/share/doc/voxdiff/copyright
read -r first_line <"$copyright" || true
[ "$first_line" = 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' ] ||
  fail "copyright is not in the machine-readable format"
grep -qx 'License: BSD-3-Clause' "$copyright" || fail "copyright does not grant BSD-3-Clause"
maintainer=$(dpkg-deb -f "$deb" Maintainer)
[[ $maintainer == *example.* ]] && fail "Maintainer is a placeholder: $maintainer"

# voxdiff-cli from the scratch root: version, sample pair, comparison in SUV.
cli=$ROOT/usr/bin/voxdiff-cli
version_text=$("$cli" --version) || fail "voxdiff-cli --version exits non-zero"
[ "${version_text%%$'\n'*}" = "voxdiff-cli $VERSION" ] ||
  fail "voxdiff-cli --version says '$version_text'"
[[ $'\n'$version_text$'\n' == *$'\n'"License: BSD-3-Clause"$'\n'* ]] || fail "voxdiff-cli --version names no licence"
if "$cli" demo "$WORK/demo" >"$WORK/demo.log" 2>&1; then
  set +e
  "$cli" compare "$WORK/demo/pet_suv.nii.gz" "$WORK/demo/pet_dicom" --suv \
    --json "$WORK/report.json" >"$WORK/compare.log" 2>&1
  status=$?
  set -e
  [ "$status" = 0 ] || fail "voxdiff-cli compare --suv on the demo pair exits $status: $(cat "$WORK/compare.log")"
  grep -q '"verdict": "equivalent"' "$WORK/report.json" 2>/dev/null ||
    fail "the demo pair in SUV is not reported equivalent"
else
  fail "voxdiff-cli demo: $(cat "$WORK/demo.log")"
fi
if [ "$WITH_GUI" = 1 ]; then
  # The viewer resolves every library from the system and prints its version without a display.
  libs=$(ldd "$ROOT/usr/bin/voxdiff" 2>&1) || fail "ldd voxdiff: $libs"
  [[ $libs == *"not found"* ]] && fail "voxdiff has unresolved libraries: $libs"
  gui_version=$(env -u DISPLAY -u WAYLAND_DISPLAY timeout 20 "$ROOT/usr/bin/voxdiff" --version 2>&1) ||
    fail "voxdiff --version without a display: $gui_version"
  [[ ${gui_version%%$'\n'*} == "voxdiff $VERSION"* ]] ||
    fail "voxdiff --version says '$gui_version'"
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures packaging check(s) failed" >&2
  exit 1
fi
rm -rf "$WORK/cpack/_CPack_Packages"
echo "packaging: all checks passed"
