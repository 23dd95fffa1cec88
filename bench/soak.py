#!/usr/bin/env python3
"""Soak test of a running dondoc: CLIENTS clients for SECONDS, each a logged-in
user who mostly reads (dashboard, task list, a task, the API summary) and
sometimes writes (a progress report; on its own tasks a completion claim then
its appraisal, or a deadline request then its decision). Every client has its
own tasks, so no refusal is expected: any answer other than 200/303 is an
error. At the end, every acknowledged write is looked up in the database.

usage: soak.py BASE_URL DB(sqlite path or postgres URL) SERVER_PID
env: CLIENTS (50), DURATION (600 s), PASSWORD (bench-password), TOKEN (API)
"""
import collections, http.cookiejar, json, os, random, re, sqlite3, subprocess, sys, threading, time
import urllib.error, urllib.parse, urllib.request, uuid

base, db, pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
CLIENTS = int(os.environ.get("CLIENTS", 50))
SECONDS = float(os.environ.get("DURATION", 600))
PASSWORD = os.environ.get("PASSWORD", "bench-password")
TOKEN = os.environ.get("TOKEN", "")
CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')
TAG = uuid.uuid4().hex[:8]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


def opener():
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)


def call(op, path, data=None, headers=None, multipart=None):
    headers = dict(headers or {})
    body = None
    if multipart is not None:
        b = uuid.uuid4().hex
        body = b"".join(
            f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in multipart) + f"--{b}--\r\n".encode()
        headers["Content-Type"] = f"multipart/form-data; boundary={b}"
    elif data is not None:
        body = urllib.parse.urlencode(data).encode()
    req = urllib.request.Request(base + path, body, headers)
    t = time.perf_counter()
    try:
        with op.open(req, timeout=120) as r:
            r.read()
            code = r.status
    except urllib.error.HTTPError as e:
        code = e.code
    except Exception as e:  # noqa: BLE001 - any transport failure is an error
        code = type(e).__name__
    return code, time.perf_counter() - t


def memory_kb():
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                out[k] = int(v.split()[0])
    return out


def login(user):
    op = opener()
    code, _ = call(op, "/dang-nhap", {"username": user, "password": PASSWORD})
    assert code == 303, (user, code)
    with op.open(base + "/nhiem-vu", timeout=120) as r:
        op.csrf = CSRF.search(r.read().decode()).group(1)
    return op


def task_ids(op, pages):
    ids = []
    for p in range(1, pages + 1):
        with op.open(base + f"/nhiem-vu?open=1&page={p}", timeout=120) as r:
            ids += [int(i) for i in re.findall(r'href="/nhiem-vu/(\d+)"', r.read().decode())]
    return sorted(set(ids))


lat = collections.defaultdict(list)
codes = collections.Counter()
acked = collections.defaultdict(list)
errors = collections.Counter()
lock = threading.Lock()


def record(route, code, secs, ok=(200, 303)):
    with lock:
        lat[route].append(secs)
        codes[(route, code)] += 1
        if code not in ok:
            errors[(route, code)] += 1


def client(n, tasks):
    # Half the client's tasks take progress reports again and again; the
    # other half are each claimed or extended once.
    own, fresh = tasks[: len(tasks) // 2], tasks[len(tasks) // 2:]
    op = login(f"soak{n % 10}")
    deadline = time.time() + SECONDS
    k = 0
    while time.time() < deadline:
        k += 1
        r = random.random()
        if r < 0.20:
            record("GET /", *call(op, "/"))
        elif r < 0.40:
            record("GET /nhiem-vu?status=overdue", *call(op, "/nhiem-vu?status=overdue"))
        elif r < 0.55:
            record("GET /nhiem-vu/{id}", *call(op, f"/nhiem-vu/{random.choice(own)}"))
        elif r < 0.70 and TOKEN:
            record("GET /api/v1/summary", *call(opener(), "/api/v1/summary", headers={"Authorization": f"Bearer {TOKEN}"}))
        elif r < 0.92:
            body = f"soak-{TAG}-{n}-{k} báo cáo tiến độ"
            code, secs = call(op, f"/nhiem-vu/{random.choice(own)}/tien-do",
                              multipart=[("csrf", op.csrf), ("percent", str(k % 100)), ("body", body), ("evidence", "")])
            record("POST tien-do", code, secs)
            if code == 303:
                with lock:
                    acked["update"].append(body)
        elif fresh:
            task = fresh.pop()
            if random.random() < 0.5:
                note = f"soak-{TAG}-claim-{n}-{k}"
                code, secs = call(op, f"/nhiem-vu/{task}/hoan-thanh", {"csrf": op.csrf, "note": note})
                record("POST hoan-thanh", code, secs)
                if code == 303:
                    with lock:
                        acked["claim"].append(note)
                    code, secs = call(op, f"/nhiem-vu/{task}/tham-dinh", {"csrf": op.csrf, "accept": "1", "note": note})
                    record("POST tham-dinh", code, secs)
                    if code == 303:
                        with lock:
                            acked["accepted"].append(note)
            else:
                reason = f"soak-{TAG}-ext-{n}-{k}"
                code, secs = call(op, f"/nhiem-vu/{task}/gia-han", {"csrf": op.csrf, "due": "31/12/2030", "reason": reason})
                record("POST gia-han", code, secs)
                if code == 303:
                    with lock:
                        acked["extension"].append(reason)
                    change = query(f"SELECT id FROM deadline_changes WHERE reason = '{reason}'")
                    if change:
                        code, secs = call(op, f"/nhiem-vu/{task}/gia-han/quyet-dinh",
                                          {"csrf": op.csrf, "change": change[0], "approve": "1", "note": reason})
                        record("POST gia-han/quyet-dinh", code, secs)
                        if code == 303:
                            with lock:
                                acked["approved"].append(reason)


def query(sql):
    if db.startswith("postgres"):
        out = subprocess.run(["psql", db, "-At", "-c", sql], capture_output=True, text=True, check=True).stdout
        return out.splitlines()
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [str(r[0]) for r in con.execute(sql)]
    finally:
        con.close()


def main():
    admin = login("soak0")
    ids = task_ids(admin, 40)
    random.shuffle(ids)
    per = max(4, len(ids) // CLIENTS)
    owns = [ids[i * per:(i + 1) * per] for i in range(CLIENTS)]
    start_mem = memory_kb()
    t0 = time.time()
    threads = [threading.Thread(target=client, args=(n, owns[n])) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.time() - t0
    end_mem = memory_kb()
    stored_updates = collections.Counter(query(f"SELECT body FROM updates WHERE body LIKE 'soak-{TAG}-%'"))
    stored_claims = set(query(f"SELECT note FROM completions WHERE note LIKE 'soak-{TAG}-%'"))
    stored_accepted = set(query(f"SELECT note FROM completions WHERE note LIKE 'soak-{TAG}-%' AND appraisal = 'accepted'"))
    stored_ext = set(query(f"SELECT reason FROM deadline_changes WHERE reason LIKE 'soak-{TAG}-%'"))
    stored_approved = set(query(f"SELECT reason FROM deadline_changes WHERE reason LIKE 'soak-{TAG}-%' AND decision = 'approved'"))
    missing = (sum(1 for b in acked["update"] if stored_updates[b] != 1)
               + len(set(acked["claim"]) - stored_claims)
               + len(set(acked["accepted"]) - stored_accepted)
               + len(set(acked["extension"]) - stored_ext)
               + len(set(acked["approved"]) - stored_approved))
    total = sum(len(v) for v in lat.values())
    print(f"clients {CLIENTS}, {wall:.0f} s, {total} requests ({total / wall:.0f}/s), errors {sum(errors.values())}")
    acks = sum(len(v) for v in acked.values())
    print(f"writes acknowledged {acks}: updates {len(acked['update'])}, claims {len(acked['claim'])}, "
          f"appraisals {len(acked['accepted'])}, extension requests {len(acked['extension'])}, "
          f"decisions {len(acked['approved'])}; "
          f"missing or repeated in the database: {missing}")
    print(f"server memory: RSS {start_mem['VmRSS'] // 1024} MB at start, {end_mem['VmRSS'] // 1024} MB at end, peak {end_mem['VmHWM'] // 1024} MB")
    print("| route | requests | p50 ms | p99 ms |")
    print("|---|---|---|---|")
    for route in sorted(lat):
        v = sorted(lat[route])
        p = lambda q: v[min(len(v) - 1, int(q * len(v)))] * 1000  # noqa: E731
        print(f"| {route} | {len(v)} | {p(0.5):.1f} | {p(0.99):.1f} |")
    if errors:
        print("errors:", json.dumps({f"{r} {c}": n for (r, c), n in errors.items()}, ensure_ascii=False))
    sys.exit(0 if not errors and missing == 0 else 1)


main()
