#!/usr/bin/env bash
# aisec profile new (answers piped on stdin, one per line) and profile check.
. "$(dirname "$0")/lib.sh"
cd "$AISEC_SRC" || exit 1

# a customer chatbot: name, version, provider, role, purpose; five scope
# questions (Art. 2, defaults); seven Art. 5
# questions (defaults); biometrics; Annex I; domain, decision, profiling,
# Art. 6(3); Art. 50 (4); GPAI; ML (5); data (3); deployment (4); impact (2);
# standards; controls
answers='Demo bot
1.0
Demo GmbH
provider
Answers questions about orders












none
none
customer_service
answer_questions
no

yes
yes
no
no
no
self_supervised
transformer
no
none
yes
third_party, public
yes
none
public_app
content
yes
cloud
medium
customers
iso-iec-27001-2022
rate_limiting, output_filtering'
printf '%s\n' "$answers" >"$T_TMP/answers"
expect_rc 0 "$AISEC" profile new -o "$T_TMP/new.yaml" <"$T_TMP/answers"
expect_grep err "== Prohibited practices (Art. 5) =="
expect_grep err "wrote $T_TMP/new.yaml"
cp "$T_TMP/new.yaml" "$T_TMP/out"
expect_grep out '# Does it interact directly with people?'
expect_grep out 'interacts_with_people: true'
expect_grep out 'controls: ["rate_limiting", "output_filtering"]'
expect_rc 0 "$AISEC" profile check "$T_TMP/new.yaml"
expect_grep out "new.yaml: ok"
expect_rc 0 "$AISEC" assess "$T_TMP/new.yaml" --format json --as-of 2026-11-28
expect_grep out '"class": "limited"'
expect_grep out '"article": "Art. 50(2)"'
# refuses to overwrite
expect_rc 3 "$AISEC" profile new -o "$T_TMP/new.yaml" <"$T_TMP/answers"
# to stdout
expect_rc 0 "$AISEC" profile new <"$T_TMP/answers"
expect_grep out 'name: "Demo bot"'

# a choice by number; the Annex I branch asks for the act
# 7 Art. 5 defaults; then 2 (profiling, Art. 6(3)) + 4 (Art. 50) + 1 (GPAI) + 5 (ML) + 3 (data)
{ printf 'X-ray triage\n\nRadiance\n1\nFlags X-rays\n'; printf '\n%.0s' 1 2 3 4 5; printf '\n%.0s' 1 2 3 4 5 6 7
  printf 'none\nproduct\nmdr\nyes\nhealth\nimage_classification\n'; printf '\n%.0s' $(seq 15)
  printf 'internal\nlabel,probabilities\n\n\nhigh\npatients\n\n\n'; } >"$T_TMP/a2"
expect_rc 0 "$AISEC" profile new -o "$T_TMP/x.yaml" <"$T_TMP/a2"
expect_rc 0 "$AISEC" assess "$T_TMP/x.yaml" --format json --as-of 2026-11-28
expect_grep out '"class": "high-risk"'
expect_grep out '"article": "Art. 6(1); Annex I, Section A, point 11"'

# scope first: a defence-only system stops the interview early (Art. 2(3)),
# with the two facts every profile needs; a dual-use one goes on
printf 'Sentinel\n\nDefence SA\nprovider\nRecognises vehicles\n\n\n\nmilitary_defence_national_security\nno\nsecurity\noffline\n' >"$T_TMP/a3"
expect_rc 0 "$AISEC" profile new -o "$T_TMP/def.yaml" <"$T_TMP/a3"
expect_grep err "== Scope (Art. 2) =="
expect_grep err "== Out of scope (Art. 2): the last two questions =="
cp "$T_TMP/def.yaml" "$T_TMP/out"
expect_grep out "exclusion: military_defence_national_security"
expect_grep out "other_purposes: false"
if grep -q "practices" "$T_TMP/def.yaml"; then T_FAIL=$((T_FAIL + 1)); echo "FAIL: asked past the scope" >&2; else T_PASS=$((T_PASS + 1)); fi
expect_rc 0 "$AISEC" assess "$T_TMP/def.yaml" --format json --as-of 2026-11-28
expect_grep out '"class": "out-of-scope"'
printf 'Sentinel\n\nDefence SA\nprovider\nRecognises vehicles\n\n\n\nmilitary_defence_national_security\nyes\n\n' >"$T_TMP/a4"
"$AISEC" profile new <"$T_TMP/a4" >"$T_TMP/out" 2>"$T_TMP/err"
expect_grep err "== Prohibited practices (Art. 5) =="
# a third-country provider whose system and output stay outside the Union
printf 'Export\n\nX Inc\nprovider\nScores\nthird_country\nno\nno\n\nother\ninternal\n' >"$T_TMP/a5"
expect_rc 0 "$AISEC" profile new -o "$T_TMP/tc.yaml" <"$T_TMP/a5"
expect_rc 0 "$AISEC" assess "$T_TMP/tc.yaml" --format json --as-of 2026-11-28
expect_grep out '"article": "Art. 2(1)"'

# a bad answer on a pipe stops with the question's field; end of input too
printf 'Bot\n\nP\nemperor\n' | "$AISEC" profile new >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
[ $rc -eq 3 ] && T_PASS=$((T_PASS + 1)) || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: bad answer rc $rc" >&2; }
expect_grep err "question 'system.role': pick one of the choices"
# end of input after some answers: they are written as a draft (exit 1), never lost
printf 'Bot\n' | "$AISEC" profile new >"$T_TMP/out" 2>"$T_TMP/err"
[ $? -eq 1 ] && T_PASS=$((T_PASS + 1)) || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: eof rc" >&2; }
expect_grep out "# aisec-profile-draft: incomplete"
expect_grep out 'name: "Bot"'
expect_grep err "profile incomplete: the answers so far are a draft in standard output"
# no answer at all: nothing to keep, an error
: >"$T_TMP/empty"
expect_rc 3 "$AISEC" profile new <"$T_TMP/empty"
expect_grep err "question 'system.name': no answer"

# --resume: a draft of the first five answers, then the rest, gives the same profile
head -5 "$T_TMP/answers" >"$T_TMP/first5"
expect_rc 1 "$AISEC" profile new -o "$T_TMP/draft.yaml" <"$T_TMP/first5"
expect_grep err "continue with 'aisec profile new --resume $T_TMP/draft.yaml -o NEW'"
expect_rc 0 test "$(head -1 "$T_TMP/draft.yaml")" = "# aisec-profile-draft: incomplete"
tail -n +6 "$T_TMP/answers" >"$T_TMP/rest"
expect_rc 0 "$AISEC" profile new --resume "$T_TMP/draft.yaml" -o "$T_TMP/resumed.yaml" <"$T_TMP/rest"
expect_rc 0 cmp "$T_TMP/resumed.yaml" "$T_TMP/new.yaml"
expect_rc 3 "$AISEC" profile new --resume "$T_TMP/no-such-draft.yaml"

# on a terminal (script(1) gives a pseudo-terminal): a refused answer is asked
# again, list questions take numbers too, 'quit' keeps a draft
if command -v script >/dev/null; then
	{ head -3 "$T_TMP/answers"; echo emperor; tail -n +4 "$T_TMP/answers"; } |
		sed 's/^third_party, public$/2, 3/' >"$T_TMP/tty-answers"
	expect_rc 0 script -qec "$(printf '%q ' "$AISEC" profile new -o "$T_TMP/tty.yaml")" /dev/null <"$T_TMP/tty-answers"
	expect_grep out "! pick one of the choices (its name or number)"
	expect_rc 0 cmp "$T_TMP/tty.yaml" "$T_TMP/new.yaml"
	{ head -5 "$T_TMP/answers"; echo quit; } >"$T_TMP/tty-quit"
	expect_rc 1 script -qec "$(printf '%q ' "$AISEC" profile new -o "$T_TMP/tty-draft.yaml")" /dev/null <"$T_TMP/tty-quit"
	expect_grep out "profile incomplete"
	expect_rc 0 cmp "$T_TMP/tty-draft.yaml" "$T_TMP/draft.yaml"
else
	T_FAIL=$((T_FAIL + 1)); echo "FAIL: script(1) is missing (scripts/install-deps --test)" >&2
fi
# prompts name commands that exist
expect_rc 0 "$AISEC" profile new -o "$T_TMP/p.yaml" <"$T_TMP/answers"
if grep -q "catalog list" "$T_TMP/err"; then T_FAIL=$((T_FAIL + 1)); echo "FAIL: 'catalog list' in prompts" >&2; else T_PASS=$((T_PASS + 1)); fi
expect_grep err "'aisec catalog standards'"

# check: every example is valid; a bad one is named by file, line and field
expect_rc 0 "$AISEC" profile check examples/*.yaml
expect_grep out "examples/cv-screening.yaml: ok"
printf 'system: {name: x, role: provider}\nuse: {domain: employment}\ndeployment: {exposure: internal}\nml:\n  famly: cnn\n' >"$T_TMP/bad.yaml"
expect_rc 1 "$AISEC" profile check examples/spam-filter.yaml "$T_TMP/bad.yaml"
expect_grep err "bad.yaml' line 5: field 'ml.famly': unknown field"
expect_grep out "spam-filter.yaml: ok"
expect_rc 2 "$AISEC" profile check

# docs/profile.md lists every allowed value, generated by 'profile fields':
# the test fails when the documentation drifts from the schema or the knowledge base
expect_rc 0 "$AISEC" profile fields
expect_grep out '| `use.domain` | text, **required** | `biometrics`, `critical_infrastructure`'
expect_grep out '| `employment` | `recruitment`, '
expect_grep out '| `scope.exclusion` | choice | `none`, `military_defence_national_security`'
sed -n '/^<!-- BEGIN aisec profile fields -->$/,/^<!-- END aisec profile fields -->$/p' docs/profile.md |
	sed '1d;$d' >"$T_TMP/doc-fields"
if cmp -s "$T_TMP/out" "$T_TMP/doc-fields"; then T_PASS=$((T_PASS + 1)); else
	T_FAIL=$((T_FAIL + 1)); echo "FAIL: docs/profile.md 'Allowed values' differs from 'aisec profile fields':" >&2
	diff "$T_TMP/doc-fields" "$T_TMP/out" | head -20 >&2; fi
expect_rc 2 "$AISEC" profile fields extra
expect_rc 2 "$AISEC" profile frob
expect_rc 0 "$AISEC" profile --help
expect_grep out "usage: aisec profile new"
finish
