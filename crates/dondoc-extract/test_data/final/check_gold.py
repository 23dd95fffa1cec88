#!/usr/bin/env python3
"""Checks the gold annotations of the final held-out set.

Usage: python3 check_gold.py            (from this folder, or give the folder as argument)

For every gold/NN_*.json it checks: the JSON shape of shared/corpus/gold (file, document
{number, kind, issued_on, signer}, references, tasks [{id, anchors, lead, support, due,
precision, optional?, recurring?, lead_any?, due_any?}]); that ids are unique; that every
anchor is found verbatim in its document after folding whitespace (as the scorer does),
is 8-20 words long and is not contained in an anchor of another task; that dates are ISO
(YYYY-MM-DD) and real; that due_any holds due and lead_any holds lead; that required tasks
name a lead and optional ones do not. It also checks that every document has a gold file,
is 50-160 lines long and is listed in README.md. Exits non-zero on any error.
"""
import datetime
import json
import pathlib
import re
import sys
import unicodedata

ROOT = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent
KINDS = {"Thông báo", "Công văn", "Kế hoạch", "Chỉ thị", "Quyết định", "Công điện", "Báo cáo"}
PRECISIONS = {"day", "month", "quarter", "half", "year"}
TASK_KEYS = {"id", "anchors", "lead", "support", "due", "precision"}
TASK_OPT = {"optional", "recurring", "lead_any", "due_any"}
errors = []


def err(where, msg):
    errors.append(f"{where}: {msg}")


def ws(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s or "")).strip()


def iso(s):
    if not isinstance(s, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return False
    try:
        datetime.date.fromisoformat(s)
    except ValueError:
        return False
    return True


def names(x):
    return isinstance(x, list) and all(isinstance(n, str) and n.strip() for n in x)


def check(gf):
    where = gf.name
    try:
        g = json.loads(gf.read_text(encoding="utf-8"))
    except Exception as e:  # noqa: BLE001
        err(where, f"not JSON: {e}")
        return None
    if set(g) != {"file", "document", "references", "tasks"}:
        err(where, f"top-level keys {sorted(g)}")
    doc = ROOT / g.get("file", "")
    if g.get("file") != gf.stem + ".txt":
        err(where, f"file {g.get('file')!r} does not match the gold file name")
    if not doc.is_file():
        err(where, f"document {doc.name} missing")
        return g.get("file")
    text = doc.read_text(encoding="utf-8")
    if text != unicodedata.normalize("NFC", text):
        err(where, "document is not NFC")
    folded = ws(text)
    nlines = len(text.splitlines())
    if not 50 <= nlines <= 160:
        err(where, f"document has {nlines} lines (want 50-160)")

    d = g.get("document", {})
    if set(d) != {"number", "kind", "issued_on", "signer"}:
        err(where, f"document keys {sorted(d)}")
    if d.get("number") is not None and ws(d["number"]) not in folded:
        err(where, f"number {d['number']!r} not in the document")
    if d.get("kind") not in KINDS:
        err(where, f"kind {d.get('kind')!r}")
    if d.get("issued_on") is not None and not iso(d["issued_on"]):
        err(where, f"issued_on {d['issued_on']!r} is not an ISO date")
    if not d.get("signer") or ws(d["signer"]) not in folded:
        err(where, f"signer {d.get('signer')!r} not in the document")
    refs = g.get("references")
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        err(where, "references must be a list of strings")
    else:
        for r in refs:
            if ws(r) not in folded:
                err(where, f"reference {r!r} not in the document")
        if len(set(refs)) != len(refs):
            err(where, "duplicate references")

    tasks = g.get("tasks")
    if not isinstance(tasks, list) or not tasks:
        err(where, "no tasks")
        return g.get("file")
    ids = [t.get("id") for t in tasks]
    if len(set(ids)) != len(ids):
        err(where, f"duplicate ids {sorted(i for i in set(ids) if ids.count(i) > 1)}")
    if ids != [f"T{i}" for i in range(1, len(tasks) + 1)]:
        err(where, "ids are not T1..Tn in order")
    all_anchors = []
    for t in tasks:
        tw = f"{where} {t.get('id')}"
        keys = set(t)
        if not TASK_KEYS <= keys or keys - TASK_KEYS - TASK_OPT:
            err(tw, f"keys {sorted(keys)}")
        anchors = t.get("anchors")
        if not isinstance(anchors, list) or not anchors or not all(isinstance(a, str) for a in anchors):
            err(tw, "anchors must be a non-empty list of strings")
            continue
        for a in anchors:
            fa = ws(a)
            if fa not in folded:
                err(tw, f"anchor not in document: {a!r}")
            nw = len(fa.split())
            if not 8 <= nw <= 20:
                err(tw, f"anchor has {nw} words (want 8-20): {a!r}")
            all_anchors.append((t.get("id"), fa))
        opt = t.get("optional", False)
        if opt not in (True, False) or ("optional" in t and opt is not True):
            err(tw, "optional must be true when present")
        if not names(t.get("lead")) or not names(t.get("support")):
            err(tw, "lead/support must be lists of names")
        elif opt and (t["lead"] or t["support"] or t.get("due")):
            err(tw, "optional task with a lead, support or due")
        elif not opt and not t["lead"]:
            err(tw, "required task without a lead")
        due, prec = t.get("due"), t.get("precision")
        if due is not None and not iso(due):
            err(tw, f"due {due!r} is not an ISO date")
        if (due is None) != (prec is None) or (prec is not None and prec not in PRECISIONS):
            err(tw, f"precision {prec!r} does not fit due {due!r}")
        if "recurring" in t and t["recurring"] is not True:
            err(tw, "recurring must be true when present")
        if t.get("recurring") and due is not None:
            err(tw, "recurring task with a due date")
        if "due_any" in t:
            da = t["due_any"]
            if not isinstance(da, list) or due not in da or len(da) < 2:
                err(tw, "due_any must list due and at least one other reading")
            elif any(x is not None and not iso(x) for x in da):
                err(tw, f"due_any has a non-ISO date: {da}")
        if "lead_any" in t:
            la = t["lead_any"]
            if not isinstance(la, list) or len(la) < 2 or not all(names(x) for x in la):
                err(tw, "lead_any must be a list of at least two name lists")
            elif t.get("lead") not in la:
                err(tw, "lead_any does not contain lead")
    for i, a in all_anchors:
        for j, b in all_anchors:
            if i != j and a in b:
                err(where, f"anchor of {i} is inside an anchor of {j}: {a!r}")
    return g.get("file")


def main():
    gold_dir = ROOT / "gold"
    files = sorted(gold_dir.glob("*.json"))
    covered = {check(gf) for gf in files}
    docs = sorted(p.name for p in ROOT.glob("[0-9][0-9]_*.txt"))
    for name in docs:
        if name not in covered:
            err(name, "no gold file")
    readme = (ROOT / "README.md").read_text(encoding="utf-8") if (ROOT / "README.md").is_file() else ""
    for name in docs:
        if name not in readme:
            err("README.md", f"{name} not listed")
    n_req = n_opt = 0
    for gf in files:
        try:
            g = json.loads(gf.read_text(encoding="utf-8"))
        except Exception:  # noqa: BLE001
            continue
        opt = sum(1 for t in g.get("tasks", []) if t.get("optional"))
        n_opt += opt
        n_req += len(g.get("tasks", [])) - opt
    for e in errors:
        print(e)
    print(f"{len(docs)} documents, {len(files)} gold files, {n_req} required + {n_opt} optional tasks; "
          f"{len(errors)} error(s)")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
