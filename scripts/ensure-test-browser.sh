#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium (Playwright cannot download its own browser
# here) and need CJK fonts to draw Chinese text. Installs both when missing and we may
# (root with apt-get); otherwise says what to install.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
have_fonts() { fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; }
if [ -x "$browser" ] && have_fonts; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium and CJK fonts for the browser tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  exit 0
fi
echo "The browser tests need Chromium at $browser (or CHROMIUM_PATH) and fonts-noto-cjk." >&2
echo "On Debian: sudo apt-get install chromium fonts-noto-cjk" >&2
exit 1
