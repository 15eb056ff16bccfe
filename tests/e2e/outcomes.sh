# outcomes.sh: the fault matrix of the console's changes. Source it after
# lib.sh and e2e.sh, start a sandbox, then call `trial CHANGE FAULT` for each
# pair and `matrix_report` at the end. A trial sets up what the change needs
# through the sandbox's API, drives the console (live, through fifos) to the
# change, injects one fault just before it, makes it, and then compares what
# the screen says with the sandbox's state read through its API:
#   shown done      -> the server must have the change;
#   shown not done  -> the server must not have it;
#   shown not confirmed -> allowed either way (counted apart);
#   nothing recognisable shown -> a mismatch too.
# Every trial is one TAP line.
faults() { api POST /_sandbox/faults "$1" > /dev/null; }
fault_json() {
	case $1 in
	404|409|500) echo "{\"fail_next\":1,\"status\":$1}" ;;
	503ra) echo '{"fail_next":1,"status":503,"retry_after":1}' ;;
	garbage) echo '{"garbage_next":1}' ;;
	truncate) echo '{"truncate_next":1}' ;;
	drop) echo '{"drop_next":1}' ;;
	# A dropped change whose read-back (or retry) is then refused.
	dropread) echo '{"drop_next":1,"fail_next":1,"status":500}' ;;
	*) echo "Bail out! unknown fault $1"; exit 1 ;;
	esac
}
m_trials=0 m_shown=0 m_confirmed=0 m_unsure=0 m_mismatch=0 m_n=0
SA=sa::mx
api POST /api/v2/account/serviceaccount \
	"{\"identifier\":\"$SA\",\"description\":\"matrix\",\"active\":true}" > /dev/null

# new_token NAME: a new token of $SA; its id on stdout.
new_token() {
	api POST "/api/v2/apitoken/serviceaccount/$SA" "{\"tokenName\":\"$1\"}" |
		jq -r --arg n "$1" '[.response[] | select(.tokenName == $n)] | last | .tokenID'
}
sa_tokens() { api GET "/api/v2/apitoken/serviceaccount/$1" | jq -r '.response[].tokenName'; }
sa_active() { api GET "/api/v2/account/serviceaccount/$1" | jq -r '.response.active'; }
sa_exists() { api GET "/api/v2/account/serviceaccount/$1" | jq -e '.status.code == 200' > /dev/null; }
ss_names() { api GET '/api/v2/savedsearch/type/TOKEN?offset=0&limit=1000' | jq -r '.response.items[].query | keys[]'; }

# shown FILE DONE NOTDONE UNSURE: done, notdone, unsure or none, from the
# patterns (extended regular expressions) on the saved screen.
shown() {
	if grep -Eq "$4" "$1"; then echo unsure
	elif grep -Eq "$3" "$1"; then echo notdone
	elif grep -Eq "$2" "$1"; then echo done
	else echo none; fi
}

# ---- the changes: setup_X (state and $keys_to, $keys_do), then happened_X -----------
# A token in the table: revoke.
setup_tok_revoke() {
	t_id=$(new_token "rv$m_n")
	keys_to="/id:$t_id<Enter>"
	keys_do="dy"
	pat_done='Revoked \*\*\*\*|Revoke of .*: (revoked|already gone)'
	pat_not='Could not revoke|not revoked'
	pat_unsure='not confirmed'
}
happened_tok_revoke() { ! token_exists "$t_id"; }
# A token in the table: rename.
setup_tok_rename() {
	t_id=$(new_token "rn$m_n")
	keys_to="/id:$t_id<Enter>"
	keys_do="r<C-u>renamed$m_n<Enter>"
	pat_done="Renamed \\*\\*\\*\\*-\\.\\.\\.-[0-9a-f]+ to \"renamed$m_n\""
	pat_not='Could not rename|Not renamed'
	pat_unsure='not confirmed'
}
happened_tok_rename() {
	test "$(api GET "/api/v2/apitoken/customertokens/$t_id" | jq -r .response.name)" = "renamed$m_n"
}

# A service account on the Service Accounts tab: activate, deactivate, delete.
setup_sa() {
	t_sa="sa::k${m_n}z"
	api POST /api/v2/account/serviceaccount \
		"{\"identifier\":\"$t_sa\",\"description\":\"m\",\"active\":$1}" > /dev/null
	keys_to="2
/k${m_n}z<Enter>"
	pat_not='Failed:|Not (activated|deactivated|deleted)'
	pat_unsure='Not confirmed|Cancelled'
}
setup_sa_activate() {
	setup_sa false
	keys_do=ty
	pat_done="Activated $t_sa"
}
happened_sa_activate() { test "$(sa_active "$t_sa")" = true; }
setup_sa_deactivate() {
	setup_sa true
	keys_do=ty
	pat_done="Deactivated $t_sa"
}
happened_sa_deactivate() { test "$(sa_active "$t_sa")" = false; }
setup_sa_delete() {
	setup_sa true
	keys_do=dy
	pat_done="Deleted $t_sa"
}
happened_sa_delete() { ! sa_exists "$t_sa"; }

# Saved searches of the token page: save (w), rename and delete in the panel.
SSQ='{"searchTerms":[{"type":"query","value":"name:x"}],"sortOrder":"ascending","sortField":null,"pageNum":1}'
new_ss() {
	api POST /api/v2/savedsearch "$(jq -nc --arg n "$1" --arg q "$SSQ" \
		'{entityType:"TOKEN",query:{($n):$q}}')" > /dev/null
}
ss_count() { ss_names | grep -cxF "$1"; }
# to_entry NAME: the keys to the panel entry of the saved search NAME.
to_entry() {
	i=$(api GET '/api/v2/savedsearch/type/TOKEN?offset=0&limit=100' |
		jq --arg n "$1" '[.response.items[] | .query | keys[0]] | index($n)')
	printf '<Tab><Home>'; k=0; while [ "$k" -lt "$i" ]; do printf '<Down>'; k=$((k + 1)); done
}
setup_ss_create() {
	t_ss="saved $m_n"
	keys_to="<Home>"
	keys_do="w
$t_ss
<Enter>"
	pat_done="Saved the search \"$t_ss\""
	pat_not='Could not save|Not saved'
	pat_unsure='Not confirmed'
}
happened_ss_create() { test "$(ss_count "$t_ss")" -ge 1; }
setup_ss_rename() {
	t_ss="ss$m_n"
	new_ss "$t_ss"
	keys_to=$(to_entry "$t_ss")
	keys_do="r<C-u>ss$m_n-renamed<Enter>"
	pat_done="Renamed the saved search to \"ss$m_n-renamed\""
	pat_not='Could not rename|Not renamed'
	pat_unsure='Not confirmed'
}
happened_ss_rename() { test "$(ss_count "ss$m_n-renamed")" -eq 1 && test "$(ss_count "$t_ss")" -eq 0; }
setup_ss_delete() {
	t_ss="ss$m_n"
	new_ss "$t_ss"
	keys_to=$(to_entry "$t_ss")
	keys_do="d
y"
	pat_done="Deleted the saved search \"$t_ss\""
	pat_not='Could not delete|Not deleted'
	pat_unsure='Not confirmed'
}
happened_ss_delete() { test "$(ss_count "$t_ss")" -eq 0; }

# A token in the service-account dialog: revoke, rename, and a generation.
setup_dlg() {
	t_sa="sa::d${m_n}z"
	api POST /api/v2/account/serviceaccount \
		"{\"identifier\":\"$t_sa\",\"description\":\"m\",\"active\":true}" > /dev/null
	api POST "/api/v2/apitoken/serviceaccount/$t_sa" '{"tokenName":"t1"}' > /dev/null
	keys_to="2
/d${m_n}z<Enter>
<Enter>
<Down><Down><Down>"
}
setup_dlg_revoke() {
	setup_dlg
	keys_do=dy
	pat_done='Revoked \*\*\*\*|already gone'
	pat_not='Could not revoke|Not revoked'
	pat_unsure='not confirmed'
}
happened_dlg_revoke() { test -z "$(sa_tokens "$t_sa")"; }
setup_dlg_rename() {
	setup_dlg
	keys_do="r<C-u>dr$m_n<Enter>"
	pat_done="Renamed \\*\\*\\*\\*-\\.\\.\\.-[0-9a-f]+ to \"dr$m_n\""
	pat_not='Could not rename|Not renamed'
	pat_unsure='not confirmed'
}
happened_dlg_rename() { test "$(sa_tokens "$t_sa")" = "dr$m_n"; }
setup_dlg_generate() {
	setup_dlg
	keys_do="g
gen$m_n<Enter>"
	pat_done='Generated \*\*\*\*|The token was generated'
	pat_not='Could not generate|Not generated'
	pat_unsure='may have been generated'
}
happened_dlg_generate() { sa_tokens "$t_sa" | grep -qx "gen$m_n"; }

# The dialog's Update (a permission ticked, Ctrl-S). The console reads the
# account again before it writes, so the fault meets that read first.
setup_dlg_update() {
	setup_dlg
	keys_to="2
/d${m_n}z<Enter>
<Enter>"
	keys_do="<End><Enter>
<C-s>"
	pat_done="Saved $t_sa"
	pat_not='Not saved'
	pat_unsure='Perhaps saved|Cancelled'
}
happened_dlg_update() {
	api GET "/api/v2/account/serviceaccount/$t_sa" | jq -e '.response.groups | length > 0' > /dev/null
}
# A new service account from the tab (a, a name, Ctrl-S).
setup_sa_create() {
	t_sa="sa::c${m_n}z"
	keys_to="2"
	keys_do="a
c${m_n}z<Enter>
<C-s>"
	pat_done="Created $t_sa"
	pat_not="Not created|already exists"
	pat_unsure='may have been created'
}
happened_sa_create() { sa_exists "$t_sa"; }

# trial CHANGE FAULT
trial() {
	m_n=$((m_n + 1))
	"setup_$1"
	live_start
	printf '%s\n' "$keys_to" | live
	live_screen "$work/m$m_n.pre.txt"
	faults "$(fault_json "$2")"
	printf '%s\n' "$keys_do" | live
	live_screen "$work/m$m_n.txt"
	live_end
	faults '{}'
	m_trials=$((m_trials + 1))
	s=$(shown "$work/m$m_n.txt" "$pat_done" "$pat_not" "$pat_unsure")
	if "happened_$1"; then h=yes; else h=no; fi
	case $s/$h in
	done/yes|notdone/no)
		m_shown=$((m_shown + 1)); m_confirmed=$((m_confirmed + 1))
		ok "$1 x $2: shown $s, server agrees" ;;
	unsure/*)
		m_shown=$((m_shown + 1)); m_unsure=$((m_unsure + 1))
		ok "$1 x $2: shown not confirmed (server: changed=$h)" ;;
	*)
		m_mismatch=$((m_mismatch + 1))
		not_ok "$1 x $2: shown $s, but on the server changed=$h"
		sed -n "$(( ${ROWS:-30} - 2 )),\$p" "$work/m$m_n.txt" | sed 's/^/# /' ;;
	esac
}

matrix_report() {
	echo "# fault matrix: $m_trials trials, $m_shown outcomes shown, $m_confirmed confirmed" \
		"on the server, $m_unsure shown not confirmed, $m_mismatch mismatches"
}
