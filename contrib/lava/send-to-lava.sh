#!/bin/sh
# send-to-lava.sh RESULT_FILE: each line "NAME RESULT [MEASUREMENT [UNITS]]"
# becomes `lava-test-case NAME --result RESULT [--measurement M --units U]`
# (the Linaro test-definitions convention). Outside LAVA (no lava-test-case
# on PATH) the lines are printed as LAVA would show them, so the script
# can be tried anywhere.
set -u
file=${1:?usage: send-to-lava.sh RESULT_FILE}
[ -r "$file" ] || { echo "send-to-lava.sh: $file: cannot read" >&2; exit 1; }

while read -r name result measurement units; do
	[ -n "$name" ] || continue
	case $result in
	pass|fail|skip|unknown) ;;
	*) echo "send-to-lava.sh: $file: '$name': result '$result' is not pass|fail|skip|unknown" >&2
	   continue ;;
	esac
	if command -v lava-test-case >/dev/null 2>&1; then
		if [ -n "${measurement:-}" ]; then
			lava-test-case "$name" --result "$result" --measurement "$measurement" --units "${units:-none}"
		else
			lava-test-case "$name" --result "$result"
		fi
	else
		echo "<TEST_CASE_ID=$name RESULT=$result${measurement:+ MEASUREMENT=$measurement UNITS=${units:-none}}>"
	fi
done <"$file"
