#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# A DICOM series over loopback DICOMweb against the same series from its folder, side by side
# (a benchmark, not a test; issue 13's goal: at most 2x the local time):
#   - a generated 400 x 512 x 512 int16 CT series (bench_dicom_load ... generate-only),
#   - uploaded to a private Orthanc (its own config, port and folders in a temporary folder;
#     the system daemon is never used),
#   - `voxdiff-cli info` on the folder, on the series URL with an empty cache (retrieve + load),
#     and on the series URL again (cached), alternating, medians with peaks; and the floor,
#     curl writing the same WADO-RS retrieve to a file (what the server alone takes).
#
#   bench/run_dicomweb.sh [--small] [BUILD_DIR]      (BUILD_DIR defaults to build)
#
# --small uses 8 slices, once. VOXDIFF_BENCH_REPS sets the repetitions (default 5). Needs
# orthanc, orthanc-dicomweb and curl (scripts/setup.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
SMALL=0
if [ "${1:-}" = "--small" ]; then
  SMALL=1
  shift
fi
BUILD=$(cd "${1:-build}" && pwd)
REPS=${VOXDIFF_BENCH_REPS:-5}
SLICES=400
if [ "$SMALL" = 1 ]; then
  REPS=1
  SLICES=8
fi
CLI=$BUILD/app/cli/voxdiff-cli
ORTHANC=/usr/sbin/Orthanc
PLUGIN=/usr/share/orthanc/plugins/libOrthancDicomWeb.so
for need in "$CLI" "$ORTHANC" "$PLUGIN" "$BUILD/bench/bench_dicom_load"; do
  if [ ! -e "$need" ]; then
    echo "run_dicomweb: $need is missing" >&2
    exit 1
  fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/voxdiff-dicomweb.XXXXXX")
orthanc_pid=
cleanup() {
  if [ -n "$orthanc_pid" ]; then
    kill "$orthanc_pid" 2>/dev/null || true
    wait "$orthanc_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "== generating a $SLICES-slice CT series in $tmp"
"$BUILD/bench/bench_dicom_load" "$tmp/ct" "$SLICES" generate-only >/dev/null
rm -f "$tmp/ct/done" # the generator's marker: the folder must hold exactly what is uploaded

port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
user=bench
password=bench-$RANDOM$RANDOM
mkdir -p "$tmp/storage" "$tmp/index"
cat >"$tmp/orthanc.json" <<EOF
{
  "Name": "voxdiff-bench",
  "StorageDirectory": "$tmp/storage",
  "IndexDirectory": "$tmp/index",
  "HttpPort": $port,
  "DicomServerEnabled": false,
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": true,
  "RegisteredUsers": {"$user": "$password"},
  "Plugins": ["$PLUGIN"],
  "DicomWeb": {"Enable": true, "Root": "/dicom-web/"},
  "HttpCompressionEnabled": false,
  "SaveJobs": false
}
EOF
"$ORTHANC" "$tmp/orthanc.json" >"$tmp/orthanc.log" 2>&1 &
orthanc_pid=$!
base=http://127.0.0.1:$port
for _ in $(seq 300); do
  if curl -s -o /dev/null -u "$user:$password" "$base/system"; then
    break
  fi
  sleep 0.1
done
echo "== uploading to a private Orthanc on port $port"
for f in "$tmp"/ct/*; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -u "$user:$password" -X POST \
    -H 'Content-Type: application/dicom' --data-binary "@$f" "$base/instances")
  if [ "$code" != 200 ]; then
    echo "run_dicomweb: uploading $f answered HTTP $code" >&2
    exit 1
  fi
done
export VOXDIFF_DICOMWEB_USER=$user VOXDIFF_DICOMWEB_PASSWORD=$password
export XDG_CACHE_HOME=$tmp/cache
"$CLI" search "$base/dicom-web" --json >"$tmp/search.json"
url=$(/usr/bin/python3 -c 'import json, sys
found = json.load(open(sys.argv[1]))
urls = []
def walk(x):
    if isinstance(x, dict):
        for k, v in x.items():
            if k == "url" and "/series/" in str(v):
                urls.append(v)
            walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)
walk(found)
print(urls[0] if len(urls) == 1 else "")' "$tmp/search.json")
if [ -z "$url" ]; then
  echo "run_dicomweb: the search did not find exactly one series:" >&2
  cat "$tmp/search.json" >&2
  exit 1
fi

# shellcheck source=timing.sh
source bench/timing.sh

echo "== $REPS alternating runs"
for _ in $(seq "$REPS"); do
  run local 0 "$CLI" info "$tmp/ct"
  rm -rf "$XDG_CACHE_HOME"
  run cold 0 "$CLI" info "$url"
  run cached 0 "$CLI" info "$url"
  # The floor: the same WADO-RS retrieve written to a file by curl, nothing parsed or loaded.
  run curl 0 curl -s -f -o "$tmp/retrieve.bin" -u "$user:$password" \
    -H 'Accept: multipart/related; type="application/dicom"; transfer-syntax=*' "$url"
  rm -f "$tmp/retrieve.bin"
done
if ! cmp -s <(sed 1d "$tmp/local.out") <(sed 1d "$tmp/cold.out"); then
  # The first line names the input (a folder or a URL); everything after must be the same.
  echo "run_dicomweb: the series over DICOMweb does not read as the folder does:" >&2
  diff <(sed 1d "$tmp/local.out") <(sed 1d "$tmp/cold.out") >&2 || true
  exit 1
fi
if grep -qs -- "$password" "$tmp"/*.out "$tmp"/*.err; then
  echo "run_dicomweb: the password appeared in an output" >&2
  exit 1
fi
echo "== results (medians of $REPS; ratio = time / local folder's; curl: the server's retrieve alone)"
local_s=$(median local 1)
for name in local cold cached curl; do
  awk -v n="$name" -v s="$(median "$name" 1)" -v m="$(median "$name" 2)" -v l="$local_s" \
    'BEGIN {printf "%-7s %6.2f s %6.0f MiB  ratio %.2f\n", n, s, m / 1024, s / (l > 0 ? l : 1e-3)}'
done
# The client's own share of the cold load: what it adds to the server's retrieve (the floor).
# On these machines the local load alone varies 0.15-0.63 s between runs (fresh pages), more
# than the client's share; this line does not depend on it.
awk -v c="$(median cold 1)" -v f="$(median curl 1)" \
  'BEGIN {printf "cold over the floor: %+.2f s (%.2f x curl)\n", c - f, c / (f > 0 ? f : 1e-3)}'
