#!/usr/bin/env python3
"""Checks the hold-out gold annotations against their documents.

Usage: python3 check_gold.py [HOLDOUT_DIR]   (defaults to the folder of this script)

For every gold/*.json it checks:
- the JSON shape of the corpus gold (file, document{number, kind, issued_on, signer},
  references[str], tasks[{anchors, lead, support, due, precision, id, ...}]);
- that task ids are unique and no anchor is shared by two tasks;
- that every anchor occurs in its document after NFC and whitespace folding
  (warns when an anchor occurs more than once, or is shorter than 8 / longer than 20 words);
- that dates are ISO (YYYY-MM-DD), real calendar dates, that `due` is one of `due_any`,
  and that a month/quarter/year precision sits on the last day of its period;
- that every document in the folder has a gold file.
Exits 1 when an error was found; warnings alone do not fail.
"""
import calendar
import datetime as dt
import json
import pathlib
import re
import sys
import unicodedata

DOC_KEYS = {"number", "kind", "issued_on", "signer"}
TASK_KEYS = {"anchors", "lead", "support", "due", "precision", "id"}
OPTIONAL_KEYS = {"recurring", "optional", "lead_any", "due_any"}
PRECISIONS = {None, "day", "month", "quarter", "year"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def fold(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def iso_date(s):
    if not isinstance(s, str) or not ISO.match(s):
        return None
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        return None


def period_end_ok(d, precision):
    last = calendar.monthrange(d.year, d.month)[1]
    if precision == "month":
        return d.day == last
    if precision == "quarter":
        return d.month in (3, 6, 9, 12) and d.day == last
    if precision == "year":
        return d.month == 12 and d.day == 31
    return True


def is_str_list(x):
    return isinstance(x, list) and all(isinstance(a, str) and a.strip() for a in x)


def check(path, docs_dir, errors, warnings):
    def err(msg):
        errors.append(f"{path.name}: {msg}")

    def warn(msg):
        warnings.append(f"{path.name}: {msg}")

    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        err(f"cannot read JSON: {e}")
        return None
    if set(gold) != {"file", "document", "references", "tasks"}:
        err(f"top-level keys {sorted(gold)}")
        return None
    doc_path = docs_dir / gold["file"]
    if gold["file"] != path.stem + ".txt":
        err(f"'file' is {gold['file']!r}, expected {path.stem + '.txt'!r}")
    if not doc_path.is_file():
        err(f"document {gold['file']} not found")
        return None
    text = fold(doc_path.read_text(encoding="utf-8"))

    d = gold["document"]
    if not isinstance(d, dict) or set(d) != DOC_KEYS:
        err(f"document keys {sorted(d) if isinstance(d, dict) else d!r}")
    else:
        if d["number"] is not None and (not isinstance(d["number"], str) or fold(d["number"]) not in text):
            err(f"document number {d['number']!r} not in the text")
        if not isinstance(d["kind"], str) or not d["kind"]:
            err("document kind missing")
        if d["issued_on"] is not None and iso_date(d["issued_on"]) is None:
            err(f"issued_on {d['issued_on']!r} is not an ISO date")
        if not isinstance(d["signer"], str) or fold(d["signer"]) not in text:
            err(f"signer {d['signer']!r} not in the text")

    refs = gold["references"]
    if not is_str_list(refs):
        err("references must be a list of strings")
    else:
        for r in refs:
            if fold(r) not in text:
                err(f"reference {r!r} not in the text")
        if len(set(refs)) != len(refs):
            err("duplicate references")

    tasks = gold["tasks"]
    if not isinstance(tasks, list) or not tasks:
        err("tasks must be a non-empty list")
        return None
    ids, anchor_owner = set(), {}
    issued = iso_date(d.get("issued_on")) if isinstance(d, dict) else None
    for i, t in enumerate(tasks, 1):
        where = f"task #{i}"
        if not isinstance(t, dict):
            err(f"{where} is not an object")
            continue
        keys = set(t)
        if not TASK_KEYS <= keys or keys - TASK_KEYS - OPTIONAL_KEYS:
            err(f"{where} keys {sorted(keys)}")
            continue
        where = f"{t['id']}"
        if t["id"] in ids:
            err(f"duplicate id {t['id']}")
        ids.add(t["id"])
        if t["id"] != f"T{i}":
            warn(f"{where}: id out of sequence (expected T{i})")
        if not is_str_list(t["anchors"]) or not t["anchors"]:
            err(f"{where}: anchors must be a non-empty list of strings")
        else:
            for a in t["anchors"]:
                fa = fold(a)
                n = text.count(fa)
                if n == 0:
                    err(f"{where}: anchor not in document: {a!r}")
                elif n > 1:
                    warn(f"{where}: anchor occurs {n} times: {a!r}")
                words = len(fa.split())
                if words < 8 or words > 20:
                    warn(f"{where}: anchor has {words} words: {a!r}")
                if fa in anchor_owner:
                    err(f"{where}: anchor also used by {anchor_owner[fa]}: {a!r}")
                anchor_owner[fa] = t["id"]
        if not isinstance(t["lead"], list) or not all(isinstance(x, str) and x for x in t["lead"]):
            err(f"{where}: lead must be a list of strings")
        if not isinstance(t["support"], list) or not all(isinstance(x, str) and x for x in t["support"]):
            err(f"{where}: support must be a list of strings")
        optional = t.get("optional", False)
        if optional is not True and "optional" in t:
            err(f"{where}: optional must be true when present")
        if not optional and not t["lead"]:
            err(f"{where}: a required task needs a lead")
        if "recurring" in t and t["recurring"] is not True:
            err(f"{where}: recurring must be true when present")
        if t["precision"] not in PRECISIONS:
            err(f"{where}: precision {t['precision']!r}")
        if t["due"] is None:
            if t["precision"] is not None:
                err(f"{where}: precision without a due date")
        else:
            due = iso_date(t["due"])
            if due is None:
                err(f"{where}: due {t['due']!r} is not an ISO date")
            else:
                if t["precision"] is None:
                    err(f"{where}: due date without precision")
                elif not period_end_ok(due, t["precision"]):
                    err(f"{where}: due {t['due']} is not the end of its {t['precision']}")
                if issued and due < issued:
                    warn(f"{where}: due {t['due']} is before the document date {issued}")
                if t.get("recurring"):
                    warn(f"{where}: recurring task with a due date")
        if "due_any" in t:
            da = t["due_any"]
            if not isinstance(da, list) or len(da) < 2:
                err(f"{where}: due_any must list at least two readings")
            else:
                for x in da:
                    if x is not None and iso_date(x) is None:
                        err(f"{where}: due_any value {x!r} is not an ISO date")
                if t["due"] not in da:
                    err(f"{where}: due {t['due']!r} is not among due_any")
        if "lead_any" in t:
            la = t["lead_any"]
            if not isinstance(la, list) or len(la) < 2 or not all(is_str_list(x) and x for x in la):
                err(f"{where}: lead_any must be a list of at least two non-empty lists of names")
            elif sorted(t["lead"]) not in [sorted(x) for x in la]:
                err(f"{where}: lead is not among lead_any")
    return sum(1 for t in tasks if isinstance(t, dict) and not t.get("optional")), len(tasks)


def main():
    root = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent
    gold_dir = root / "gold"
    errors, warnings = [], []
    total_req = total_all = 0
    golds = sorted(gold_dir.glob("*.json"))
    for g in golds:
        res = check(g, root, errors, warnings)
        if res:
            req, n = res
            total_req += req
            total_all += n
            print(f"{g.stem}: {n} tasks ({req} required)")
    stems = {g.stem for g in golds}
    for doc in sorted(root.glob("*.txt")):
        if doc.stem not in stems:
            errors.append(f"{doc.name}: no gold file")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    print(f"{len(golds)} documents, {total_all} tasks ({total_req} required), "
          f"{len(errors)} errors, {len(warnings)} warnings")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
