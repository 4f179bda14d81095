#!/usr/bin/env bash
# Screenshots of a built site with headless Chromium, to look at a change or to refresh the
# README's picture (docs/screenshot.png).
#
#   docs/screenshots.sh SITE OUT_DIR [PAGE[@WIDTHxHEIGHT][:dark]]...
#
# SITE is a built site folder (hindsight build -o SITE); each PAGE is a path below it,
# optionally with a window size (default 1280x900) and `:dark` for the dark theme, e.g.
#
#   docs/screenshots.sh site /tmp/shots index.html index.html@390x844 graph.html:dark
#
# Each picture is OUT_DIR/<page with / as ->[-WIDTH][-dark].png. With no PAGE, the README
# screenshot, OUT_DIR/screenshot.png: the index at 1100x720. To refresh it:
#
#   hindsight build decisions -o /tmp/site && docs/screenshots.sh /tmp/site docs
# Needs chromium (CHROME=... to use another binary).
set -euo pipefail

if [ $# -lt 2 ]; then
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
site=$(cd "$1" && pwd)
out=$2
shift 2
mkdir -p "$out"
chrome=${CHROME:-$(command -v chromium || command -v chromium-browser || command -v google-chrome)}
readme=""
[ "$#" -gt 0 ] || { readme=1; set -- "index.html@1100x720"; }

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

for spec in "$@"; do
  dark=""
  case "$spec" in *:dark) dark=1; spec=${spec%:dark} ;; esac
  page=${spec%@*}
  size=1280x900
  [ "$spec" != "$page" ] && size=${spec#*@}
  w=${size%x*}
  h=${size#*x}
  name=$(printf '%s' "${page%.html}" | tr '/' '-')
  [ "$size" != 1280x900 ] && name="$name-$w"
  [ -n "$dark" ] && name="$name-dark"
  [ -n "$readme" ] && name=screenshot
  flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
    --disable-background-networking --disable-component-update --disable-sync
    --hide-scrollbars --user-data-dir="$profile" --window-size="$w,$h"
    --virtual-time-budget=4000 --screenshot="$out/$name.png")
  [ -n "$dark" ] && flags+=(--force-dark-mode --blink-settings=preferredColorScheme=0)
  "$chrome" "${flags[@]}" "file://$site/$page" >/dev/null 2>&1
  echo "$out/$name.png"
done
