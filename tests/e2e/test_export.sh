#!/bin/sh
# test_export.sh: `:export FILE` and the X key on the API Tokens tab: the
# rows in view (search and sort as shown; marks do not matter) written to
# CSV, JSON or NDJSON by the file's extension, ids masked, mode 0600, after
# a first line or fields naming the query and the time; the rows are those
# `wftokens list` writes for the same query and sort. A file that exists is
# refused unless :export!, a bad path or extension is said in words, and
# the console keeps working. Nothing changes on the server.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/e2e.sh"
. "$top_srcdir/tests/e2e/cli.sh"
plan 22

sb_start --seed 62
api POST /api/v2/account/serviceaccount '{"identifier":"sa::ex","active":true}' > /dev/null
for n in b a c d; do
	api POST /api/v2/apitoken/serviceaccount/sa::ex "{\"tokenName\":\"ex $n\"}" > /dev/null
done
tokens > "$work/before.tsv"
export COLS=200 ROWS=30
out="$work/out"
mkdir -p "$out"
echo "keep me" > "$out/taken.csv"

wft "$(keys export <<K
:search account:sa::ex
:sort name desc
m
:export $out/view.csv
:save-display $(screen csv)
:export $out/view.json
:export $out/view.ndjson
:export $out/taken.csv
:save-display $(screen taken)
:export! $out/view.json
:save-display $(screen replaced)
:export $work/no/such/dir/x.csv
:save-display $(screen badpath)
:export $out/view.txt
:save-display $(screen badext)
:export
:save-display $(screen noname)
X
$out/bykey.csv<Enter>
:save-display $(screen bykey)
K
)"
cli list --query 'account:sa::ex' --sort name:desc --format csv < /dev/null > "$work/list.csv"
cli list --query 'account:sa::ex' --sort name:desc --format json < /dev/null > "$work/list.json"

check "the message: 4 rows written to the file, with the query" \
	grep -qF "4 rows written to $out/view.csv (query: account:sa::ex; sorted by name desc)" "$(screen csv)"
check "CSV: mode 0600" test "$(stat -c %a "$out/view.csv")" = 600
check "CSV: a first line starting with # naming the query and the time" \
	sh -c 'head -1 "$1" | grep -qE "^# wftokens export; query: account:sa::ex; sorted by name desc; time: [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z; rows: 4"' sh "$out/view.csv"
tail -n +2 "$out/view.csv" > "$work/rows.csv"
check "CSV: then the rows of the view, as wftokens list writes them (marks do not matter)" \
	sh -c 'test "$(wc -l < "$1")" -eq 5 && cmp -s "$1" "$2"' sh "$work/rows.csv" "$work/list.csv"
check "CSV: in the view's order (name descending)" \
	sh -c 'test "$(tail -n +2 "$1" | cut -d, -f2 | tr "\n" " ")" = "ex d ex c ex b ex a "' sh "$work/rows.csv"
cut -f1 "$work/before.tsv" > "$work/ids"
check "no full token id in any file" sh -c '! cat "$2"/*.csv "$2"/*.json "$2"/*.ndjson | grep -qiF -f "$1"' sh "$work/ids" "$out"
check "JSON: mode 0600" test "$(stat -c %a "$out/view.json")" = 600
check "JSON: an object naming the query, the sort and the time" \
	jq -e '.query == "account:sa::ex" and .sort == "name desc" and (.time | test("^[0-9-]+T[0-9:]+Z$")) and .rows == 4' "$out/view.json"
check "JSON: its tokens are the rows wftokens list writes" \
	sh -c 'test "$(jq -c .tokens "$1")" = "$(jq -c . "$2")"' sh "$out/view.json" "$work/list.json"
check "NDJSON: a first object with the query, then one row a line" \
	sh -c 'head -1 "$1" | jq -e ".query == \"account:sa::ex\" and .rows == 4" > /dev/null && test "$(tail -n +2 "$1" | jq -s length)" -eq 4' sh "$out/view.ndjson"
check "NDJSON: mode 0600" test "$(stat -c %a "$out/view.ndjson")" = 600
check "a file that exists is refused, said so with :export!" \
	grep -qF "Not exported: $out/taken.csv already exists (:export! replaces it)." "$(screen taken)"
check "and left alone" test "$(cat "$out/taken.csv")" = "keep me"
check ":export! replaces the file" grep -qF "4 rows written to $out/view.json" "$(screen replaced)"
check "and the new one is 0600 and whole" \
	sh -c 'test "$(stat -c %a "$1")" = 600 && jq -e ".rows == 4" "$1" > /dev/null' sh "$out/view.json"
check "a bad path: said in words" \
	grep -qF "Not exported: cannot create $work/no/such/dir/x.csv: No such file or directory." "$(screen badpath)"
check "a bad extension: said in words" grep -qF "the name must end in .csv, .json or .ndjson" "$(screen badext)"
check "no name: said in words" grep -qF ":export needs a file name" "$(screen noname)"
check "the console kept working: X asks for a name and exports" \
	grep -qF "4 rows written to $out/bykey.csv" "$(screen bykey)"
check "the file of X is the same rows" \
	sh -c 'tail -n +2 "$1" | cmp -s - "$2"' sh "$out/bykey.csv" "$work/list.csv"
check "no file was made for the bad names" sh -c 'test ! -e "$1/view.txt" && test ! -e "$2/no"' sh "$out" "$work"
# (lastUsed moves: the console's own token is used.)
tokens | cut -f1-3 > "$work/after.tsv"
cut -f1-3 "$work/before.tsv" > "$work/before3.tsv"
check "nothing changed on the server: the same tokens, names and accounts" \
	sh -c 'test "$(wc -l < "$1")" -gt 4 && cmp -s "$1" "$2"' sh "$work/before3.tsv" "$work/after.tsv"
