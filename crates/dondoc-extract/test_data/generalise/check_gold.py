#!/usr/bin/env python3
"""Checks the gold annotations of the extraction test data.

For every gold file in test_data/generalise/gold (documents in test_data/generalise)
and in test_data/gold (documents in test_data), checks:
  - the JSON shape (file, document{number,kind,issued_on,signer}, references[], tasks[]);
  - every task has anchors, lead, support, due, precision, id; ids are unique;
  - every anchor occurs in the document text after folding whitespace (as the scorer does);
  - due / due_any values are ISO dates (YYYY-MM-DD) or null, precision agrees with due;
  - lead_any is a list of lists of names, and contains the lead.
Warns (does not fail) when an anchor occurs more than once in its document, or when two
tasks of a document share an anchor.

Usage: python3 check_gold.py [--quiet]
Exit status 1 when any error was found.
"""
import datetime, json, pathlib, re, sys, unicodedata

HERE = pathlib.Path(__file__).resolve().parent
PAIRS = [(HERE / "gold", HERE), (HERE.parent / "gold", HERE.parent)]
PRECISIONS = {None, "day", "month", "quarter", "year"}
TASK_KEYS = {"anchors", "lead", "lead_any", "support", "due", "due_any", "precision",
             "recurring", "optional", "id"}


def ws(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s or "")).strip()


def iso_or_null(v):
    if v is None:
        return True
    if not isinstance(v, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return False
    try:
        datetime.date.fromisoformat(v)
        return True
    except ValueError:
        return False


def names(v):
    return isinstance(v, list) and all(isinstance(x, str) and x.strip() for x in v)


def check(gold_path, doc_dir, errors, warnings):
    where = gold_path.relative_to(HERE.parent)
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except Exception as e:
        errors.append(f"{where}: not JSON ({e})")
        return 0
    def err(msg):
        errors.append(f"{where}: {msg}")
    for k in ("file", "document", "references", "tasks"):
        if k not in gold:
            err(f"missing key {k!r}")
    if set(gold) - {"file", "document", "references", "tasks"}:
        err(f"unknown keys {sorted(set(gold) - {'file', 'document', 'references', 'tasks'})}")
    doc = doc_dir / gold.get("file", "")
    if not gold.get("file") or not doc.is_file():
        err(f"document {gold.get('file')!r} not found in {doc_dir}")
        return 0
    if doc.stem != gold_path.stem:
        err(f"gold file name {gold_path.name} does not match document {doc.name}")
    text = ws(doc.read_text(encoding="utf-8"))
    d = gold.get("document", {})
    if not isinstance(d, dict) or set(d) != {"number", "kind", "issued_on", "signer"}:
        err("document must have exactly number, kind, issued_on, signer")
    else:
        if d["number"] is not None and (not isinstance(d["number"], str) or d["number"] not in text):
            err(f"document.number {d['number']!r} not in the text")
        if not iso_or_null(d["issued_on"]):
            err(f"document.issued_on {d['issued_on']!r} is not ISO or null")
        if not isinstance(d["kind"], str) or not d["kind"]:
            err("document.kind must be a non-empty string")
        if d["signer"] is not None and (not isinstance(d["signer"], str) or ws(d["signer"]) not in text):
            err(f"document.signer {d['signer']!r} not in the text")
    refs = gold.get("references", [])
    if not names(refs):
        err("references must be a list of strings")
    else:
        flat = text.replace(" ", "")
        for r in refs:
            if r.replace(" ", "") not in flat:
                err(f"reference {r!r} not in the text")
        if len(set(refs)) != len(refs):
            err("duplicate references")
    ids, seen_anchor = set(), {}
    tasks = gold.get("tasks", [])
    if not isinstance(tasks, list) or not tasks:
        err("tasks must be a non-empty list")
        return 0
    for i, t in enumerate(tasks):
        tid = t.get("id", f"#{i + 1}")
        def terr(msg):
            err(f"task {tid}: {msg}")
        for k in ("anchors", "lead", "support", "due", "precision", "id"):
            if k not in t:
                terr(f"missing key {k!r}")
        if set(t) - TASK_KEYS:
            terr(f"unknown keys {sorted(set(t) - TASK_KEYS)}")
        if tid in ids:
            terr("duplicate id")
        ids.add(tid)
        anchors = t.get("anchors")
        if not names(anchors) or not anchors:
            terr("anchors must be a non-empty list of strings")
            anchors = []
        for a in anchors:
            wa = ws(a)
            n = text.count(wa)
            if n == 0:
                terr(f"anchor not in document: {a!r}")
            elif n > 1:
                warnings.append(f"{where}: task {tid}: anchor occurs {n} times: {a!r}")
            if wa in seen_anchor and seen_anchor[wa] != tid:
                warnings.append(f"{where}: tasks {seen_anchor[wa]} and {tid} share anchor {a!r}")
            seen_anchor.setdefault(wa, tid)
            words = len(wa.split())
            if words < 3:
                warnings.append(f"{where}: task {tid}: short anchor ({words} words): {a!r}")
        if not names(t.get("lead", [])):
            terr("lead must be a list of names")
        if not t.get("optional") and not t.get("lead"):
            terr("a task that is not optional needs a lead")
        if not names(t.get("support", [])):
            terr("support must be a list of names")
        if not iso_or_null(t.get("due")):
            terr(f"due {t.get('due')!r} is not ISO or null")
        if t.get("precision") not in PRECISIONS:
            terr(f"precision {t.get('precision')!r} not one of {sorted(p for p in PRECISIONS if p)} or null")
        if (t.get("due") is None) != (t.get("precision") is None):
            terr("precision must be null exactly when due is null")
        if "due_any" in t:
            da = t["due_any"]
            if not isinstance(da, list) or not all(iso_or_null(x) for x in da):
                terr("due_any must be a list of ISO dates or null")
            elif t.get("due") not in da:
                terr("due_any must contain due")
        if "lead_any" in t:
            la = t["lead_any"]
            if not isinstance(la, list) or not all(names(x) for x in la):
                terr("lead_any must be a list of lists of names")
            elif sorted(t.get("lead", [])) not in [sorted(x) for x in la]:
                terr("lead_any must contain lead")
        for k in ("recurring", "optional"):
            if k in t and not isinstance(t[k], bool):
                terr(f"{k} must be true or false")
        if t.get("recurring") and t.get("due") is not None and "due_any" not in t:
            warnings.append(f"{where}: task {tid}: recurring with a due date")
    return sum(1 for t in tasks if not t.get("optional"))


def main():
    quiet = "--quiet" in sys.argv
    errors, warnings, total, files = [], [], 0, 0
    for gold_dir, doc_dir in PAIRS:
        for g in sorted(gold_dir.glob("*.json")):
            n = check(g, doc_dir, errors, warnings)
            files += 1
            total += n
            if not quiet:
                print(f"{g.relative_to(HERE.parent)}: {n} required tasks")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("error:", e)
    print(f"{files} gold files, {total} required tasks, {len(errors)} errors, {len(warnings)} warnings")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
