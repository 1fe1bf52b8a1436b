#!/usr/bin/env bash
# The inspector as a user runs it: the real `scwin` binary in a real terminal (tmux), keys
# sent, the screen read back with capture-pane, then quit -- and the terminal must be
# restored (alternate screen left, cooked mode back), also after a panic.
#
# Usage: tests/tui_tmux.sh PATH/TO/scwin        (run by `cargo test --test tui_tmux`)
# Exit status: 0 passed, 1 failed, 77 skipped (tmux missing).
set -uo pipefail
BIN=${1:?usage: tui_tmux.sh PATH/TO/scwin}
if ! command -v tmux >/dev/null 2>&1; then
    echo "SKIP: tmux is not installed"
    exit 77
fi
SOCK="scwin-tui-test-$$"
T=(tmux -L "$SOCK" -f /dev/null)
cleanup() { "${T[@]}" kill-server >/dev/null 2>&1 || true; }
trap cleanup EXIT

fail() {
    echo "FAIL: $*"
    echo "----- screen -----"
    "${T[@]}" capture-pane -p -t t 2>/dev/null
    echo "------------------"
    exit 1
}
screen() { "${T[@]}" capture-pane -p -t t; }
# wait_for PATTERN [SECONDS]: until the screen shows PATTERN (fixed string).
wait_for() {
    local pat=$1 secs=${2:-20} i
    for ((i = 0; i < secs * 20; i++)); do
        screen | grep -qF -- "$pat" && return 0
        sleep 0.05
    done
    fail "timed out waiting for: $pat"
}
wait_gone() {
    local pat=$1 i
    for ((i = 0; i < 200; i++)); do
        screen | grep -qF -- "$pat" || return 0
        sleep 0.05
    done
    fail "still on screen: $pat"
}
alt_on() { "${T[@]}" display-message -p -t t '#{alternate_on}'; }
keys() { "${T[@]}" send-keys -t t "$@"; }
# Escape, then a pause: ESC followed at once by a letter reads as Alt+letter.
esc() { keys Escape; sleep 0.3; }
# The shell's terminal is in cooked mode with echo again.
check_restored() {
    [ "$(alt_on)" = 0 ] || fail "alternate screen still on after exit"
    # The marker is computed, so the typed command line does not match it.
    keys "stty -a | tr ' ' '\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '; echo STTY_\$((6*7))" Enter
    wait_for "STTY_42" 10
    screen | grep -q -- '^icanon echo STTY_42' || fail "terminal not back in cooked mode"
    keys "clear" Enter
    sleep 0.2
}

"${T[@]}" new-session -d -s t -x 160 -y 48 "env TERM=tmux-256color PS1='$ ' bash --norc --noprofile" \
    || fail "cannot start tmux"
"${T[@]}" set -g escape-time 10 >/dev/null

echo "1. start on 50 synthetic events at 160x48"
keys "$BIN synth:50; echo SCWIN_EXIT=\$?" Enter
wait_for "event 1/50"
[ "$(alt_on)" = 1 ] || fail "not on the alternate screen"
wait_for "scale: log"
wait_for "n/p event"
wait_for "eta-phi"
wait_for "parameters"
wait_for "window 1/"

echo "2. navigate: next event, next window, a cluster row"
keys n
wait_for "event 2/50"
keys ']'
wait_for "window 2/"
keys Down

echo "3. help overlay from the key map, then close it"
keys '?'
wait_for "help (Esc closes"
wait_for "next event (PgDn)"
esc
wait_gone "help (Esc closes"

echo "4. a parameter: mode -> compat relabels at once"
keys P
wait_for "(editing)"
keys Right
wait_for "  compat  "
esc
wait_for "(P: edit)"

echo "5. export dialog shows the equivalent command line"
keys e
wait_for "the same in batch:"
wait_for "scwin export --compat --format ndjson -o scwin_out synth:50"
esc
wait_gone "the same in batch:"

echo "6. quit: the terminal is restored"
keys q
wait_for "SCWIN_EXIT=0"
check_restored

echo "7. 80x24: panels degrade, keys still work"
"${T[@]}" resize-window -t t -x 80 -y 24 >/dev/null 2>&1 || true
keys "$BIN synth:10; echo SCWIN_EXIT=\$?" Enter
wait_for "event 1/10"
wait_for "n/p event"
keys n
wait_for "event 2/10"
keys q
wait_for "SCWIN_EXIT=0"
check_restored

echo "8. a panic restores the terminal too"
keys "SCWIN_TEST_PANIC=1 $BIN synth:5; echo SCWIN_EXIT=\$?" Enter
wait_for "SCWIN_EXIT=101"
screen | grep -qF "panicking on purpose" || fail "panic message not shown"
check_restored

echo "9. no argument: the bundled sample"
if ls "$(dirname "$0")/../sample/"*.root >/dev/null 2>&1; then
    keys "$BIN; echo SCWIN_EXIT=\$?" Enter
    wait_for ".root"
    wait_for "event 1/"
    wait_for "scale: log"
    keys q
    wait_for "SCWIN_EXIT=0"
    check_restored
else
    echo "   (no sample/*.root in this checkout: step skipped)"
fi

echo "10. an input that cannot be opened: a message, no garbage"
keys "$BIN /no/such/file.root; echo SCWIN_EXIT=\$?" Enter
wait_for "SCWIN_EXIT=1"
check_restored

echo "PASS"
