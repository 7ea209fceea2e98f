#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Installs the peers bench/run_peers.sh measures VoxDiff against (Debian bookworm packages):
# dcm2niix for the DICOM load, nibabel + numpy for the NIfTI pair. Not needed to build or test
# VoxDiff, so not in scripts/setup.sh. Idempotent.
set -euo pipefail
packages=(dcm2niix python3-nibabel python3-numpy time)
missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  if [ "$status" != "install ok installed" ]; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "bench setup: all ${#packages[@]} packages present"
  exit 0
fi
SUDO=
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
fi
echo "bench setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "bench setup: done"
