#!/usr/bin/env python3
# judge-test.py - the verdicts of make proof (tests/proof/proof.py) on
# made-up poller rows: no root, no servers, no network.  Each check prints
# "ok WHAT" or "FAIL WHAT"; the last line is "judge-test: N passed, M
# failed"; exit 1 when any failed.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import proof  # noqa: E402

T0 = 1_800_000_000
passed = failed = 0


def check(what, got, want):
    global passed, failed
    if got == want:
        passed += 1
        print("ok   " + what)
    else:
        failed += 1
        print("FAIL %s: got %r, want %r" % (what, got, want))


def scenario(key, checklist):
    sc = {s.key: s for s in proof.scenarios(T0)}[key]
    sc.result = {"checklist": [{"step": st, "at": proof.iso(at),
                                "state": "pending"}
                               for st, at in checklist],
                 "findings": []}
    return sc


def row(t, key, rcode, addrs, ttl=proof.LOW):
    return (t, key, rcode, [(a, ttl) for a in addrs])


# (a) done right: cutover T0+25, decommission T0+37, propagated T0+25.
a = scenario("a", [("lower-ttl", T0 + 1), ("ttl-propagated", T0 + 25),
                   ("cutover", T0 + 25), ("decommission", T0 + 37)])
rows = [row(T0 + 20, "a", 0, [proof.OLD]), row(T0 + 30, "a", 0, [proof.OLD]),
        row(T0 + 38, "a", 0, [proof.NEW])]
cells, held = proof.judge(a, rows, "R")
check("judge_a_old_before_safe_holds", held, True)
check("judge_a_old_before_safe_last", cells[3], "old address until C+5.0s")
cells, held = proof.judge(a, rows + [row(T0 + 37, "a", 0, [proof.OLD])], "R")
check("judge_a_old_at_safe_time_fails", (held, cells[5]), (False, "1"))
cells, held = proof.judge(a, [row(T0 + 26, "a", 0, [proof.NEW], 24)], "R")
check("judge_a_high_ttl_after_propagated_fails",
      (held, cells[5]), (False, "0; TTL > 6 after C+0.0s"))
cells, held = proof.judge(a, [row(T0 + 26, "a", 2, [])], "R")
check("judge_a_servfail_fails", (held, cells[6]), (False, "1"))
cells, held = proof.judge(a, [row(T0 + 26, "a", None, [])], "R")
check("judge_a_timeout_fails", (held, cells[6]), (False, "1"))

# (b) never lowered: cutover T0+2, the plan's off time T0+4, safe T0+50.
b = scenario("b", [("cutover", T0 + 2), ("decommission", T0 + 50)])
cells, held = proof.judge(b, [row(T0 + 10, "b", 0, [proof.OLD], 24)], "R")
check("judge_b_stale_after_plan_holds", (held, cells[4]), (True, "1"))
cells, held = proof.judge(b, [row(T0 + 3, "b", 0, [proof.OLD], 24),
                              row(T0 + 5, "b", 0, [proof.NEW], 24)], "R")
check("judge_b_no_stale_after_plan_fails", (held, cells[4]), (False, "0"))
cells, held = proof.judge(b, [row(T0 + 10, "b", 0, [proof.OLD], 24),
                              row(T0 + 51, "b", 0, [proof.OLD], 24)], "R")
check("judge_b_old_after_safe_fails", (held, cells[5]), (False, "1"))

# (d) new name: cutover T0+2, visible T0+26.
d = scenario("d", [("cutover", T0 + 2), ("visible", T0 + 26)])
cells, held = proof.judge(d, [row(T0 + 1.5, "d", 3, []),
                              row(T0 + 20, "d", 3, []),
                              row(T0 + 27, "d", 0, [proof.NEW])], "R")
check("judge_d_nxdomain_until_visible_holds", (held, cells[3]),
      (True, "NXDOMAIN until C+18.0s"))
cells, held = proof.judge(d, [row(T0 + 20, "d", 3, []),
                              row(T0 + 26.2, "d", 3, [])], "R")
check("judge_d_nxdomain_after_visible_fails", (held, cells[5]), (False, "1"))

# (e) NS move: cutover T0+2, decommission T0+26.
e = scenario("e", [("cutover", T0 + 2), ("decommission", T0 + 26)])
cells, held = proof.judge(e, [row(T0 + 8, "e", 0, [proof.OLD]),
                              row(T0 + 27, "e", 0, [proof.NEW])], "R")
check("judge_e_old_provider_before_safe_holds", (held, cells[3]),
      (True, "old provider until C+6.0s"))
cells, held = proof.judge(e, [row(T0 + 27, "e", 2, [])], "R")
check("judge_e_no_answer_after_safe_fails", (held, cells[5]), (False, "1"))

# (f) the same move, the old provider off at T0+4 (the plan's time).
f = scenario("f", [("cutover", T0 + 2), ("decommission", T0 + 26)])
cells, held = proof.judge(f, [row(T0 + 8, "f", 2, [])], "R")
check("judge_f_outage_before_safe_holds", (held, cells[4]), (True, "1"))
cells, held = proof.judge(f, [row(T0 + 30, "f", None, [])], "R")
check("judge_f_outage_after_safe_fails", (held, cells[5]), (False, "1"))

# the DNS client's reply parser, on a reply as NSD writes it
reply = bytes.fromhex(
    "1234" "8580" "0001" "0001" "0000" "0000"
    "0377777705726967687400" "0001" "0001"
    "c00c" "0001" "0001" "00000006" "0004" "c000020a")
check("parse_reply_answer", proof.parse_reply(reply, 0x1234),
      (0, [("192.0.2.10", 6)]))
check("parse_reply_wrong_id", proof.parse_reply(reply, 0x4321), None)

print("judge-test: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
