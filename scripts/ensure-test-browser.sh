#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium (Playwright cannot download its own browser
# here) and need CJK fonts to draw Chinese text; the export embeds LXGW WenKai (楷) from
# fonts-lxgw-wenkai; the export tests read PDFs with poppler's pdfinfo/pdffonts, make and check
# PDF/X with Ghostscript (gs), and check NITF with xmllint. Installs what is missing when we may (root
# with apt-get); otherwise says what to install.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
# (grep -c, not -q: -q stops reading early, fc-list dies of SIGPIPE, and pipefail calls it missing)
have_fonts() { [ "$(fc-list 2>/dev/null | grep -ci 'Noto Sans CJK')" -gt 0 ] && [ -f /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf ]; }
have_tools() { command -v pdffonts >/dev/null && command -v pdfinfo >/dev/null && command -v xmllint >/dev/null && command -v gs >/dev/null; }
have_postgres() { command -v initdb >/dev/null || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }
if [ -x "$browser" ] && have_fonts && have_tools && have_postgres; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium, CJK fonts, poppler-utils, Ghostscript, xmllint and PostgreSQL for the tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk fonts-lxgw-wenkai poppler-utils ghostscript libxml2-utils postgresql >/dev/null
  exit 0
fi
echo "The tests need Chromium at $browser (or CHROMIUM_PATH), fonts-noto-cjk, fonts-lxgw-wenkai, poppler-utils, ghostscript, libxml2-utils and postgresql." >&2
echo "On Debian: sudo apt-get install chromium fonts-noto-cjk fonts-lxgw-wenkai poppler-utils ghostscript libxml2-utils postgresql" >&2
exit 1
