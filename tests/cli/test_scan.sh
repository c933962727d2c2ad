#!/bin/sh
# test_scan.sh PLENUM SCANFIX SRCDIR [PGURL]: paper ballots from printing to
# the count through plenum scan: ballots printed for a round, marked scans
# of them (scanfix, from the test corpus) read against the printed layout,
# the adjudication queue (a teller decides, a scrutineer confirms), entry
# into the round, reconciliation with the ballots returned, the count, and
# the record (images kept and checked by plenum verify).  Speaks TAP.
set -u
plenum=$1
scanfix=$2
src=$3
pgurl=${4:-}
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
fails() { # fails STATUS NAME CMD...
	want=$1
	name=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$name"; else not_ok "$name (exit $got, want $want)"; fi
}
has() { if grep -qF -- "$2" "$1"; then ok "$3"; else not_ok "$3: no '$2'"; fi; }
hasnt() { if grep -qF -- "$2" "$1"; then not_ok "$3: '$2'"; else ok "$3"; fi; }
same() { if [ "$1" = "$2" ]; then ok "$3"; else not_ok "$3: '$1' is not '$2'"; fi; }

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

# a congress of 97 electing 2 of 3, with its officials
place scan
run "init" "$plenum" init --name "第九次代表大会" --rules cn-basic
run "roll" "$plenum" roll import "$src/tests/unit/data/roll-97.csv"
run "election" "$plenum" election add "选举委员" --seats 2
run "candidates" "$plenum" election candidate 1 王立新 孙建国 张文涛
run "tellers" "$plenum" official teller D093 D094
run "scrutineers" "$plenum" official scrutineer D091 D092
"$plenum" roll list | awk -F'\t' '$5 == "full" && $7 == "" { print $1 }' | head -80 >"$tmp/present"
run "check in 80" sh -c "\"$plenum\" checkin \$(cat '$tmp/present')"
fails 2 "no round: nothing to scan against" "$plenum" scan layouts 1
has "$tmp/err" "no open round" "says there is no open round"
run "open the round" "$plenum" round open 1
fails 2 "no ballots printed: nothing to scan against" "$plenum" scan layouts 1
has "$tmp/err" "plenum print" "says to print them with plenum print"
run "print 30 ballots" "$plenum" print ballots 1 --copies 30 --out "$tmp/ballots.pdf"
run "the layout is in the record" "$plenum" scan layouts 1
has "$tmp/out" "plenum-ballot-layout/1" "it is a ballot layout"
cp "$tmp/out" "$tmp/layouts.json"

# 12 clean ballots and 12 degraded ones (rotated, blurred, JPEG)
mkdir "$tmp/box1" "$tmp/box2" "$tmp/junk"
run "make 12 clean scans" "$scanfix" "$tmp/layouts.json" "$tmp/box1" 12 7
run "make 12 degraded scans" "$scanfix" "$tmp/layouts.json" "$tmp/box2" 12 8 --degrade
run "read box 1" "$plenum" scan read 1 "$tmp"/box1/b*
has "$tmp/out" "12 ballots read" "12 ballots read"
run "read box 2" "$plenum" scan read 1 "$tmp"/box2/b*
has "$tmp/out" "12 ballots read" "12 more"

# every ballot read as the truth says, or waiting for a person
"$plenum" scan list 1 --json >"$tmp/list.json"
cat "$tmp/box1/truth.txt" "$tmp/box2/truth.txt" >"$tmp/truth"
python3 - "$tmp/list.json" "$tmp/truth" >"$tmp/cmp" <<'EOF'
import json, sys
ballots = json.load(open(sys.argv[1]))["ballots"]
truth = open(sys.argv[2]).read().split("\n")[:-1]
bad = silent = waiting = 0
for b, t in zip(ballots, truth):
    if b["state"] == "accepted":
        if b["line"] != t:
            silent += 1
    else:
        waiting += 1
        # the reading keeps what it could read; '?' only where unsure
        if len(b["line"].split("\t")[0]) != len(t.split("\t")[0]):
            bad += 1
print("ballots", len(ballots), "truths", len(truth))
print("silent", silent, "waiting", waiting, "bad", bad)
EOF
has "$tmp/cmp" "ballots 24 truths 24" "24 ballots recorded, in order"
has "$tmp/cmp" "silent 0" "no ballot accepted with a line the truth does not give"
has "$tmp/cmp" "bad 0" "waiting ballots keep a line of the list's length"
sed 's/^/# /' "$tmp/cmp"
waiting=$(sed -n 's/.*waiting \([0-9]*\).*/\1/p' "$tmp/cmp")

# a file fed twice is not two ballots; junk is refused
first=$(ls "$tmp"/box1/b* | head -1)
fails 2 "the same image again is refused" "$plenum" scan read 1 "$first"
has "$tmp/err" "scanned before, as ballot 1" "names the ballot it was"
head -c 5000 /dev/urandom >"$tmp/junk/noise.png"
fails 2 "a file that is no image" "$plenum" scan read 1 "$tmp/junk/noise.png"
has "$tmp/err" "noise.png" "names the file"
printf '\211PNG\r\n\032\n' >"$tmp/junk/cut.png"
head -c 3000 /dev/urandom >>"$tmp/junk/cut.png"
run "a broken PNG is kept as unreadable" "$plenum" scan read 1 "$tmp/junk/cut.png"
has "$tmp/out" "unreadable, to adjudicate" "it waits for a person"
unreadable=$(sed -n 's/^ballot \([0-9]*\): unreadable.*/\1/p' "$tmp/out")

# counting is refused while ballots wait
run "issued" "$plenum" round issued 1 30
fails 2 "no count while scanned ballots wait" "$plenum" round count 1
has "$tmp/err" "wait for adjudication" "says they wait"

# the queue: decide each from the truth; the junk page is not a ballot
run "the queue" "$plenum" scan list 1 --queue --json
python3 - "$tmp/out" "$tmp/truth" "$unreadable" >"$tmp/decisions" <<'EOF'
import json, sys
ballots = json.load(open(sys.argv[1]))["ballots"]
truth = open(sys.argv[2]).read().split("\n")[:-1]
for b in ballots:
    n = b["n"]
    if str(n) == sys.argv[3]:
        print(n, "-")
    else:
        # a person reads the name written in
        print(n, truth[n - 1].replace("w:Y:?", "w:Y:刘德明"))
EOF
nq=$(wc -l <"$tmp/decisions")
same "$nq" "$((waiting + 1))" "the queue holds every ballot waiting"
if [ -n "$unreadable" ]; then
	run "show the unreadable one" "$plenum" scan show 1 "$unreadable"
	has "$tmp/out" "unreadable" "show says why"
	run "its image is kept as scanned" "$plenum" scan image 1 "$unreadable" --out "$tmp/img"
	if cmp -s "$tmp/img" "$tmp/junk/cut.png"; then ok "the image is the file's bytes"; else not_ok "the image is the file's bytes"; fi
fi
fails 2 "a scrutineer cannot decide" "$plenum" scan decide 1 1 --teller D091 --line YN-
fails 2 "nothing to confirm before a decision" "$plenum" scan confirm 1 "$unreadable" --scrutineer D091
fails 2 "a line that does not fit the list" "$plenum" scan decide 1 "$unreadable" --teller D093 --line YN
has "$tmp/err" "mark" "says what is wrong with it"
all=0
while read -r b line; do
	if [ "$line" = "-" ]; then
		"$plenum" scan decide 1 "$b" --teller D093 --not-a-ballot --note "a torn sheet" >"$tmp/out" 2>"$tmp/err" || all=1
	else
		"$plenum" scan decide 1 "$b" --teller D093 --line "$(printf '%b' "$line")" >"$tmp/out" 2>"$tmp/err" || all=1
	fi
done <"$tmp/decisions"
same "$all" 0 "the teller decides every ballot in the queue"
b1=$(head -1 "$tmp/decisions" | cut -d' ' -f1)
fails 2 "the deciding official cannot confirm" "$plenum" scan confirm 1 "$b1" --scrutineer D093
fails 2 "a teller is no scrutineer" "$plenum" scan confirm 1 "$b1" --scrutineer D094
all=0
while read -r b line; do
	"$plenum" scan confirm 1 "$b" --scrutineer D091 >"$tmp/out" 2>"$tmp/err" || all=1
done <"$tmp/decisions"
same "$all" 0 "a scrutineer confirms every decision"
fails 2 "a confirmed decision is not confirmed twice" "$plenum" scan confirm 1 "$b1" --scrutineer D092

# into the round, reconciled with the ballots returned, counted
run "enter" "$plenum" scan enter 1
has "$tmp/out" "24 scanned ballots entered" "the 24 ballots enter (the torn sheet does not)"
run "nothing left to enter" "$plenum" scan enter 1
has "$tmp/out" "no scanned ballots" "says so"
run "returned 25" "$plenum" round returned 1 25
fails 2 "25 returned but 24 entered" "$plenum" round count 1
has "$tmp/err" "25 ballots were returned but 24 are entered" "reconciles with the box"
run "returned 24" "$plenum" round returned 1 24
run "reconcile" "$plenum" round reconcile 1
run "count" "$plenum" round count 1 --json
python3 - "$tmp/out" "$tmp/truth" >"$tmp/votes" <<'EOF'
import json, sys
res = json.load(open(sys.argv[1]))
truth = open(sys.argv[2]).read().split("\n")[:-1]
want = [sum(1 for t in truth if t[i] == "Y") for i in range(3)]
want.append(sum(1 for t in truth if "w:Y:" in t))
got = [c["yes"] for c in res["candidates"][:3]]
got += [sum(c["yes"] for c in res["candidates"] if c["name"] == "刘德明")]
print("want", want, "got", got)
EOF
if python3 -c 'import sys; l=open(sys.argv[1]).read(); w=l.split("got")[0].split("want")[1].strip(); g=l.split("got")[1].strip(); sys.exit(0 if w==g else 1)' "$tmp/votes"; then
	ok "the count gives the votes the truth gives"
else
	not_ok "the count gives the votes the truth gives: $(cat "$tmp/votes")"
fi
fails 2 "a counted round takes no decisions" "$plenum" scan decide 1 1 --teller D093 --line YYN

# the record
run "verify" "$plenum" verify
has "$tmp/out" "every table agree" "the replay gives the same tables"
if [ -z "$pgurl" ]; then
	sqlite3 "$PLENUM_DB" "UPDATE scan_images SET bytes = X'00' WHERE rowid = 1" 2>/dev/null ||
		python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("UPDATE scan_images SET bytes = X\x2700\x27 WHERE rowid = 1"); c.commit()' "$PLENUM_DB"
else
	psql -q "$PLENUM_DB" -c "UPDATE scan_images SET bytes = '\\x00' WHERE sha256 = (SELECT MIN(sha256) FROM scan_images)" >/dev/null
fi
fails 1 "verify finds an altered image" "$plenum" verify
has "$tmp/err" "altered" "and says which"

# multi-page TIFF ballots of a long list, read in one go
place long
run "init a second assembly" "$plenum" init --name "Hội nghị" --rules cn-basic
run "its roll" "$plenum" roll import "$src/tests/unit/data/roll-97.csv"
run "a long list" "$plenum" election add "Committee" --seats 18
names=""
i=1
while [ $i -le 22 ]; do names="$names 候选人$i"; i=$((i + 1)); done
# shellcheck disable=SC2086
run "22 candidates" "$plenum" election candidate 1 $names
run "officials" "$plenum" official teller D093 D094
run "check in" sh -c "\"$plenum\" checkin \$(cat '$tmp/present')"
run "open" "$plenum" round open 1
run "print" "$plenum" print ballots 1 --copies 3 --out "$tmp/long.pdf"
"$plenum" scan layouts 1 >"$tmp/long.json"
mkdir "$tmp/tiff"
run "make 3 two-page ballots as TIFF" "$scanfix" "$tmp/long.json" "$tmp/tiff" 3 11 --tiff
run "read them" "$plenum" scan read 1 "$tmp"/tiff/b*.tif
has "$tmp/out" "3 ballots read" "3 ballots of two pages each"
"$plenum" scan list 1 --json >"$tmp/list.json"
python3 - "$tmp/list.json" "$tmp/tiff/truth.txt" >"$tmp/cmp" <<'EOF'
import json, sys
ballots = json.load(open(sys.argv[1]))["ballots"]
truth = open(sys.argv[2]).read().split("\n")[:-1]
pages = [len(b["pages"]) for b in ballots]
right = sum(1 for b, t in zip(ballots, truth) if b["line"] == t)
print("pages", pages, "right", right)
EOF
has "$tmp/cmp" "pages [2, 2, 2]" "each ballot has its two pages"
has "$tmp/cmp" "right 3" "each ballot's line joins its pages as the truth says"

echo "1..$n"
[ "$failed" -eq 0 ]
