#!/usr/bin/env bash
# Renders the app icon (src-tauri/icons/icon.svg, drawn for this app) to the PNGs the Tauri
# bundler installs (hicolor 32, 128, 256, 512) and the .ico a Windows build would embed. The
# outputs are committed: run this only after changing icon.svg. Needs rsvg-convert
# (librsvg2-bin) and ImageMagick's convert.
set -euo pipefail
cd "$(dirname "$0")/../src-tauri/icons"
rsvg-convert -w 32 -h 32 icon.svg -o 32x32.png
rsvg-convert -w 128 -h 128 icon.svg -o 128x128.png
rsvg-convert -w 256 -h 256 icon.svg -o 256x256.png
rsvg-convert -w 512 -h 512 icon.svg -o icon.png
tmp=$(mktemp -d)
for s in 16 24 32 48 64 256; do rsvg-convert -w "$s" -h "$s" icon.svg -o "$tmp/$s.png"; done
convert "$tmp"/{16,24,32,48,64,256}.png icon.ico
rm -r "$tmp"
cp icon.svg ../../ui/img/icon.svg  # the sidebar logo
ls -l
