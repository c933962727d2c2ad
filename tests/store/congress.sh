#!/bin/sh
# congress.sh PLENUM SRCDIR [POSTGRES_URL]: the two congresses of the seeds,
# scripted from the roll to the signed result through plenum's subcommands,
# on SQLite, or on PostgreSQL when a URL is given.  Speaks TAP.
#  - seed 000: a 97-delegate county education-system congress (cn-basic):
#    roll, check-in, quorum, officials, 9 candidates for 7 seats, two
#    batches entered twice by two tellers (one typo caught), the count,
#    sign-off; then the first plenary of the new committee elects the
#    secretary (uncontested) and a deputy who falls short.
#  - seed 003: a 139-member Vietnamese congress (vn): a 9-member committee
#    from 11 names on strike-out ballots, then a delegation of 7 official
#    delegates and 1 alternate.
# The ballots (tests/store/data) are built so that each candidate's votes
# are known in advance: 90 88 85 80 78 70 66 40 30 of 94 valid ballots.
set -u
plenum=$1
src=$2
pgurl=${3:-}
data=$src/tests/store/data
roll=$src/tests/unit/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
export PLENUM_ACTOR=test

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	sed 's/^/# /' "$tmp/out" "$tmp/err" 2>/dev/null | head -8
}
run() { # run NAME CMD...: expects exit 0
	name=$1
	shift
	if "$@" >"$tmp/out" 2>"$tmp/err"; then ok "$name"; else not_ok "$name (exit $?)"; fi
}
fails() { # fails STATUS NAME CMD...: expects that exit status
	want=$1
	name=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$name"; else not_ok "$name (exit $got, want $want)"; fi
}
has() { if grep -qF -- "$2" "$1"; then ok "$3"; else not_ok "$3: no '$2'"; fi; }

# where an assembly lives: a fresh SQLite file, or a fresh PostgreSQL schema
place() {
	if [ -z "$pgurl" ]; then
		db="$tmp/$1.db"
		key="$tmp/$1.db.key"
	else
		psql -q "$pgurl" -c "CREATE SCHEMA $1" >/dev/null || exit 1
		case $pgurl in *\?*) sep='&' ;; *) sep='?' ;; esac
		db="$pgurl${sep}options=-csearch_path%3D$1"
		key="$tmp/$1.key"
	fi
	export PLENUM_DB="$db" PLENUM_KEY="$key"
}

# ---- seed 000 ----
place seed000
run "init the congress" "$plenum" init --name "中共某县教育系统第九次代表大会" --rules cn-basic
run "import the roll" "$plenum" roll import "$roll/roll-97.csv"
has "$tmp/out" "97 full (2 excluded from the base)" "97 delegates, 2 on leave"
"$plenum" roll list >"$tmp/roll"
awk -F'\t' '$5 == "full" && $7 == "" { print $1 }' "$tmp/roll" >"$tmp/voters"
run "check in 95 delegates" sh -c "\"$plenum\" checkin \$(cat '$tmp/voters')"
fails 2 "a second scan is refused" "$plenum" checkin D001
run "check out by card code" "$plenum" checkout PM1:D001
name=$(awk -F'\t' '$1 == "D001" { print $2 }' "$tmp/roll")
run "check in by name" "$plenum" checkin "$name"
fails 2 "a name two members share is refused" "$plenum" checkin 王伟
has "$tmp/err" "matches 2 members" "the matches are listed"
run "quorum" "$plenum" quorum --json
has "$tmp/out" '"should_attend": 95' "95 should attend"
has "$tmp/out" '"present": 95' "95 present"
has "$tmp/out" '"met": true' "quorum met"

run "agenda" "$plenum" agenda add "听取和审议工作报告"
run "agenda item 2" "$plenum" agenda add "选举新一届委员会"
run "item 1 is current" "$plenum" agenda state 1 current
run "resolution on the work report" "$plenum" resolution add "关于党委工作报告的决议" --item 1
run "decided by a show of hands" "$plenum" resolution decide 1 --hands --yes 93 --no 0 --abstain 2
has "$tmp/out" "adopted" "the work report is adopted"
fails 2 "decided only once" "$plenum" resolution decide 1 --hands --yes 1 --no 0 --abstain 0
run "resolution result" "$plenum" resolution list 1 --json
has "$tmp/out" '"base":95,"votes_needed":48' "base 95 present, 48 needed"
run "item 2 is current" "$plenum" agenda state 2 current
run "agenda" "$plenum" agenda list
has "$tmp/out" "done	听取和审议工作报告" "item 1 is done"
run "election" "$plenum" election add "第九届委员会委员" --seats 7
i=1
for id in D001 D002 D003 D004 D005 D006 D007 D009 D010; do
	name=$(awk -F'\t' -v id="$id" '$1 == id { print $2 }' "$tmp/roll")
	"$plenum" election candidate 1 "$name" --member "$id" >"$tmp/out" 2>"$tmp/err" || not_ok "candidate $id"
	i=$((i + 1))
done
ok "9 candidates for 7 seats"
run "the list meets the rules" "$plenum" election check 1 --locale en
has "$tmp/out" "meets the rules" "the surplus meets the rules"
has "$tmp/out" "not in surname stroke order" "the order is flagged"
run "a list of 8 for 7" "$plenum" election add "test" --seats 7
for id in D011 D012 D013 D014 D015 D016 D017 D018; do
	"$plenum" election candidate 2 "x$id" --id "$id" >/dev/null 2>&1
done
fails 1 "8 for 7 breaks the 20% rule" "$plenum" election check 2
fails 2 "and its round does not open" "$plenum" round open 2
fails 2 "a candidate cannot be a teller" "$plenum" official teller D001
run "officials" "$plenum" official chief-scrutineer D090
run "scrutineers" "$plenum" official scrutineer D091 D092
run "tellers" "$plenum" official teller D093 D094
run "chief teller" "$plenum" official chief-teller D095
fails 2 "an official cannot stand" "$plenum" election candidate 1 "某人" --member D091

run "open round 1" "$plenum" round open 1
run "95 ballots issued" "$plenum" round issued 1 95
run "95 returned" "$plenum" round returned 1 95
run "batch 1, teller A" "$plenum" round enter 1 1 "$data/cn-batch1.txt" --teller D093 --entry 1
fails 2 "the same teller cannot make both entries" "$plenum" round enter 1 1 "$data/cn-batch1.txt" --teller D093 --entry 2
run "batch 1, teller B" "$plenum" round enter 1 1 "$data/cn-batch1.txt" --teller D094 --entry 2
run "batch 2, teller A" "$plenum" round enter 1 2 "$data/cn-batch2.txt" --teller D093 --entry 1
run "batch 2, teller B with a typo" "$plenum" round enter 1 2 "$data/cn-batch2-typo.txt" --teller D094 --entry 2
fails 1 "reconcile finds the typo" "$plenum" round reconcile 1
has "$tmp/out" "batch 2, ballot 4" "the differing ballot is named"
fails 2 "no count before reconciling" "$plenum" round count 1
run "teller B re-enters batch 2" "$plenum" round enter 1 2 "$data/cn-batch2.txt" --teller D094 --entry 2
run "reconciled" "$plenum" round reconcile 1
run "count" "$plenum" round count 1 --json
has "$tmp/out" '"status":"elected"' "7 elected"
has "$tmp/out" '"valid":94,"invalid":1' "94 valid, 1 invalid"
has "$tmp/out" '"base":95,"votes_needed":48' "base 95, 48 needed"
has "$tmp/out" '"elected":["c1","c2","c3","c4","c5","c6","c7"]' "the seven with most votes"
run "report" "$plenum" election report 1
has "$tmp/out" "当选" "the report is in Chinese"
fails 2 "a teller cannot sign" "$plenum" round sign 1 D093
run "chief scrutineer signs" "$plenum" round sign 1 D090
run "scrutineer signs" "$plenum" round sign 1 D091
run "scrutineer signs" "$plenum" round sign 1 D092
fails 2 "nothing pending after 7 elected" "$plenum" round open 1

# the new committee's first plenary: 7 members, all present
run "secretary election" "$plenum" election add "书记" --seats 1
run "uncontested candidate" "$plenum" election candidate 3 "$(awk -F'\t' '$1 == "D001" { print $2 }' "$tmp/roll")" --member D001
run "plenary round" "$plenum" round open 3 --present 7
run "7 issued" "$plenum" round issued 3 7
run "7 returned" "$plenum" round returned 3 7
printf 'Y\nY\nY\nY\nY\nY\n-\n' >"$tmp/sec"
run "teller A" "$plenum" round enter 3 1 "$tmp/sec" --teller D093
run "teller B" "$plenum" round enter 3 1 "$tmp/sec" --teller D094 --entry 2
run "count" "$plenum" round count 3 --json
has "$tmp/out" '"base":7,"votes_needed":4' "base 7, 4 needed"
has "$tmp/out" '"elected":["c1"]' "secretary elected with 6 of 7"
run "deputy election" "$plenum" election add "副书记" --seats 1
run "deputy candidate" "$plenum" election candidate 4 "$(awk -F'\t' '$1 == "D002" { print $2 }' "$tmp/roll")" --member D002
run "deputy round" "$plenum" round open 4 --present 7
run "7 issued" "$plenum" round issued 4 7
run "7 returned" "$plenum" round returned 4 7
printf 'Y\nY\nY\nN\nN\nN\nN\n' >"$tmp/dep"
run "teller A" "$plenum" round enter 4 1 "$tmp/dep" --teller D093
run "teller B" "$plenum" round enter 4 1 "$tmp/dep" --teller D094 --entry 2
run "count" "$plenum" round count 4 --json
has "$tmp/out" '"reason":"shortfall"' "3 of 7 is short: pending"
fails 2 "another round needs the presidium's decision" "$plenum" round open 4 --present 7
run "the decision is recorded" "$plenum" round open 4 --present 7 --decision "主席团决定另行选举"
run "verify the whole record" "$plenum" verify
has "$tmp/out" "every table agree" "chain, signatures and tables agree"
run "export" "$plenum" export "$tmp/seed000.log"
"$plenum" verify >"$tmp/v" 2>&1
pk=$(sed -n 's/^public key //p' "$tmp/v")
run "verify the export without the database" env -u PLENUM_DB -u PLENUM_KEY "$plenum" verify --log "$tmp/seed000.log" --public-key "$pk"
has "$tmp/out" "every recount agree" "the export recounts every result"
fails 1 "the export under another key fails" "$plenum" verify --log "$tmp/seed000.log" --public-key 0000000000000000000000000000000000000000000000000000000000000000

# ---- seed 003 ----
place seed003
run "init the Vietnamese congress" "$plenum" init --name "Đại hội Đảng bộ" --rules vn --locale vi
run "import 139 members" "$plenum" roll import "$roll/roll-vn-139.csv"
"$plenum" roll list >"$tmp/roll"
awk -F'\t' '$5 == "full" && $7 == "" { print $1 }' "$tmp/roll" >"$tmp/voters"
run "check in" sh -c "\"$plenum\" checkin \$(cat '$tmp/voters')"
run "officials" "$plenum" official chief-scrutineer 130
run "tellers" "$plenum" official teller 131 132
run "committee election" "$plenum" election add "Ban Chấp hành" --seats 9
for id in 1 2 3 4 5 6 7 8 9 10 11; do
	name=$(awk -F'\t' -v id="$id" '$1 == id { print $2 }' "$tmp/roll")
	"$plenum" election candidate 1 "$name" --member "$id" >"$tmp/out" 2>"$tmp/err" || not_ok "candidate $id"
done
ok "11 candidates for 9 seats"
run "open" "$plenum" round open 1
run "issued" "$plenum" round issued 1 130
run "returned" "$plenum" round returned 1 130
run "teller A" "$plenum" round enter 1 1 "$data/vn-committee.txt" --teller 131
run "teller B" "$plenum" round enter 1 1 "$data/vn-committee.txt" --teller 132 --entry 2
run "count" "$plenum" round count 1 --json
has "$tmp/out" '"valid":128,"invalid":2' "2 untouched ballots are invalid"
has "$tmp/out" '"elected":["c1","c2","c3","c4","c5","c6","c7","c8","c9"]' "9 elected"
run "sign" "$plenum" round sign 1 130
run "delegation" "$plenum" election add "Đoàn đại biểu" --seats 7 --alternates 1
for id in 1 2 3 4 5 6 7 8 9; do
	name=$(awk -F'\t' -v id="$id" '$1 == id { print $2 }' "$tmp/roll")
	"$plenum" election candidate 2 "$name" --member "$id" >"$tmp/out" 2>"$tmp/err" || not_ok "delegate $id"
done
run "open" "$plenum" round open 2
run "issued" "$plenum" round issued 2 130
run "returned" "$plenum" round returned 2 130
run "teller A" "$plenum" round enter 2 1 "$data/vn-delegates.txt" --teller 131
run "teller B" "$plenum" round enter 2 1 "$data/vn-delegates.txt" --teller 132 --entry 2
run "count" "$plenum" round count 2 --json
has "$tmp/out" '"elected":["c1","c2","c3","c4","c5","c6","c7"]' "7 official delegates"
has "$tmp/out" '"alternates":["c8"]' "1 alternate"
run "report in Vietnamese" "$plenum" election report 2
has "$tmp/out" "dự khuyết" "the report names the alternate"
run "verify" "$plenum" verify

echo "1..$n"
echo "# $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
