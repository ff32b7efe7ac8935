#!/bin/sh
# French typography for the interface's own words (`make messages` runs this after makemessages).
#
# Strings are written in French in the code with ordinary spaces (« Statut : »), easy to type and
# to read. This builds the French catalog from them: each msgid becomes its own translation with
# an espace fine insécable (U+202F) before ; ! ? » and after «, and an espace insécable (U+00A0)
# before : — the rules core/typography.py applies to what journalists and readers write. The
# English catalog lists every msgid, so it is the source; settings.LOCALE_PATHS names the output
# after locale/ (whose French rewordings of Django's own strings come first).
set -eu
cd "$(dirname "$0")/.."
src=locale/en/LC_MESSAGES/django.po
out=locale/typeset/fr/LC_MESSAGES/django.po
mkdir -p "$(dirname "$out")"
nnbsp=$(printf '\342\200\257')
nbsp=$(printf '\302\240')
msgfilter --keep-header --no-wrap -i "$src" sed d \
  | msgen --no-wrap - \
  | msgfilter --keep-header --no-wrap sed \
      -e "s/\([^ ]\) \([;!?»]\)/\1${nnbsp}\2/g" \
      -e "s/\([^ ]\) :/\1${nbsp}:/g" \
      -e "s/« /«${nnbsp}/g" \
  | msgcat --no-location --no-wrap -o "$out" -
sed -i -e '1s/.*/# The French interface: the msgids with French typography (scripts\/french_catalog.sh, do not edit)./' \
       -e 's/^"Language-Team: .*"$/"Language-Team: French\\n"/' \
       -e 's/^"Language: en\\n"$/"Language: fr\\n"/' \
       -e 's/^"Plural-Forms: .*"$/"Plural-Forms: nplurals=2; plural=(n > 1);\\n"/' "$out"
msgfmt --check -o "${out%.po}.mo" "$out"
