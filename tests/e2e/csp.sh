# csp.sh: helpers for the VMware Cloud tab's screen tests. Source it after
# e2e.sh. A sandbox whose CSP side accepts the API token $CSP (expiring in
# CSP_DAYS days, default 9), the console signed in with it, and the CSP
# API through curl to check what the console did.
CSP=wft-csp-api-token-for-the-tab-tests-000000000000000000000000000000001
ORG=3f2a1c5e-7b8d-4e6f-9a0b-1c2d3e4f5a6b
CSPAPI=/csp/gateway/am/api
export COLS=120 ROWS=30
unset TMUX STY
# csp_sb_start [SANDBOX OPTION]...
csp_sb_start() { sb_start --seed 5 --csp-api-token "$CSP" --csp-token-expires "${CSP_DAYS:-9}" "$@"; }
# wcsp SCRIPT [OPTION]...: the console signed in with the CSP API token.
wcsp() {
	_s=$1; shift
	env HOME="$work/home" XDG_CONFIG_HOME="$work/config" TERM=xterm \
		WAVEFRONT_ENDPOINT="$URL" CSP_API_TOKEN="$CSP" \
		COLUMNS="$COLS" LINES="$ROWS" WFTOKENS_SCRIPT="$_s" \
		"$bin" --auth csp-api-token --csp-url "$URL" "$@" 2> "$work/wft.err"
}
# grant FORM...: a CSP access token for a sign-in form ("" when refused).
grant() {
	curl -s -X POST -H "Content-Type: application/x-www-form-urlencoded" "$@" |
		jq -r '.access_token // ""'
}
csp_access() { grant -d "refresh_token=$1" "$URL$CSPAPI/auth/api-tokens/authorize"; }
app_access() { grant -u "$1:$2" -d "grant_type=client_credentials" "$URL$CSPAPI/auth/authorize"; }
# capi METHOD PATH [BODY]: the CSP API as the administrator.
capi() {
	_t=$(csp_access "$CSP")
	curl -s -X "$1" -H "Authorization: Bearer $_t" -H "Content-Type: application/json" \
		${3:+--data "$3"} "$URL$CSPAPI$2"
}
# The org's apps as lines "id<TAB>displayName".
apps() { capi GET "/orgs/$ORG/oauth-apps?pageLimit=200" | jq -r '.results[] | [.id, .displayName] | @tsv'; }
# details VALUE: a CSP API token's details.
details() { capi POST /auth/api-tokens/details "{\"tokenValue\":\"$1\"}"; }
# clip FILE: what a copy (OSC 52) put in FILE.
clip() { sed 's/.*52;c;//; s/\x07.*//; s/\x1b\\\\.*//' "$1" | base64 -d 2>/dev/null; }
