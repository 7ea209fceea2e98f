#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Source hygiene, run by CTest (test lint.source) and so by scripts/test.sh:
#   - every C++ file is formatted as .clang-format says (clang-format --dry-run -Werror),
#   - every C++, CMake and shell file carries the project's SPDX licence identifier,
#   - no shell script pipes into a reader that exits early (head, grep -q): see below.
# Fix formatting with: clang-format -i $(git ls-files '*.cpp' '*.h')
set -euo pipefail
cd "$(dirname "$0")/.."
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t cxx < <(git ls-files '*.cpp' '*.h' | grep -v '^wip/')
  mapfile -t other < <(git ls-files 'CMakeLists.txt' '*/CMakeLists.txt' '*.cmake' '*.sh' '.ci/run')
else
  mapfile -t cxx < <(find app core ui tests bench -name '*.cpp' -o -name '*.h' | sort)
  mapfile -t other < <(find . -name CMakeLists.txt -o -name '*.cmake' -o -name '*.sh' | sort)
fi
status=0
if ! clang-format --dry-run -Werror "${cxx[@]}"; then
  echo "check-source: the files above are not formatted as .clang-format says" >&2
  status=1
fi
for f in "${cxx[@]}" "${other[@]}"; do
  [ -f "$f" ] || continue
  mapfile -t -n 3 first <"$f"
  if [[ "${first[*]}" != *'SPDX-License-Identifier: BSD-3-Clause'* ]]; then
    echo "check-source: $f: no 'SPDX-License-Identifier: BSD-3-Clause' in its first lines" >&2
    status=1
  fi
done
# Scripts run under pipefail: a reader that stops early ("| head", "| grep -q", "| grep -m")
# kills the writer with SIGPIPE on some runs only (exit 141), so the gate would not be
# deterministic. Capture the output and match it instead.
for f in "${other[@]}"; do
  case $f in *.sh | .ci/run) ;; *) continue ;; esac
  [ -f "$f" ] || continue
  n=0
  while IFS= read -r line; do
    n=$((n + 1))
    [[ $line =~ ^[[:space:]]*# ]] && continue
    if [[ $line =~ \|[[:space:]]*(head|grep[[:space:]]+-[a-zA-Z]*[qm]) ]]; then
      echo "check-source: $f:$n: a pipe into an early-exiting reader (SIGPIPE under pipefail): $line" >&2
      status=1
    fi
  done <"$f"
done
[ $status -eq 0 ] && echo "check-source: ${#cxx[@]} C++ files formatted; ${#cxx[@]} + ${#other[@]} files carry the SPDX identifier"
exit $status
