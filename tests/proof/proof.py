#!/usr/bin/env python3
# proof.py - dnslint's times checked against real resolvers (make proof).
#
#   python3 tests/proof/proof.py DNSLINT OUT.md
#
# Run by tools/proof.sh inside a private network namespace (unshare -n):
# the namespace has only its loopback, so nothing here can reach any other
# address.  In it:
#
#   127.0.0.1:53   NSD serving a private root zone "." (the parent of every
#                  test zone: their delegations and the nameservers' addresses)
#   127.0.0.2:53   NSD serving the test zones but the NS moves'
#   127.0.0.3-6    NSD, the two NS moves' old and new providers
#   127.0.0.11-14  Unbound, BIND 9 (named), Knot Resolver (kresd), PowerDNS
#                  Recursor, each with root hints naming 127.0.0.1 only and
#                  no DNSSEC validation
#
# Time is scaled: a TTL of 24 s stands for a day, 6 s for a lowered TTL
# (the proof's configuration sets ttl-lowered.max_ttl to 6).  For every
# scenario dnslint computes its checklist from the live servers (-s, with
# --now), a driver carries out each step at its time (rewriting the zone
# file and "nsd-control reload"), and a poller asks every resolver for the
# scenario's name every 0.2 s.  The run writes a Markdown table to OUT.md
# and prints it; exit 0 when every claim held for every resolver that
# started, 1 when one did not, 3 when a resolver could not be started
# (the others' tables are still written).
#
# Every process is started here and stopped here, by its process id.
import json
import os
import random
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

LONG = 24          # the "day-long" TTL
LOW = 6            # the lowered TTL (ttl-lowered.max_ttl in the config)
OLD = "192.0.2.10"
NEW = "198.51.100.10"
TICK = 0.2

ROOT_ADDR = "127.0.0.1"
OLD_NS_ADDR = "127.0.0.2"
NEW_NS_ADDR = "127.0.0.3"
BEFORE_NS_ADDR = "127.0.0.4"   # the NS move's old provider
GONE_NS_ADDR = "127.0.0.5"     # the early NS move's old provider
NEXT_NS_ADDR = "127.0.0.6"     # and its new one
PARENT_NS_TTL = 12             # the delegation's TTL in the root zone

RESOLVERS = [
    # name, address, program
    ("Unbound", "127.0.0.11", "unbound"),
    ("BIND 9", "127.0.0.12", "named"),
    ("Knot Resolver", "127.0.0.13", "kresd"),
    ("PowerDNS Recursor", "127.0.0.14", "pdns_recursor"),
]

procs = []         # every process started: (what, Popen)


def log(msg):
    print("proof: " + msg, file=sys.stderr, flush=True)


def stop_all():
    for what, p in reversed(procs):
        if p.poll() is None:
            try:
                os.kill(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    for what, p in reversed(procs):
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.kill(p.pid, signal.SIGKILL)
            p.wait(timeout=5)
    procs.clear()


def start(what, argv, logfile, cwd=None):
    f = open(logfile, "ab")
    p = subprocess.Popen(argv, stdout=f, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, cwd=cwd)
    procs.append((what, p))
    return p


# --- a minimal DNS client (UDP, RD set) -----------------------------------

def _name_wire(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def _skip_name(buf, off):
    while True:
        n = buf[off]
        if n == 0:
            return off + 1
        if n & 0xC0 == 0xC0:
            return off + 2
        off += 1 + n


def parse_reply(buf, qid):
    """(rcode, [(address, ttl)]) of the A records in reply BUF to query
    QID, or None when it is not that reply or is cut short."""
    try:
        rid, flags, qd, an, _, _ = struct.unpack("!HHHHHH", buf[:12])
        if rid != qid or not flags & 0x8000:
            return None
        off = 12
        for _ in range(qd):
            off = _skip_name(buf, off) + 4
        answers = []
        for _ in range(an):
            off = _skip_name(buf, off)
            rtype, _, ttl, rdlen = struct.unpack("!HHIH", buf[off:off + 10])
            off += 10
            if off + rdlen > len(buf):
                return None
            if rtype == 1 and rdlen == 4:
                answers.append((socket.inet_ntoa(buf[off:off + 4]), ttl))
            off += rdlen
    except (struct.error, IndexError):
        return None
    return flags & 0xF, answers


def query(addr, name, qtype=1, rd=True, timeout=1.0):
    """(rcode, [(address, ttl)]) of the A records answered, or None when
    no reply came within TIMEOUT seconds."""
    qid = random.randrange(65536)
    msg = struct.pack("!HHHHHH", qid, 0x0100 if rd else 0, 1, 0, 0, 0)
    msg += _name_wire(name) + struct.pack("!HH", qtype, 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.sendto(msg, (addr, 53))
        deadline = time.monotonic() + timeout
        while True:
            s.settimeout(max(0.01, deadline - time.monotonic()))
            r = parse_reply(s.recv(4096), qid)
            if r is not None:
                return r
    except (socket.timeout, OSError):
        return None
    finally:
        s.close()


# --- the servers ------------------------------------------------------------

def write(path, text):
    with open(path, "w") as f:
        f.write(text)


class Nsd:
    """One NSD on ADDR:53 serving the zone files in its directory."""

    def __init__(self, work, name, addr, zones):
        self.dir = os.path.join(work, name)
        os.makedirs(self.dir, exist_ok=True)
        self.name, self.addr = name, addr
        self.conf = os.path.join(self.dir, "nsd.conf")
        lines = [
            "server:",
            "\tip-address: %s@53" % addr,
            "\tdo-ip6: no",
            '\tusername: ""',
            '\tchroot: ""',
            '\tzonesdir: "%s"' % self.dir,
            '\tdatabase: ""',
            '\tpidfile: "%s/nsd.pid"' % self.dir,
            '\txfrdfile: "%s/xfrd.state"' % self.dir,
            '\txfrdir: "%s"' % self.dir,
            '\tzonelistfile: "%s/zone.list"' % self.dir,
            '\tlogfile: "%s/nsd.log"' % self.dir,
            "\tverbosity: 1",
            "\tserver-count: 1",
            "\trrl-ratelimit: 0",
            "\trrl-whitelist-ratelimit: 0",
            "remote-control:",
            "\tcontrol-enable: yes",
            '\tcontrol-interface: "%s/nsd.sock"' % self.dir,
        ]
        for z in zones:
            lines += ["zone:", '\tname: "%s"' % z,
                      '\tzonefile: "%s"' % self.zonefile(z)]
        write(self.conf, "\n".join(lines) + "\n")

    def zonefile(self, zone):
        return os.path.join(self.dir, (zone.rstrip(".") or "root") + ".zone")

    def publish(self, zone, text, reload=True):
        tmp = self.zonefile(zone) + ".new"
        write(tmp, text)
        os.rename(tmp, self.zonefile(zone))
        if reload:
            r = subprocess.run(["nsd-control", "-c", self.conf, "reload",
                                zone], capture_output=True, text=True)
            if r.returncode != 0 or "ok" not in r.stdout:
                raise RuntimeError("nsd-control reload %s: %s%s" %
                                   (zone, r.stdout, r.stderr))

    def start(self):
        self.proc = start("nsd " + self.name, ["nsd", "-d", "-c", self.conf],
                          os.path.join(self.dir, "stdout.log"))

    def stop(self):
        """Switched off: ended by its process id."""
        os.kill(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=5)


def start_unbound(d, addr, hints):
    conf = os.path.join(d, "unbound.conf")
    write(conf, "\n".join([
        "server:",
        "\tinterface: %s" % addr,
        "\tport: 53",
        "\tdo-ip6: no",
        "\tdo-daemonize: no",
        '\tusername: ""',
        '\tchroot: ""',
        '\tdirectory: "%s"' % d,
        '\tpidfile: "%s/unbound.pid"' % d,
        '\tlogfile: "%s/unbound.log"' % d,
        "\tuse-syslog: no",
        "\taccess-control: 127.0.0.0/8 allow",
        "\tdo-not-query-localhost: no",
        '\troot-hints: "%s"' % hints,
        '\tmodule-config: "iterator"',
        "\tcache-min-ttl: 0",
        "\tprefetch: no",
        "\tserve-expired: no",
        "\tnum-threads: 1",
        "remote-control:",
        "\tcontrol-enable: no",
    ]) + "\n")
    return ["unbound", "-d", "-c", conf]


def start_named(d, addr, hints):
    conf = os.path.join(d, "named.conf")
    write(conf, "\n".join([
        "options {",
        '\tdirectory "%s";' % d,
        '\tpid-file "%s/named.pid";' % d,
        "\tlisten-on port 53 { %s; };" % addr,
        "\tlisten-on-v6 { none; };",
        "\trecursion yes;",
        "\tallow-query { any; };",
        "\tallow-recursion { any; };",
        "\tdnssec-validation no;",
        "\tstale-answer-enable no;",
        "\tprefetch 0;",
        "\tnotify no;",
        "};",
        'zone "." { type hint; file "%s"; };' % hints,
        "controls { };",
    ]) + "\n")
    return ["named", "-g", "-n", "1", "-c", conf]


def start_kresd(d, addr, hints):
    conf = os.path.join(d, "kresd.conf")
    write(conf, "\n".join([
        "net.listen('%s', 53, { kind = 'dns' })" % addr,
        "trust_anchors.remove('.')",
        "option('ALLOW_LOCAL', true)",
        "cache.open(10 * MB, 'lmdb://%s/cache')" % d,
        "modules.load('hints')",
        "hints.root({['a.root-servers.net.'] = '%s'})" % ROOT_ADDR,
    ]) + "\n")
    return ["kresd", "-n", "-c", conf, d]


def start_pdns(d, addr, hints):
    write(os.path.join(d, "recursor.conf"), "\n".join([
        "local-address=%s" % addr,
        "local-port=53",
        "allow-from=127.0.0.0/8",
        "dont-query=",
        "hint-file=%s" % hints,
        "dnssec=off",
        "daemon=no",
        "socket-dir=%s" % d,
        "threads=1",
        "setuid=",
        "setgid=",
        "write-pid=no",
    ]) + "\n")
    return ["pdns_recursor", "--config-dir=%s" % d]


STARTERS = {"unbound": start_unbound, "named": start_named,
            "kresd": start_kresd, "pdns_recursor": start_pdns}


def wait_answers(addr, name, qtype, rd, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        r = query(addr, name, qtype, rd, timeout=0.5)
        if r is not None and r[0] == 0:
            return True
        time.sleep(0.1)
    return False


# --- zones, plans and scenarios ---------------------------------------------

def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def zone_text(zone, serial, records, ns=("ns1.old-dns.",), neg=LONG,
              nsttl=LONG):
    out = ["$ORIGIN %s" % zone,
           "@ %d IN SOA %s hostmaster.%s %d 3600 600 86400 %d" %
           (LONG, ns[0], zone, serial, neg)]
    out += ["@ %d IN NS %s" % (nsttl, n) for n in ns]
    out += records
    return "\n".join(out) + "\n"


# the NS moves: zone -> (old nameserver, its address, new one, address)
MOVES = {"nsmove.": ("ns1.before-dns.", BEFORE_NS_ADDR,
                     "ns1.new-dns.", NEW_NS_ADDR),
         "nsearly.": ("ns1.gone-dns.", GONE_NS_ADDR,
                      "ns1.next-dns.", NEXT_NS_ADDR)}


def root_text(zones, moved=()):
    out = [". 86400 IN SOA a.root-servers.net. hostmaster.root. 1 "
           "3600 600 86400 %d" % LONG,
           ". 86400 IN NS a.root-servers.net.",
           "a.root-servers.net. 86400 IN A %s" % ROOT_ADDR,
           "ns1.old-dns. 86400 IN A %s" % OLD_NS_ADDR]
    for z, (b, ba, n, na) in sorted(MOVES.items()):
        out += ["%s 86400 IN A %s" % (b, ba), "%s 86400 IN A %s" % (n, na)]
    for z in zones:
        if z in MOVES:
            out.append("%s %d IN NS %s" % (z, PARENT_NS_TTL, MOVES[z][2]
                                           if z in moved else MOVES[z][0]))
        else:
            out.append("%s %d IN NS ns1.old-dns." % (z, LONG))
    return "\n".join(out) + "\n"


class NsMove:
    """The two providers of an NS move, each an NSD serving the zone with
    a wildcard that tells who answered (the old address, the new one)."""

    def __init__(self, work, zone):
        self.zone = zone
        self.old_ns, old_addr, self.new_ns, new_addr = MOVES[zone]
        self.before = Nsd(work, "before-" + zone.rstrip("."), old_addr,
                          [zone])
        self.after = Nsd(work, "after-" + zone.rstrip("."), new_addr, [zone])
        self.serial = 1
        self.publish(self.old_ns, reload=False)

    def publish(self, ns, reload=True):
        for nsd, mark in ((self.before, OLD), (self.after, NEW)):
            nsd.publish(self.zone, zone_text(
                self.zone, self.serial, ["* %d IN A %s" % (LOW, mark)],
                ns=(ns,), nsttl=LOW), reload=reload)

    def start(self):
        self.before.start()
        self.after.start()

    def cutover(self):
        self.serial += 1
        self.publish(self.new_ns)


class Scenario:
    """A plan, its zone as served before, and what the driver publishes."""

    def __init__(self, key, title, zone, watch, plan, records, steps):
        self.key, self.title, self.zone, self.watch = key, title, zone, watch
        self.plan = plan          # YAML text
        self.records = records    # the zone's records before the change
        self.steps = steps        # step name -> records published then
        self.serial = 1
        self.result = None        # dnslint's JSON
        self.actions = []         # (time, what, records)
        self.marks = {}           # name -> time
        self.poll_from = 0        # the poller asks from then on


def scenarios(t0):
    c_a = t0 + 1 + LONG
    s = []
    s.append(Scenario(
        "a", "plan done right: TTL lowered ahead", "right.", "www.right.",
        "zone: right.\ncutover: %s\nttl_lowered: {at: %s, from: %d, to: %d}\n"
        "changes:\n  - {name: www, type: A, from: [%s], to: [%s], ttl: %d}\n"
        "decommission:\n  - {target: %s, at: %s}\n" %
        (iso(c_a), iso(t0 + 1), LONG, LOW, OLD, NEW, LOW, OLD,
         iso(c_a + 2 * LOW)),
        ["www %d IN A %s" % (LONG, OLD)],
        {"lower-ttl": ["www %d IN A %s" % (LOW, OLD)],
         "cutover": ["www %d IN A %s" % (LOW, NEW)]}))
    s.append(Scenario(
        "b", "TTL never lowered, old server off 2h later", "unlowered.",
        "www.unlowered.",
        "zone: unlowered.\ncutover: %s\n"
        "changes:\n  - {name: www, type: A, from: [%s], to: [%s]}\n"
        "decommission:\n  - {target: %s, at: %s}\n" %
        (iso(t0 + 2), OLD, NEW, OLD, iso(t0 + 4)),
        ["www %d IN A %s" % (LONG, OLD)],
        {"cutover": ["www %d IN A %s" % (LONG, NEW)]}))
    s.append(Scenario(
        "c", "TTL lowered too late", "late.", "www.late.",
        "zone: late.\ncutover: %s\nttl_lowered: {at: %s, from: %d, to: %d}\n"
        "changes:\n  - {name: www, type: A, from: [%s], to: [%s], ttl: %d}\n"
        "decommission:\n  - {target: %s, at: %s}\n" %
        (iso(t0 + 1 + LOW), iso(t0 + 1), LONG, LOW, OLD, NEW, LOW, OLD,
         iso(t0 + 1 + 3 * LOW)),
        ["www %d IN A %s" % (LONG, OLD)],
        {"lower-ttl": ["www %d IN A %s" % (LOW, OLD)],
         "cutover": ["www %d IN A %s" % (LOW, NEW)]}))
    s.append(Scenario(
        "d", "new name after NXDOMAIN", "newname.", "new.newname.",
        "zone: newname.\ncutover: %s\n"
        "changes:\n  - {name: new, type: A, to: [%s], ttl: %d}\n" %
        (iso(t0 + 2), NEW, LOW),
        ["www %d IN A %s" % (LONG, OLD)],
        {"cutover": ["www %d IN A %s" % (LONG, OLD),
                     "new %d IN A %s" % (LOW, NEW)]}))
    # The worst case for a new name: first asked (NXDOMAIN cached for the
    # whole negative TTL) just before the name is published.
    s[-1].poll_from = t0 + 2 - 0.5
    # The NS move: the old provider (ns1.before-dns.) and the new one
    # (ns1.new-dns.) serve the same zone, but for a wildcard that tells
    # which provider a resolver asked; the poller asks a new name each
    # time, so every answer comes from a provider, never from a cache.
    c_e = t0 + 2
    s.append(Scenario(
        "e", "NS move with a delegation change", "nsmove.",
        "q%d-%d.nsmove.",
        "zone: nsmove.\ncutover: %s\n"
        "changes:\n  - {name: '@', type: NS, from: [ns1.before-dns.], "
        "to: [ns1.new-dns.], ttl: %d}\n"
        "decommission:\n  - {target: ns1.before-dns., at: %s}\n" %
        (iso(c_e), LOW, iso(c_e + 2 * max(LOW, PARENT_NS_TTL))),
        ["* %d IN A %s" % (LOW, OLD)], {}))
    # The same move, the old provider switched off "two hours" later.
    s.append(Scenario(
        "f", "NS move, old provider off 2h later", "nsearly.",
        "q%d-%d.nsearly.",
        "zone: nsearly.\ncutover: %s\n"
        "changes:\n  - {name: '@', type: NS, from: [ns1.gone-dns.], "
        "to: [ns1.next-dns.], ttl: %d}\n"
        "decommission:\n  - {target: ns1.gone-dns., at: %s}\n" %
        (iso(c_e), LOW, iso(c_e + 2)),
        ["* %d IN A %s" % (LOW, OLD)], {}))
    return s


# Off: rules about the nameserver set that one provider on 127.0.0.x
# cannot pass (one name, one /24) and that the times do not depend on.
SHORT = {"a": "done right", "b": "TTL never lowered, off 2h later",
         "c": "lowered too late", "d": "new name after NXDOMAIN",
         "e": "NS move", "f": "NS move, old provider off 2h later"}

NOTES = {
    "a": "TTL %d lowered to %d at C-%d s (dnslint's lower-ttl step), the "
         "cutover at dnslint's time, the old address off at dnslint's "
         "decommission time: no resolver may answer it after that." %
         (LONG, LOW, LONG),
    "b": "TTL %d never lowered, the old address off 2 s (\"two hours\") "
         "after the cutover as the plan says: dnslint predicts stale "
         "answers until C+%d s at most, and says wait until C+2x%d s." %
         (LONG, LONG, LONG),
    "c": "TTL %d lowered to %d only %d s before the cutover, the old "
         "address off at C+2x%d s as if the lowering had counted: dnslint "
         "predicts stale answers past that." % (LONG, LOW, LOW, LOW),
    "d": "A name asked (NXDOMAIN, negative TTL %d) before it is created at "
         "the cutover: dnslint's visible step is when no resolver may "
         "still answer NXDOMAIN." % LONG,
    "e": "The NS set moved from ns1.before-dns. to ns1.new-dns. (child NS "
         "TTL %d) and the delegation in the root zone changed (TTL %d) at "
         "dnslint's times; the old provider's NSD stopped at dnslint's "
         "decommission time.  Each query is a new name under a wildcard, "
         "answered by the provider the resolver asked: an old-provider "
         "answer or an error after the decommission would be an outage." %
         (LOW, PARENT_NS_TTL),
    "f": "The same move from ns1.gone-dns. to ns1.next-dns., but the old "
         "provider's NSD stopped 2 s (\"two hours\") after the cutover, as "
         "the plan says: dnslint fails it (the delegation is cached for %d "
         "s).  A resolver that still holds the old delegation then gets no "
         "answer: at least one must, and none after dnslint's time." %
         PARENT_NS_TTL,
}

CONFIG = """# The proof's scaled time: a lowered TTL is %d s, not 300 s.
rules:
  ttl-lowered: {max_ttl: %d}
  ns-multi-provider: {severity: off}
  ns-address-diversity: {severity: off}
# stale-reference needs the whole zone (--axfr or -z): asked with -s it is
# unknown, and none of the times the proof checks comes from it.
  stale-reference: {severity: off}
# With -s dnslint does not look for the parent's servers: the delegation
# TTL is the one the proof's root zone publishes.
parent_ns_ttl: %d
""" % (LOW, LOW, PARENT_NS_TTL)


def run_dnslint(dnslint, work, sc, now):
    plan = os.path.join(work, "plan-%s.yaml" % sc.key)
    write(plan, sc.plan)
    conf = os.path.join(work, "dnslint.yaml")
    write(conf, CONFIG)
    servers = [OLD_NS_ADDR] if sc.zone not in MOVES else [
        MOVES[sc.zone][1], MOVES[sc.zone][3]]
    argv = [dnslint, "-c", conf, "-f", "json", "--now", iso(now)]
    for a in servers:
        argv += ["-s", "%s@53" % a]
    argv.append(plan)
    r = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    if r.returncode not in (0, 1):
        raise RuntimeError("dnslint exit %d on scenario %s: %s" %
                           (r.returncode, sc.key, r.stderr.strip()))
    sc.exit = r.returncode
    sc.result = json.loads(r.stdout)["plans"][0]


def epoch(s):
    return int(time.mktime(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))
               - time.timezone) if s else None


def step_at(sc, step):
    for c in sc.result.get("checklist", []):
        if c["step"] == step:
            return epoch(c["at"])
    if step == "delegation":
        # a dnslint without the step: the delegation changes at the
        # cutover (the default of delegation_at)
        return step_at(sc, "cutover")
    raise RuntimeError("scenario %s: dnslint's checklist has no '%s' step" %
                       (sc.key, step))


def finding(sc, rule):
    for f in sc.result.get("findings", []):
        if f["rule"] == rule:
            return f
    raise RuntimeError("scenario %s: no %s finding" % (sc.key, rule))


def plan_off(sc):
    # the plan's own decommission time (the plans write it "at: TIME")
    return epoch(sc.plan.split("at: ")[-1].split("}")[0].strip())


def sleep_until(t):
    while True:
        d = t - time.time()
        if d <= 0:
            return
        time.sleep(min(d, 0.05))


class Poller(threading.Thread):
    def __init__(self, name, addr, scs, t0, end, idx):
        super().__init__(daemon=True)
        self.name_, self.addr, self.scs, self.idx = name, addr, scs, idx
        self.t0, self.end = t0, end
        self.rows = []          # (time sent, scenario key, rcode, answers)

    def run(self):
        k = 0
        while True:
            t = self.t0 + k * TICK
            if t > self.end:
                return
            sleep_until(t)
            for sc in self.scs:
                ts = time.time()
                if ts < sc.poll_from:
                    continue
                name = sc.watch
                if "%d" in name:
                    name = name % (k, self.idx)
                r = query(self.addr, name, 1, True, timeout=1.0)
                self.rows.append((ts, sc.key, None if r is None else r[0],
                                  [] if r is None else r[1]))
            k = max(k + 1, int((time.time() - self.t0) / TICK) + 1)


def driver(old, scs, actions):
    for t, sc, step in actions:
        sleep_until(t)
        if callable(sc.steps[step]):
            sc.steps[step]()
        else:
            sc.serial += 1
            old.publish(sc.zone, zone_text(sc.zone, sc.serial,
                                           sc.steps[step]))
        sc.marks[step] = (t, time.time())


def rel(t, c):
    return "C%+.1fs" % (t - c)


def judge(sc, rows, name):
    """One table row for resolver NAME: (cells, held)."""
    c = step_at(sc, "cutover")
    if sc.zone in MOVES:
        # an answer from the old provider, or none (the old provider is
        # off, the resolver still asks it)
        safe = step_at(sc, "decommission")
        planned = plan_off(sc)
        old = [r for r in rows if any(a == OLD for a, _ in r[3])]
        errors = [r for r in rows if r[2] != 0 or not r[3]]
        bad = old + errors
        last = max((r[0] for r in bad), default=None)
        late = [r for r in bad if r[0] >= safe]
        stale = [r for r in errors if r[0] >= planned]
        held = not late and (sc.key == "f" or not errors)
        what = "old provider" + (" or no answer" if errors else "")
        cells = [name, rel(planned, c), rel(safe, c),
                 ("%s until %s" % (what, rel(last, c))) if last else "none",
                 "%d" % len(stale) if sc.key == "f" else "-",
                 "%d" % len(late), "%d" % len(errors),
                 "holds" if held else "FAILS"]
        return cells, held
    if sc.key == "d":
        safe = step_at(sc, "visible")
        bad = [r for r in rows if r[2] == 3]
        what = "NXDOMAIN"
        planned = c
    else:
        safe = step_at(sc, "decommission")
        bad = [r for r in rows if any(a == OLD for a, _ in r[3])
               and r[0] >= c]
        what = "old address"
        planned = plan_off(sc)
    errors = [r for r in rows if r[2] is None or r[2] not in (0, 3)]
    last = max((r[0] for r in bad), default=None)
    after_safe = [r for r in bad if r[0] >= safe]
    stale = [r for r in bad if r[0] >= planned]
    held = not after_safe and not errors
    if sc.key in ("b", "c", "d"):
        # the skipped step (or the new name's early users) must show the
        # stale answers dnslint predicts
        held = held and bool(stale)
    extra = ""
    if sc.key == "a":
        prop = step_at(sc, "ttl-propagated")
        high = [r for r in rows if r[0] >= prop and
                any(ttl > LOW for _, ttl in r[3])]
        if high:
            held = False
            extra = "; TTL > %d after %s" % (LOW, rel(prop, c))
    cells = [name,
             rel(planned, c) if sc.key != "a" else "-",
             rel(safe, c),
             ("%s until %s" % (what, rel(last, c))) if last else "none",
             "%d" % len(stale) if sc.key != "a" else "-",
             "%d" % len(after_safe) + extra,
             "%d" % len(errors),
             "holds" if held else "FAILS"]
    return cells, held


def netns_ready():
    """Only the loopback here (a private namespace); every address used
    put on it (BIND listens only on addresses its interfaces hold)."""
    r = subprocess.run(["ip", "-o", "link", "show"], capture_output=True,
                       text=True, check=True)
    links = sorted(l.split(":")[1].strip().split("@")[0]
                   for l in r.stdout.splitlines())
    if links != ["lo"]:
        raise RuntimeError("not in a private network namespace (links: %s):"
                           " run tools/proof.sh" % " ".join(links))
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    addrs = [ROOT_ADDR, OLD_NS_ADDR, NEW_NS_ADDR, BEFORE_NS_ADDR,
             GONE_NS_ADDR, NEXT_NS_ADDR] + [a for _, a, _ in
                                                      RESOLVERS]
    for a in addrs:
        if a != "127.0.0.1":
            subprocess.run(["ip", "addr", "add", a + "/32", "dev", "lo"],
                           check=True)


def run(dnslint, out, work):
    netns_ready()
    scs = scenarios(0)
    root = Nsd(work, "root", ROOT_ADDR, ["."])
    root.publish(".", root_text([sc.zone for sc in scs]), reload=False)
    old = Nsd(work, "old", OLD_NS_ADDR, [sc.zone for sc in scs
                                         if sc.zone not in MOVES])
    for sc in scs:
        if sc.zone not in MOVES:
            old.publish(sc.zone, zone_text(sc.zone, sc.serial, sc.records),
                        reload=False)
    # the NS moves' providers
    moves = {sc.key: NsMove(work, sc.zone) for sc in scs if sc.zone in MOVES}
    root.start()
    old.start()
    for m in moves.values():
        m.start()
    for n, a, z in [("root", ROOT_ADDR, "."), ("old", OLD_NS_ADDR, "right.")
                    ] + [(z, MOVES[z][i], z) for z in MOVES for i in (1, 3)]:
        if not wait_answers(a, z, 6, False, 10):
            raise RuntimeError("NSD (%s) does not answer on %s" % (n, a))

    live, skipped = [], []
    hints = os.path.join(work, "root.hints")
    write(hints, ". 3600000 NS a.root-servers.net.\n"
          "a.root-servers.net. 3600000 A %s\n" % ROOT_ADDR)
    for name, addr, prog in RESOLVERS:
        if shutil.which(prog) is None:
            skipped.append((name, "%s is not installed" % prog))
            continue
        d = os.path.join(work, prog)
        os.makedirs(d)
        start(name, STARTERS[prog](d, addr, hints), os.path.join(d, "out.log"))
        live.append((name, addr, d))
    ready = []
    for name, addr, d in live:
        if wait_answers(addr, "a.root-servers.net.", 1, True, 15):
            ready.append((name, addr))
        else:
            with open(os.path.join(d, "out.log"), errors="replace") as f:
                tail = f.read()[-600:]
            skipped.append((name, "did not answer within 15 s"))
            log("%s did not start:\n%s" % (name, tail))
    if not ready:
        for n, why in skipped:
            print("skipped %s: %s" % (n, why))
        return 3

    # dnslint finds the new nameservers' addresses (verify-provider,
    # ns-serves-zone) through the system's resolver: in this namespace's
    # own mount namespace /etc/resolv.conf names a resolver of the proof
    conf = os.path.join(work, "resolv.conf")
    write(conf, "nameserver %s\n" % ready[0][1])
    subprocess.run(["mount", "--bind", conf, "/etc/resolv.conf"],
                   check=True)
    t0 = int(time.time()) + 3
    scs = scenarios(t0)
    zones = [sc.zone for sc in scs]

    moved = set()

    def delegation(zone):
        moved.add(zone)
        root.publish(".", root_text(zones, moved))
    for sc in scs:
        if sc.key in moves:
            m = moves[sc.key]
            sc.steps = {"cutover": m.cutover,
                        "delegation": lambda z=sc.zone: delegation(z),
                        "decommission": m.before.stop}
    for sc in scs:
        run_dnslint(dnslint, work, sc, t0)
    actions = []
    for sc in scs:
        for step in sc.steps:
            if sc.key == "b" and step == "lower-ttl":
                continue
            at = step_at(sc, step)
            if sc.key == "f" and step == "decommission":
                at = plan_off(sc)       # the plan's time, not dnslint's
            actions.append((at, sc, step))
    actions.sort(key=lambda a: a[0])
    end = 0
    for sc in scs:
        safe = step_at(sc, "visible" if sc.key == "d" else "decommission")
        end = max(end, safe + (6 if sc.zone in MOVES else 2))
    end = min(end, t0 + 120)
    log("scenarios from %s to %s, %d resolvers" % (iso(t0), iso(end),
                                                  len(ready)))
    # one poller per resolver and scenario: a resolver that times out in
    # one scenario does not slow the questions of another
    pollers = [Poller(n, a, [sc], t0, end, i)
               for i, (n, a) in enumerate(ready) for sc in scs]

    def rows_of(name, key):
        return [r for p in pollers if p.name_ == name
                for r in p.rows if r[1] == key]
    for p in pollers:
        p.start()
    driver(old, scs, actions)
    for p in pollers:
        p.join(timeout=end - time.time() + 10)

    held_all = True
    counts = {True: 0, False: 0}
    lines = ["# dnslint's times against real resolvers (make proof)", "",
             "Measured by `make proof` (tests/proof/proof.py). Scaled time: "
             "a TTL of %d s stands for a day, %d s for a lowered TTL; "
             "C is the cutover, times are when the poller's query was sent "
             "(every %.1f s to every resolver)." % (LONG, LOW, TICK), ""]
    versions = resolver_versions([n for n, _ in ready])
    lines.append("Resolvers: " + ", ".join(versions) + ".")
    for n, why in skipped:
        lines.append("Skipped (not a pass): %s, %s." % (n, why))
    lag = max((done - at for sc in scs for at, done in sc.marks.values()),
              default=0)
    lines.append("The driver's steps (zone rewritten and reloaded, "
                 "delegation changed, NSD stopped) were done at most "
                 "%.0f ms after their times." % (lag * 1000))
    lines.append("")
    summary = {n: [] for n, _ in ready}
    body = []
    for sc in scs:
        for n, _ in ready:
            cells, held = judge(sc, rows_of(n, sc.key), n)
            last = cells[3].split(" until ")[-1]
            summary[n].append("%s%s, %s %s" % (
                last, " (off %s)" % cells[1] if sc.key in "bcf" else "",
                "safe" if sc.key != "d" else "visible", cells[2]) +
                ("" if held else " FAILS"))
    lines.append("Last stale answer seen (C = cutover) against the time "
                 "dnslint gives:")
    lines.append("")
    lines.append("| resolver | " + " | ".join(
        "(%s) %s" % (sc.key, SHORT[sc.key]) for sc in scs) + " |")
    lines.append("|---" * (len(scs) + 1) + "|")
    for n, cells in summary.items():
        lines.append("| %s | %s |" % (n, " | ".join(cells)))
    lines.append("")
    for sc in scs:
        dl = {f["rule"]: f["status"] for f in sc.result["findings"]
              if f["rule"] in ("ttl-lowered", "decommission-window")}
        lines.append("## (%s) %s" % (sc.key, sc.title))
        lines.append("")
        lines.append("dnslint (exit %d): %s." % (sc.exit, ", ".join(
            "%s %s" % kv for kv in sorted(dl.items()))))
        lines.append("")
        lines.append(NOTES[sc.key])
        lines.append("")
        c = step_at(sc, "cutover")
        lines.append("dnslint's checklist: " + ", ".join(
            "%s %s%s" % (st["step"], rel(epoch(st["at"]), c) if st["at"]
                         else "(no time)",
                         "" if st["state"] == "pending" else
                         " (%s)" % st["state"])
            for st in sc.result.get("checklist", [])) + ".")
        lines.append("")
        first = {"d": "name published", "e": "old provider off",
                 "f": "old provider off (plan)"}.get(sc.key,
                                                     "old data off (plan)")
        safe = "safe (dnslint)" if sc.key != "d" else "visible (dnslint)"
        lines.append("| resolver | %s | %s | stale answers seen | "
                     "stale after the plan's step | stale after dnslint's "
                     "time | errors | |" % (first, safe))
        lines.append("|---|---|---|---|---|---|---|---|")
        outage = False
        for n, _ in ready:
            cells, held = judge(sc, rows_of(n, sc.key), n)
            outage = outage or cells[4] not in ("0", "-")
            held_all = held_all and held
            counts[held] += 1
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
        if sc.key == "f" and not outage:
            held_all = False
            counts[False] += 1
            lines.append("FAILS: no resolver lost the zone when the old "
                         "provider went early, as dnslint predicts.")
            lines.append("")
    text = "\n".join(lines)
    print(text)
    write(out, text + "\n")
    # a resolver that could not be asked proves nothing: its scenarios
    # count as skipped, and the run is not a pass
    print("proof: %d passed, %d failed, %d skipped" % (
        counts[True], counts[False], len(skipped) * len(scs)))
    if not held_all:
        return 1
    return 3 if skipped else 0


def resolver_versions(names):
    cmds = {"Unbound": ["unbound", "-V"], "BIND 9": ["named", "-v"],
            "Knot Resolver": ["kresd", "--version"],
            "PowerDNS Recursor": ["pdns_recursor", "--version"]}
    out = []
    for n in names:
        r = subprocess.run(cmds[n], capture_output=True, text=True)
        v = (r.stdout + r.stderr).split()
        num = next((w for w in v if w[:1].isdigit() and "." in w), "?")
        num = num.split("-")[0]
        out.append("%s %s" % (n, num))
    return out


def main():
    if len(sys.argv) != 3:
        print("usage: proof.py DNSLINT OUT.md", file=sys.stderr)
        return 2
    dnslint, out = os.path.abspath(sys.argv[1]), sys.argv[2]
    work = tempfile.mkdtemp(prefix="dnslint-proof.")
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))
    try:
        return run(dnslint, out, work)
    finally:
        stop_all()
        if os.environ.get("PROOF_KEEP"):
            log("kept " + work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
