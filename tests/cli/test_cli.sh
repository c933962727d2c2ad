#!/bin/sh
# test_cli.sh PLENUM SRCDIR: the plenum command as users run it: exit
# codes, FILE:LINE:COLUMN errors, standard input, compact ballot files,
# help, languages.  Speaks TAP.
set -u
plenum=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	[ -f "$tmp/err" ] && sed 's/^/# stderr: /' "$tmp/err" | head -5
	[ -f "$tmp/out" ] && sed 's/^/# stdout: /' "$tmp/out" | head -5
}
# expect STATUS NAME CMD...: runs CMD, checks its exit status
expect() {
	want=$1
	name=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$name"; else not_ok "$name (exit $got, want $want)"; fi
}
# contains FILE TEXT NAME
contains() {
	if grep -qF -- "$2" "$1"; then ok "$3"; else not_ok "$3: no '$2'"; fi
}
matches() {
	if grep -qE -- "$2" "$1"; then ok "$3"; else not_ok "$3: no /$2/"; fi
}

ex=$src/tests/examples
sc=$src/tests/scenarios

# help and dispatch
expect 0 "plenum --help" "$plenum" --help
contains "$tmp/out" "tally" "--help lists tally"
contains "$tmp/out" "check" "--help lists check"
expect 0 "plenum help tally" "$plenum" help tally
contains "$tmp/out" "--locale" "help tally explains --locale"
contains "$tmp/out" "exit status" "help tally gives exit codes"
expect 0 "plenum tally --help" "$plenum" tally --help
expect 0 "plenum help check" "$plenum" help check
expect 2 "unknown command" "$plenum" frobnicate
contains "$tmp/err" "'frobnicate' is not a plenum command" "unknown command named"
expect 2 "tally without a file" "$plenum" tally
expect 2 "unknown option" "$plenum" tally --nope "$sc/vn-resolution.json"
expect 2 "unknown locale" "$plenum" tally --locale fr "$sc/vn-resolution.json"
expect 0 "plenum version" "$plenum" version
contains "$tmp/out" "plenum-election/1" "version names the formats"

# counting: exit 0 whatever the vote decided
expect 0 "elected" "$plenum" tally "$sc/cn-congress-committee.json" --json
contains "$tmp/out" '"status": "elected"' "status elected"
expect 0 "no quorum is still exit 0" "$plenum" tally "$sc/cn-congress-no-quorum.json" --json
contains "$tmp/out" '"status": "no-quorum"' "status no-quorum"
expect 0 "void round is exit 0" "$plenum" tally "$ex/C04-returned-exceeds-issued.json"
expect 0 "report in English" "$plenum" tally "$sc/cn-congress-committee.json" --locale en
contains "$tmp/out" "Votes needed" "report gives the votes needed"
contains "$tmp/out" "48" "report gives 48"
contains "$tmp/out" "Next step" "report says what happens next"

# standard input
expect 0 "standard input" sh -c "cat '$sc/vn-congress-delegates.json' | '$plenum' tally - --json"
contains "$tmp/out" '"v8"' "stdin result has the alternate"
expect 0 "inline ballots on standard input" sh -c "cat '$sc/cn-ballots-shortfall.json' | '$plenum' tally - --json"
contains "$tmp/out" '"invalid": 1' "stdin ballots counted"

# malformed input: exit 2 with FILE:LINE:COLUMN
printf '{"format":"plenum-election/1",\n "rules":"cn-basic",\n "seats":0}\n' >"$tmp/bad.json"
expect 2 "bad seats" "$plenum" tally "$tmp/bad.json"
contains "$tmp/err" "$tmp/bad.json:3:10: \"seats\"" "error names file, line, column and field"
printf '{"format":' >"$tmp/trunc.json"
expect 2 "truncated json" "$plenum" tally "$tmp/trunc.json" --json
matches "$tmp/err" "trunc.json:1:11: " "truncated json position"
expect 2 "missing file" "$plenum" tally "$tmp/none.json"
contains "$tmp/err" "cannot open the election file" "missing file explained"
: >"$tmp/empty.json"
expect 2 "empty file" "$plenum" tally "$tmp/empty.json"
printf '\377\376garbage' >"$tmp/binary.json"
expect 2 "binary garbage" "$plenum" tally "$tmp/binary.json"

# compact ballot file
cat >"$tmp/e.json" <<'DOC'
{"format": "plenum-election/1", "rules": "cn-basic", "locale": "en",
 "seats": 1, "electorate": {"should_attend": 5, "present": 5},
 "ballots_issued": 5, "candidates": [{"id": "a", "name": "甲"}, {"id": "b", "name": "乙"}],
 "ballots_file": "b.txt"}
DOC
printf '#plenum-ballots/1\n# a comment\nY-\nYN\r\nN-\tw:Y:丙\nYY\n-Y\td:identifying' >"$tmp/b.txt"
expect 0 "compact ballot file" "$plenum" tally "$tmp/e.json" --json
contains "$tmp/out" '"returned": 5' "compact file: 5 ballots"
contains "$tmp/out" '"invalid": 2' "compact file: over-vote and identifying invalid"
contains "$tmp/out" '"write-in:丙"' "compact file: write-in counted"
printf '#plenum-ballots/1\nY-\nYN\nYQ\n' >"$tmp/b.txt"
expect 2 "bad mark in compact file" "$plenum" tally "$tmp/e.json"
contains "$tmp/err" "b.txt:4:1: mark 2 is 'Q'" "compact file error names its line"
printf 'Y-\n' >"$tmp/b.txt"
expect 2 "compact file without header" "$plenum" tally "$tmp/e.json"
contains "$tmp/err" "b.txt:1:1: first line must be" "header required"
printf '#plenum-ballots/1\nY-\n\nYN\n' >"$tmp/b.txt"
expect 2 "empty line in compact file" "$plenum" tally "$tmp/e.json"
contains "$tmp/err" "b.txt:3:1: empty line" "empty line named"
printf '#plenum-ballots/1\nY-\td:smudged\n' >"$tmp/b.txt"
expect 2 "unknown defect in compact file" "$plenum" tally "$tmp/e.json"
contains "$tmp/err" "b.txt:2:4: unknown defect" "unknown defect column"
rm -f "$tmp/b.txt"
expect 2 "missing compact file" "$plenum" tally "$tmp/e.json"
contains "$tmp/err" "e.json:4:18: \"ballots_file\": cannot open" "missing ballots file named at its field"

# ballots_returned must agree with the ballots read
printf '#plenum-ballots/1\nY-\nYN\n' >"$tmp/b.txt"
sed 's/"ballots_issued": 5,/"ballots_issued": 5, "ballots_returned": 3,/' "$tmp/e.json" >"$tmp/r.json"
expect 2 "returned disagrees with ballots read" "$plenum" tally "$tmp/r.json"
contains "$tmp/err" "\"ballots_returned\" is 3 but 2 ballots were read" "returned mismatch explained"

# plenum check
expect 0 "check: valid list" "$plenum" check "$sc/cn-congress-committee.json" --locale en
contains "$tmp/out" "meets the rules" "check says the list meets the rules"
expect 1 "check: surplus too small" "$plenum" check "$ex/C13-surplus-too-small.json" --json
contains "$tmp/out" '"problem": "surplus-too-small"' "check json names the problem"
expect 1 "check: vn surplus over 30%" "$plenum" check "$ex/V15-surplus-over-30.json" --locale en
contains "$tmp/out" "at most 2 more" "check gives the vn maximum"
cat >"$tmp/list.json" <<'DOC'
{"format": "plenum-election/1", "rules": "cn-basic", "seats": 2,
 "electorate": {"should_attend": 9, "present": 9}, "ballots_issued": 0,
 "candidates": [{"id": "a", "name": "李四"}, {"id": "b", "name": "王五"}, {"id": "c", "name": "丁一"}]}
DOC
expect 0 "check: list without ballots" "$plenum" check "$tmp/list.json" --locale en
contains "$tmp/out" "not in surname stroke order" "check warns about order"
contains "$tmp/out" "1. 丁一" "check prints the stroke order"
expect 2 "tally needs ballots" "$plenum" tally "$tmp/list.json"

# languages
expect 0 "zh-Hans report" "$plenum" tally "$sc/cn-congress-committee.json" --locale zh-Hans
contains "$tmp/out" "当选" "zh-Hans says elected"
expect 0 "zh-Hant report" "$plenum" tally "$sc/cn-congress-committee.json" --locale zh-Hant
contains "$tmp/out" "當選" "zh-Hant says elected"
expect 0 "vi report" "$plenum" tally "$sc/vn-congress-committee.json"
contains "$tmp/out" "trúng cử" "vi says elected"

# printing from an assembly
export PLENUM_DB="$tmp/print.db" PLENUM_ACTOR=test
expect 0 "init an assembly" "$plenum" init --name "第九次代表大会" --rules cn-basic
expect 0 "import its roll" "$plenum" roll import "$src/tests/unit/data/roll-97.csv"
expect 0 "an election" "$plenum" election add "选举委员" --seats 2
expect 0 "its candidates" "$plenum" election candidate 1 王立新 孙建国 张文涛
expect 2 "no round open: no ballots" "$plenum" print ballots 1 --out "$tmp/b.pdf"
"$plenum" roll list | awk -F'\t' '$5 == "full" && $7 == "" { print $1 }' | head -80 >"$tmp/present"
expect 0 "check in 80" sh -c "\"$plenum\" checkin \$(cat '$tmp/present')"
expect 0 "open the round" "$plenum" round open 1
expect 0 "print 5 ballots" "$plenum" print ballots 1 --copies 5 --out "$tmp/b1.pdf"
contains "$tmp/out" "5 ballots of election 1, round 1" "says what it printed"
sha1=$(sed 's/.*sha256 //' "$tmp/out")
expect 0 "print them again" "$plenum" print ballots 1 --copies 5 --out "$tmp/b2.pdf"
sha2=$(sed 's/.*sha256 //' "$tmp/out")
if [ -n "$sha1" ] && [ "$sha1" = "$sha2" ] && cmp -s "$tmp/b1.pdf" "$tmp/b2.pdf"; then
	ok "the same ballots give the same bytes"
else
	not_ok "the same ballots give the same bytes"
fi
if command -v pdftoppm >/dev/null && command -v zbarimg >/dev/null; then
	pdftoppm -r 100 -png -f 1 -l 1 "$tmp/b1.pdf" "$tmp/page"
	zbarimg -q --raw "$tmp"/page*.png >"$tmp/qr" 2>/dev/null || true
	contains "$tmp/qr" "PLB1:" "the ballot's QR code reads back"
	contains "$tmp/qr" ":1:1:1/1:" "it names election 1, round 1, page 1 of 1"
fi
expect 0 "print two credential cards" "$plenum" print cards D001 D002 --out "$tmp/cards.pdf"
contains "$tmp/out" "2 credential cards" "says how many cards"
expect 2 "print needs --out" "$plenum" print cards

echo "1..$n"
echo "# $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
