#!/usr/bin/env bash
# Rebuilds resources/icc/newsprint-snap-tr002-240.icc, the output intent of Banmian's PDF/X: a
# CMYK profile for coldset offset on newsprint, made by ArgyllCMS's colprof (Debian: argyll)
# from the CGATS/SNAP TR 002 characterization data that Debian's icc-profiles-free ships
# (Zlib licence; CGATS lets profiles made from these data be distributed, naming TR 002 as the
# source). 240 % total ink, as newspaper presses ask; black generation is colprof's ramp.
set -euo pipefail
cd "$(dirname "$0")/.."
data=/usr/share/color/icc/TR002.ti3
command -v colprof >/dev/null || { echo "colprof missing: apt-get install argyll" >&2; exit 1; }
[ -f "$data" ] || { echo "$data missing: apt-get install icc-profiles-free" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$data" "$work/newsprint.ti3"
colprof -qm -kr -l 240 \
  -D "Banmian newsprint (CGATS/SNAP TR 002, 240% TAC)" \
  -C "Made by ArgyllCMS colprof from CGATS/SNAP TR 002-2007 characterization data (Zlib licence via Debian icc-profiles-free)" \
  "$work/newsprint" >/dev/null
cp "$work/newsprint.icc" resources/icc/newsprint-snap-tr002-240.icc
echo "resources/icc/newsprint-snap-tr002-240.icc"
