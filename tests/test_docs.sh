#!/bin/sh
# test_docs.sh: the repository documents itself. No source, header, test or
# build file cites a document that is not in the repository; every endpoint
# label T<n> used in the code is defined in doc/api.md; doc/search.md names
# every error message the search parser can give.
. "$top_srcdir/tests/lib.sh"
plan 4
cd "$top_srcdir" || exit 1
files=$(find src tui tests -name '*.[ch]' -o -name '*.sh' -o -name '*.mk' -o -name '*.in' |
	grep -v '^tests/test_docs.sh$')

outside=$(grep -ln 'API\.md\|UX\.md\|DESIGN\.md\|shared/' $files Makefile.am configure.ac)
check "no file cites a document outside the repository${outside:+: }$outside" \
	test -z "$outside"

labels=$(grep -oh '\bT[0-9][0-9]*\b' $files | sort -u)
undefined=
for l in $labels; do
	grep -q "^| $l |" doc/api.md || undefined="$undefined $l"
done
check "every endpoint label is defined in doc/api.md ($(echo $labels | wc -w) used)${undefined:+; not:}$undefined" \
	test -n "$labels" -a -z "$undefined"

# The parser's messages: the literal strings given to perr() in src/query.c.
msgs=$(sed -n 's/.*perr(qe, s, [^"]*"\([^"%]*\)".*/\1/p' src/query.c | sort -u)
missing=
n=0
IFS='
'
for m in $msgs; do
	n=$((n + 1))
	grep -qF -- "$m" doc/search.md || missing="$missing [$m]"
done
unset IFS
check "doc/search.md names all $n parser messages${missing:+; not:}$missing" \
	test "$n" -ge 8 -a -z "$missing"

# The search language's fields as src/query.c reads them.
fields=$(sed -n 's/.*word_is(f, fl, "\([a-z]*\)").*/\1/p' src/query.c)
nofield=
for f in $fields; do
	grep -q "\`$f:" doc/search.md || nofield="$nofield $f"
done
check "doc/search.md describes every field ($(echo $fields | wc -w))${nofield:+; not:}$nofield" \
	test -n "$fields" -a -z "$nofield"
