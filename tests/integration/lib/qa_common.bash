# Shared by tests/integration/qa_*.sh and scripts/verify-sim.sh: sourced,
# never run alone. Needs BIN (the svafuzz binary) and python3.

# qa_test_setup NAME: for a test run as `bash T.sh BIN SRC`: skips (77) when
# BIN or python3 is missing; makes WORK, a scratch folder removed at exit
qa_test_setup() {
	[ -x "$BIN" ] || { echo "skipped: no svafuzz binary at $BIN"; exit 77; }
	command -v python3 >/dev/null || { echo "skipped: python3 is needed to read run.json"; exit 77; }
	WORK=$(mktemp -d "/tmp/$1_XXXXXX")
	trap 'rm -rf "$WORK"' EXIT
}

# qa_classes KNOB: the verdict classes the sim's bug knob must produce (issue 3)
qa_classes() {
	case $1 in
	no-upgrade-inval) echo "FAULT_LOOP SPURIOUS_FAULT" ;;
	stale-after-cow) echo "LOST_WRITE STALE_READ STALE_WRITE" ;;
	*) echo "STALE_WRITE STALE_READ" ;;
	esac
}

# qa_sim RES [RUN OPTIONS...]: one quiet sim run into the results folder RES
# (output in RES.out); sets QA_RC and QA_JSON (empty if no run.json)
qa_sim() {
	local res=$1
	shift
	rm -rf "$res"
	"$BIN" run --backend sim --results "$res" --quiet "$@" >"$res.out" 2>&1
	QA_RC=$?
	QA_JSON=$res/latest/run.json
	[ -f "$QA_JSON" ] || QA_JSON=
}

# qa_json FILE EXPR: a python expression over the parsed document d
qa_json() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# qa_findings RUN_JSON CLASS...: one tab-separated line: the classes found
# (CLASS:distinct findings, or -), yes/no an expected CLASS is among them,
# the class of the first finding, the seconds to the first finding of an
# expected class and its folder ("-" where there is none)
qa_findings() {
	python3 - "$@" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
want = set(sys.argv[2:])
fs = d.get("findings") or []
count = {}
for f in fs:
	count[f["verdict"]] = count.get(f["verdict"], 0) + 1
# min() keeps list order between findings of the same program
first = min(fs, key=lambda f: f["t_first_s"])["verdict"] if fs else "-"
exp = [f for f in fs if f["verdict"] in want]
best = min(exp, key=lambda f: f["t_first_s"]) if exp else None
print("\t".join([",".join("%s:%d" % (k, count[k]) for k in sorted(count)) or "-",
		 "yes" if exp else "no", first,
		 "%.3f" % best["t_first_s"] if best else "-",
		 (best["dir"] or "-") if best else "-"]))
EOF
}
