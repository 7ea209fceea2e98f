# SPDX-License-Identifier: BSD-3-Clause
# Shared by the benchmark scripts (sourced, not run): timed runs and their medians, kept in the
# caller's temporary folder $tmp.

# run NAME OK_CODES CMD...: runs CMD with its output in $tmp/NAME.out and .err, and appends
# "seconds peak_KiB" to $tmp/NAME.times; any exit status outside OK_CODES ends the benchmark.
run() {
  local name=$1 ok=$2
  shift 2
  local rc=0
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || rc=$?
  if [[ " $ok " != *" $rc "* ]]; then
    echo "${0##*/}: $name failed with status $rc:" >&2
    cat "$tmp/$name.err" >&2
    exit 1
  fi
  tail -n 1 "$tmp/time" >>"$tmp/$name.times"
}

# median NAME FIELD: the median of column FIELD (1: seconds, 2: peak KiB) of NAME's runs.
median() {
  sort -n -k"$2" "$tmp/$1.times" | awk -v f="$2" '{v[NR] = $f} END {print v[int((NR + 1) / 2)]}'
}
