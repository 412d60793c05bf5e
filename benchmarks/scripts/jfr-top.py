#!/usr/bin/env python3
"""Top frames of a JFR recording, for docs/BENCHMARKS.md.

  jfr-top.py FILE.jfr [--from EPOCH_MS --to EPOCH_MS] [--event jdk.CPUTimeSample] [--top N] [--jfr PATH/bin/jfr]

Reads the samples with `jfr print --json` (from $JAVA_HOME/bin/jfr unless --jfr), keeps those inside the
window (a phase's "[epoch ms A-B]" as `./herald bench` prints it on stderr) and prints: samples by thread,
by category (the innermost frame of a known library or of Herald), the top self frames, the top
inclusive methods and Herald's methods inclusive. jdk.CPUTimeSample (JDK 25, Linux) counts CPU time
wherever it is spent, JNI calls into SQLite included; jdk.ExecutionSample only Java code."""
import json, subprocess, sys, collections, re, datetime, argparse, os

ap = argparse.ArgumentParser()
ap.add_argument('file')
ap.add_argument('--from', dest='t0', type=int)
ap.add_argument('--to', dest='t1', type=int)
ap.add_argument('--event', default='jdk.CPUTimeSample')
ap.add_argument('--top', type=int, default=25)
ap.add_argument('--jfr', default=os.path.join(os.environ.get('JAVA_HOME', '/usr'), 'bin', 'jfr'))
ap.add_argument('--depth', type=int, default=64)
a = ap.parse_args()

out = subprocess.run([a.jfr, 'print', '--json', '--stack-depth', str(a.depth), '--events', a.event, a.file],
                     capture_output=True, text=True, check=True).stdout
events = json.loads(out)['recording']['events']

def epoch_ms(s):
    # "2026-11-23T18:10:01.123456789Z" or with offset
    m = re.match(r'(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?', s)
    base = datetime.datetime.fromisoformat(m.group(1) + (m.group(3) or 'Z').replace('Z', '+00:00'))
    frac = float('0' + (m.group(2) or '.0'))
    return int(base.timestamp() * 1000 + frac * 1000)

def fname(f):
    meth = f['method']
    return meth['type']['name'].replace('/', '.') + '.' + meth['name']

CATS = [
    ('SQLite (JNI + driver)', r'^org\.sqlite\.'),
    ('Jackson', r'^com\.fasterxml\.jackson\.'),
    ('Jetty', r'^org\.eclipse\.jetty\.'),
    ('crypto (HMAC/SHA)', r'^(sun\.security\.provider|com\.sun\.crypto|javax\.crypto)\.'),
    ('Herald', r'^dev\.herald\.'),
    ('micrometer/prometheus', r'^(io\.micrometer|io\.prometheus)\.'),
    ('JDK net/nio', r'^(sun\.nio|java\.nio|sun\.net|java\.net)\.'),
    ('JDK concurrency', r'^(java\.util\.concurrent|jdk\.internal\.misc\.Unsafe|java\.lang\.VirtualThread|java\.lang\.Thread)'),
    ('JDK other', r'^(java|jdk|sun)\.'),
]

n = 0
threads = collections.Counter()
selfc = collections.Counter()
incl = collections.Counter()
cat = collections.Counter()
herald_incl = collections.Counter()
for e in events:
    v = e['values']
    if a.t0 is not None:
        t = epoch_ms(v['startTime'])
        if t < a.t0 or t > a.t1:
            continue
    st = v.get('stackTrace')
    if not st or not st.get('frames'):
        continue
    frames = [fname(f) for f in st['frames']]
    n += 1
    th = v.get('sampledThread') or v.get('eventThread') or {}
    tname = (th.get('javaName') or th.get('osName') or '?')
    if th.get('virtual'):
        tname = 'virtual:' + tname
    tname = re.sub(r'\d+', 'N', tname)
    threads[tname] += 1
    selfc[frames[0]] += 1
    for f in set(frames):
        incl[f] += 1
    # category of the first frame that matches a non-JDK category, else of the top frame
    c = None
    for f in frames:
        for name, rx in CATS[:7]:
            if re.match(rx, f):
                c = name
                break
        if c:
            break
    if c is None:
        for name, rx in CATS:
            if re.match(rx, frames[0]):
                c = name
                break
    cat[c or 'other'] += 1
    hs = {f for f in frames if f.startswith('dev.herald.')}
    for f in hs:
        herald_incl[f] += 1

print(f'{n} samples ({a.event})')
def show(title, counter, k):
    print(f'\n== {title}')
    for name, c in counter.most_common(k):
        print(f'{100.0*c/n:5.1f}%  {c:6d}  {name}')
show('threads', threads, 15)
show('category (innermost non-JDK frame)', cat, 12)
show('top self frames', selfc, a.top)
show('top inclusive methods', incl, a.top)
show('Herald methods, inclusive', herald_incl, a.top)
