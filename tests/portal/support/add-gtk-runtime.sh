#!/bin/bash
# Adds to DEST (a test runtime's files/, mounted at /usr; its etc/ becomes /etc) what GTK 3 needs
# at run time besides its libraries: the GSettings schemas it reads (compiled), one font with a
# fontconfig configuration, the MIME database (gdk-pixbuf finds its built-in PNG loader for
# GTK's own icons by content type), hicolor's index, and empty module caches (no loader or input
# method modules). Usage: add-gtk-runtime.sh DEST
set -euo pipefail

dest=$1
multiarch=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)

mkdir -p "$dest/share/glib-2.0/schemas"
cp /usr/share/glib-2.0/schemas/org.gtk.Settings.*.gschema.xml "$dest/share/glib-2.0/schemas/"
glib-compile-schemas "$dest/share/glib-2.0/schemas"

font=$(fc-match -f '%{file}' sans)
mkdir -p "$dest/share/fonts" "$dest/etc/fonts"
cp "$font" "$dest/share/fonts/"
cat >"$dest/etc/fonts/fonts.conf" <<'CONF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts</dir>
  <cachedir prefix="xdg">fontconfig</cachedir>
</fontconfig>
CONF

mkdir -p "$dest/share/mime" "$dest/share/icons/hicolor"
cp /usr/share/mime/mime.cache "$dest/share/mime/"
cp /usr/share/icons/hicolor/index.theme "$dest/share/icons/hicolor/"

mkdir -p "$dest/lib/$multiarch/gdk-pixbuf-2.0/2.10.0" "$dest/lib/$multiarch/gtk-3.0/3.0.0"
: >"$dest/lib/$multiarch/gdk-pixbuf-2.0/2.10.0/loaders.cache"
: >"$dest/lib/$multiarch/gtk-3.0/3.0.0/immodules.cache"
