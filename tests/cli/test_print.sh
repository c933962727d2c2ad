#!/bin/sh
# test_print.sh PLENUM SRCDIR: plenum print on a demo assembly: ballots,
# tally sheets, announcements, minutes, cards and a resolution's motion
# ballots as PDF, each recorded in the log (paper.printed) with its SHA-256
# and, for ballots, the layout that plenum scan reads them against.  Speaks
# TAP.  The checks of the PDFs' text need pdftotext (poppler-utils), of a
# QR code pdftoppm and zbarimg; they are skipped without them.
set -u
plenum=$1
src=$2
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
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
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}
# check NAME CONDITION...: ok when the test command succeeds
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
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
lacks() {
	if grep -qF -- "$2" "$1"; then not_ok "$3: has '$2'"; else ok "$3"; fi
}
# the sha256 and the layout digest plenum print reported in $tmp/out
said_sha() { sed -n 's/^wrote .*, sha256 \([0-9a-f]*\)$/\1/p' "$tmp/out"; }
said_layout() { sed -n 's/^layout digest \([0-9a-f]*\) .*/\1/p' "$tmp/out"; }
file_sha() { sha256sum "$1" | cut -d' ' -f1; }

# The paper.printed events of an export, one a line: kind, election,
# round, copies, bytes, sha256, then for ballots the layout's digest,
# write-in lines, paper and candidates (comma-separated), else "-".
# Decodes the PLENUM-LOG/1 framing and event encoding of lib/event.h.
printed() {
	rm -f "$tmp/log"
	"$plenum" export "$tmp/log" >/dev/null 2>&1 || return 1
	"${PYTHON:-python3}" - "$tmp/log" <<'PY'
import json, struct, sys

d = open(sys.argv[1], "rb").read()
assert d[:12] == b"PLENUM-LOG/1", "not an export"
p = 12 + 5
(i,) = struct.unpack(">I", d[p:p + 4])
p += 4 + i + 32
while True:
    (size,) = struct.unpack(">I", d[p:p + 4])
    p += 4
    if size == 0:
        break
    e = d[p:p + size]
    p += size
    q = 4 + 1 + 8 + 8

    def chunk():
        global q
        (k,) = struct.unpack(">I", e[q:q + 4])
        q += 4 + k
        return e[q - k:q]

    kind = chunk().decode()
    chunk()  # actor
    (nf,) = struct.unpack(">I", e[q:q + 4])
    q += 4
    f = {}
    for _ in range(nf):
        key = chunk().decode()
        tag = e[q]
        q += 1
        if tag == 1:
            (f[key],) = struct.unpack(">q", e[q:q + 8])
            q += 8
        elif tag in (2, 3):
            f[key] = chunk().decode()
        else:
            f[key] = e[q]
            q += 1
    if kind != "paper.printed":
        continue
    row = [f["kind"], f["election"], f["round"], f["copies"], f["bytes"],
           f["sha256"]]
    if f["layout"]:
        lay = json.loads(f["layout"])
        row += [lay["digest"], lay["write_ins"], lay["paper"],
                ",".join(lay["candidates"])]
    else:
        row.append("-")
    print("\t".join(str(x) for x in row))
PY
}
# recorded KIND FILE NAME: the file's SHA-256 and size are in the log as
# a KIND printed (election 1, round 1 unless E and R are set)
recorded() {
	sha=$(file_sha "$2")
	size=$(wc -c <"$2" | tr -d ' ')
	if printed >"$tmp/printed" &&
		awk -F'\t' -v k="$1" -v s="$sha" -v b="$size" -v e="${E:-1}" -v r="${R:-1}" \
			'$1 == k && $6 == s && $5 == b && $2 == e && $3 == r { f = 1 } END { exit !f }' \
			"$tmp/printed"; then
		ok "$3"
	else
		not_ok "$3"
		sed 's/^/# printed: /' "$tmp/printed" | cut -c1-160
	fi
}
# has_layout DIGEST WRITE-INS PAPER: $tmp/printed has ballots of that layout
has_layout() {
	awk -F'\t' -v l="$1" -v w="$2" -v p="$3" \
		'$1 == "ballots" && $7 == l && $8 == w && $9 == p { f = 1 } END { exit !f }' \
		"$tmp/printed"
}
# text PDF: its text, in $tmp/text (none when pdftotext cannot read it, so
# the checks that follow fail); 1 when pdftotext is missing
have_pdftotext=0
command -v pdftotext >/dev/null && have_pdftotext=1
text() {
	rm -f "$tmp/text"
	[ "$have_pdftotext" -eq 1 ] || return 1
	pdftotext -layout "$1" "$tmp/text" 2>/dev/null || :
}

# a demo assembly: the roll of tests/unit, an election of 2 of 3
export PLENUM_DB="$tmp/print.db" PLENUM_ACTOR=test
unset PLENUM_KEY
expect 0 "init an assembly" "$plenum" init --name "第九次代表大会" --rules cn-basic
expect 0 "import its roll" "$plenum" roll import "$src/tests/unit/data/roll-97.csv"
expect 0 "an election" "$plenum" election add "选举委员" --seats 2
expect 0 "its candidates" "$plenum" election candidate 1 王立新 孙建国 张文涛
expect 0 "two tellers" "$plenum" official teller D093 D094

# refused before there is a round, and bad usage
expect 2 "tally sheet: no round yet" "$plenum" print tally-sheet 1 --out "$tmp/t.pdf"
contains "$tmp/err" "election 1 has no round yet" "says the election has no round"
expect 2 "ballots: no round open" "$plenum" print ballots 1 --out "$tmp/b.pdf"
contains "$tmp/err" "no open round" "says no round is open"
check "nothing written when refused" test ! -e "$tmp/t.pdf" -a ! -e "$tmp/b.pdf"
expect 2 "no such election" "$plenum" print tally-sheet 9 --out "$tmp/t.pdf"
contains "$tmp/err" "no election 9" "names the missing election"
expect 2 "unknown document" "$plenum" print leaflets 1 --out "$tmp/t.pdf"
expect 2 "needs --out" "$plenum" print minutes 1
expect 2 "bad election number" "$plenum" print tally-sheet x --out "$tmp/t.pdf"
expect 2 "--round 0" "$plenum" print tally-sheet 1 --round 0 --out "$tmp/t.pdf"
expect 2 "--write-ins 11" "$plenum" print ballots 1 --write-ins 11 --out "$tmp/b.pdf"
contains "$tmp/err" "--write-ins takes 0 to 10" "says how many write-in lines"
expect 2 "--copies is for ballots" "$plenum" print announcement 1 --copies 2 --out "$tmp/a.pdf"
contains "$tmp/err" "usage: plenum print" "gives the usage"
expect 2 "--locale is for minutes" "$plenum" print ballots 1 --locale en --out "$tmp/b.pdf"
contains "$tmp/err" "usage: plenum print" "gives the usage"
expect 2 "unknown locale" "$plenum" print minutes 1 --locale fr --out "$tmp/m.pdf"
contains "$tmp/err" "unknown locale 'fr'" "names the locale"

"$plenum" roll list | awk -F'\t' '$5 == "full" && $7 == "" { print $1 }' | head -80 >"$tmp/present"
expect 0 "check in 80" sh -c "\"$plenum\" checkin \$(cat '$tmp/present')"
expect 0 "open the round" "$plenum" round open 1

# ballots: recorded with their SHA-256 and layout
expect 2 "printing needs the key" "$plenum" print ballots 1 --key "$tmp/none.key" --out "$tmp/b0.pdf"
check "no file without the key" test ! -e "$tmp/b0.pdf"
expect 0 "print 3 ballots" "$plenum" print ballots 1 --copies 3 --out "$tmp/b1.pdf"
contains "$tmp/out" "3 ballots of election 1, round 1" "says what it printed"
sha1=$(said_sha)
lay1=$(said_layout)
check "the sha256 printed is the file's" test -n "$sha1" -a "$sha1" = "$(file_sha "$tmp/b1.pdf")"
check "the layout digest is printed" test "${#lay1}" -eq 64
recorded ballots "$tmp/b1.pdf" "the ballots are in the log with the file's sha256"
if awk -F'\t' -v s="$sha1" -v l="$lay1" '$6 == s && $4 == 3 && $7 == l && $8 == 2 && $9 == "A4" && $10 == "王立新,孙建国,张文涛" { f = 1 } END { exit !f }' "$tmp/printed"; then
	ok "their layout is recorded: digest, 3 copies, 2 write-in lines, A4, the names"
else
	not_ok "their layout is recorded"
	sed 's/^/# printed: /' "$tmp/printed" | cut -c1-160
fi
expect 0 "print them again" "$plenum" print ballots 1 --copies 3 --round 1 --out "$tmp/b2.pdf"
check "the same ballots give the same bytes" cmp -s "$tmp/b1.pdf" "$tmp/b2.pdf"
check "and the same layout" test "$(said_layout)" = "$lay1"
printed >"$tmp/printed"
check "each print is recorded" test "$(awk -F'\t' -v s="$sha1" '$1 == "ballots" && $6 == s' "$tmp/printed" | wc -l)" -eq 2
expect 0 "ballots with 4 write-in lines on A3" "$plenum" print ballots 1 --write-ins 4 --paper A3 --out "$tmp/b4.pdf"
lay4=$(said_layout)
check "another layout" test -n "$lay4" -a "$lay4" != "$lay1"
recorded ballots "$tmp/b4.pdf" "recorded too"
check "with its 4 write-in lines and A3" has_layout "$lay4" 4 A3
expect 0 "no write-in lines" "$plenum" print ballots 1 --write-ins 0 --out "$tmp/b0w.pdf"
printed >"$tmp/printed"
check "recorded with 0 write-in lines" has_layout "$(said_layout)" 0 A4

# the tally sheet of the open round is blank, on the ballots' layout
expect 0 "blank tally sheet" "$plenum" print tally-sheet 1 --out "$tmp/t0.pdf"
contains "$tmp/out" "tally sheet (blank) of election 1, round 1" "says it is blank"
recorded tally-sheet "$tmp/t0.pdf" "the blank tally sheet is in the log"
expect 2 "no announcement before the count" "$plenum" print announcement 1 --out "$tmp/a0.pdf"
contains "$tmp/err" "election 1, round 1 is not counted yet" "says which round is not counted"
expect 2 "no minutes before the count" "$plenum" print minutes 1 --out "$tmp/m0.pdf"
printed >"$tmp/printed"
check "nothing written or recorded when refused" sh -c "test ! -e '$tmp/a0.pdf' && ! grep -q '^announcement' '$tmp/printed' && ! grep -q '^minutes' '$tmp/printed'"
if text "$tmp/t0.pdf"; then
	check "the blank sheet lists the names" grep -q "王立新" "$tmp/text"
	check "without counts" sh -c "! grep '王立新' '$tmp/text' | grep -q '[0-9][0-9]'"
	contains "$tmp/text" "$(echo "$lay1" | cut -c1-16)" "its footer has the ballots' layout digest"
else
	skip "the blank sheet lists the names" "pdftotext missing"
	skip "without counts" "pdftotext missing"
	skip "its footer has the ballots' layout digest" "pdftotext missing"
fi

# the count: 60 ballots; 王立新 56 for, 孙建国 50, 张文涛 10
: >"$tmp/box"
i=0
while [ $i -lt 60 ]; do
	if [ $i -lt 50 ]; then l=YYN; elif [ $i -lt 56 ]; then l=YNY; else l=NAY; fi
	echo "$l" >>"$tmp/box"
	i=$((i + 1))
done
expect 0 "ballots issued" "$plenum" round issued 1 70
expect 0 "ballots returned" "$plenum" round returned 1 60
expect 0 "entry 1" "$plenum" round enter 1 1 "$tmp/box" --teller D093 --entry 1
expect 0 "entry 2" "$plenum" round enter 1 1 "$tmp/box" --teller D094 --entry 2
expect 0 "count" "$plenum" round count 1
expect 2 "no ballots for a counted round" "$plenum" print ballots 1 --round 1 --out "$tmp/b9.pdf"
contains "$tmp/err" "is not open" "says the round is not open"

# after the count: filled from the stored result
expect 0 "filled tally sheet" "$plenum" print tally-sheet 1 --out "$tmp/t1.pdf"
lacks "$tmp/out" "(blank)" "not blank"
recorded tally-sheet "$tmp/t1.pdf" "the filled tally sheet is in the log"
expect 0 "the same sheet again" "$plenum" print tally-sheet 1 --round 1 --out "$tmp/t2.pdf"
check "the same tally sheet gives the same bytes" cmp -s "$tmp/t1.pdf" "$tmp/t2.pdf"
check "it differs from the blank one" sh -c "! cmp -s '$tmp/t0.pdf' '$tmp/t1.pdf'"
expect 0 "announcement" "$plenum" print announcement 1 --out "$tmp/a1.pdf"
recorded announcement "$tmp/a1.pdf" "the announcement is in the log"
expect 0 "minutes" "$plenum" print minutes 1 --out "$tmp/m1.pdf"
recorded minutes "$tmp/m1.pdf" "the minutes are in the log"
expect 0 "minutes in English" "$plenum" print minutes 1 --locale en --out "$tmp/m2.pdf"
check "in another language, other bytes" sh -c "! cmp -s '$tmp/m1.pdf' '$tmp/m2.pdf'"
if text "$tmp/t1.pdf"; then
	check "the tally sheet gives 王立新's 56 votes" sh -c "grep '王立新' '$tmp/text' | grep -qE '(^|[^0-9])56([^0-9]|\$)'"
	check "and 孙建国's 50" sh -c "grep '孙建国' '$tmp/text' | grep -qE '(^|[^0-9])50([^0-9]|\$)'"
	text "$tmp/a1.pdf"
	check "the announcement gives 王立新's 56 votes" sh -c "grep '王立新' '$tmp/text' | grep -qE '(^|[^0-9])56([^0-9]|\$)'"
	text "$tmp/m1.pdf"
	check "the minutes are the tellers' report" sh -c "grep '王立新' '$tmp/text' | grep -qE '(^|[^0-9])56([^0-9]|\$)'"
	text "$tmp/m2.pdf"
	contains "$tmp/text" "Votes needed" "the English minutes"
else
	for t in "the tally sheet gives 王立新's 56 votes" "and 孙建国's 50" \
		"the announcement gives 王立新's 56 votes" \
		"the minutes are the tellers' report" "the English minutes"; do
		skip "$t" "pdftotext missing"
	done
fi
expect 2 "no round 2" "$plenum" print announcement 1 --round 2 --out "$tmp/a2.pdf"
contains "$tmp/err" "election 1 has no round 2" "names the missing round"
expect 2 "no election 7" "$plenum" print minutes 7 --out "$tmp/m7.pdf"
contains "$tmp/err" "no election 7" "names the missing election"

# a round whose ballots were printed on one layout: its other documents
# take that layout's paper and write-in lines
expect 0 "a second election" "$plenum" election add "选举书记" --seats 1
expect 0 "its candidates" "$plenum" election candidate 2 孙建国 张文涛
expect 0 "open its round" "$plenum" round open 2
expect 0 "ballots on A3 with 3 write-in lines" "$plenum" print ballots 2 --paper A3 --write-ins 3 --out "$tmp/e2b.pdf"
lay2=$(said_layout)
expect 0 "its blank tally sheet" "$plenum" print tally-sheet 2 --out "$tmp/e2t.pdf"
E=2 recorded tally-sheet "$tmp/e2t.pdf" "recorded for election 2"
if text "$tmp/e2t.pdf"; then
	contains "$tmp/text" "$(echo "$lay2" | cut -c1-16)" "on the ballots' layout"
else
	skip "on the ballots' layout" "pdftotext missing"
fi

# a motion ballot: a resolution put to a secret ballot, not yet decided
q="通过第八届委员会工作报告的决议"
expect 0 "a resolution" "$plenum" resolution add "$q"
expect 0 "print its motion ballots" "$plenum" print motion 1 --copies 2 --out "$tmp/mo1.pdf"
contains "$tmp/out" "2 motion ballots of resolution 1" "says what it printed"
mosha=$(said_sha)
check "the sha256 printed is the motion ballots'" test -n "$mosha" -a "$mosha" = "$(file_sha "$tmp/mo1.pdf")"
lacks "$tmp/out" "layout digest" "no layout digest: motions are not scanned"
E=1 R=0 recorded motion "$tmp/mo1.pdf" "the motion ballots are in the log as kind motion"
check "as 2 copies of resolution 1, without a layout" sh -c "awk -F'\t' -v s='$mosha' '\$1 == \"motion\" && \$6 == s && \$2 == 1 && \$4 == 2 && \$7 == \"-\"' '$tmp/printed' | grep -q ."
expect 0 "print them again" "$plenum" print motion 1 --copies 2 --out "$tmp/mo2.pdf"
check "the same motion ballots give the same bytes" cmp -s "$tmp/mo1.pdf" "$tmp/mo2.pdf"
if text "$tmp/mo1.pdf"; then
	contains "$tmp/text" "$q" "the motion ballot puts the question"
	contains "$tmp/text" "表决票" "as a 表决票"
	check "with 赞成, 反对 and 弃权" sh -c "grep -q 赞成 '$tmp/text' && grep -q 反对 '$tmp/text' && grep -q 弃权 '$tmp/text'"
else
	for t in "the motion ballot puts the question" "as a 表决票" \
		"with 赞成, 反对 and 弃权"; do
		skip "$t" "pdftotext missing"
	done
fi
if command -v pdftoppm >/dev/null && command -v zbarimg >/dev/null; then
	rm -f "$tmp"/mo-*.png
	pdftoppm -r 150 -png -f 1 -l 1 "$tmp/mo1.pdf" "$tmp/mo" 2>/dev/null
	zbarimg -q --raw "$tmp"/mo-*.png >"$tmp/qr" 2>/dev/null
	check "its QR code reads back: resolution 1, round 1, page 1 of 1" \
		grep -qE '^PLB1:[A-Za-z0-9._-]+:1:1:1/1:[0-9a-f]{16}$' "$tmp/qr"
else
	skip "its QR code reads back" "pdftoppm or zbarimg missing"
fi
long=$(awk 'BEGIN { for (i = 0; i < 12; i++) printf "审议并批准本届委员会的工作报告"; printf "的决议" }')
expect 0 "a long question" "$plenum" resolution add "$long"
expect 0 "its motion ballot, the title shortened" "$plenum" print motion 2 --paper A3 --out "$tmp/mo3.pdf"
E=2 R=0 recorded motion "$tmp/mo3.pdf" "recorded as resolution 2"
if text "$tmp/mo3.pdf"; then
	contains "$tmp/text" "工作报告审议并批…" "its title is the question's beginning and …"
else
	skip "its title is the question's beginning and …" "pdftotext missing"
fi
expect 2 "no resolution 9" "$plenum" print motion 9 --out "$tmp/mo9.pdf"
contains "$tmp/err" "no resolution 9" "names the missing resolution"
expect 2 "bad resolution number" "$plenum" print motion x --out "$tmp/mo9.pdf"
expect 2 "--round is not for motions" "$plenum" print motion 1 --round 1 --out "$tmp/mo9.pdf"
expect 2 "--write-ins is not for motions" "$plenum" print motion 1 --write-ins 0 --out "$tmp/mo9.pdf"
expect 0 "decide it by ballot" "$plenum" resolution decide 1 --ballot --yes 60 --no 10 --abstain 5
expect 2 "no motion ballots for a decided resolution" "$plenum" print motion 1 --out "$tmp/mo9.pdf"
contains "$tmp/err" "resolution 1 is decided already" "names the decided resolution"
check "nothing written when refused" test ! -e "$tmp/mo9.pdf"
printed >"$tmp/printed"
check "nor recorded" test "$(awk -F'\t' '$1 == "motion"' "$tmp/printed" | wc -l)" -eq 3

# cards are recorded too, and the record still verifies
expect 0 "print two cards" "$plenum" print cards D001 D002 --out "$tmp/cards.pdf"
E=0 R=0 recorded cards "$tmp/cards.pdf" "the cards are in the log"
check "as 2 cards" sh -c "awk -F'\t' '\$1 == \"cards\" && \$4 == 2' '$tmp/printed' | grep -q ."
expect 0 "plenum verify after printing" "$plenum" verify
contains "$tmp/out" "every table agree" "the replay agrees"

echo "1..$n"
echo "# $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
