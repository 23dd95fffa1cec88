//! Extraction over whole directives: snapshots of every test document, and the
//! sample directives scored against their gold annotations.

use dondoc_extract::{Registry, extract, text::fold};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(data().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn documents() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(data())
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.retain(|n| n.ends_with(".txt"));
    names.sort();
    names
}

#[test]
fn snapshots_of_every_test_document() {
    let reg = Registry::khanh_hoa();
    let names = documents();
    assert!(names.len() >= 8, "test documents missing: {names:?}");
    for name in names {
        let x = extract(&read(&name), &reg);
        insta::assert_json_snapshot!(name.trim_end_matches(".txt"), x);
    }
}

/// Agency names compared as the corpus scorer does: folded, through the registry.
fn agency_key(reg: &Registry, name: &str) -> String {
    match reg.lookup(name).and_then(|i| reg.get(i)) {
        Some(a) => fold(&a.name),
        None => fold(name),
    }
}

fn agency_set(reg: &Registry, v: &serde_json::Value) -> BTreeSet<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|n| n.as_str())
                .filter(|n| !fold(n).contains("lien quan"))
                .map(|n| agency_key(reg, n))
                .collect()
        })
        .unwrap_or_default()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Strict F1 over the sample directives: a task counts when its text holds a
/// gold anchor and both its leads and its due date are right.
#[test]
fn samples_score_against_gold() {
    let reg = Registry::khanh_hoa();
    let (mut gold_n, mut pred_n, mut strict, mut dups) = (0usize, 0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    let mut golds: Vec<PathBuf> = std::fs::read_dir(data().join("gold"))
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    golds.sort();
    assert_eq!(golds.len(), 5);
    for g in golds {
        let gold: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&g).unwrap_or_default())
                .unwrap_or_default();
        let file = gold["file"].as_str().unwrap_or_default();
        let x = extract(&read(file), &reg);
        let pred = serde_json::to_value(&x).unwrap_or_default();
        let tasks = pred["tasks"].as_array().cloned().unwrap_or_default();
        let texts: Vec<String> = tasks
            .iter()
            .map(|t| squash(t["text"].as_str().unwrap_or("")))
            .collect();
        let gtasks = gold["tasks"].as_array().cloned().unwrap_or_default();
        // Candidate pairs, tightest predicted text first, one to one.
        let mut cands = Vec::new();
        for (gi, gt) in gtasks.iter().enumerate() {
            let anchors: Vec<String> = gt["anchors"]
                .as_array()
                .map(|a| a.iter().filter_map(|s| s.as_str()).map(squash).collect())
                .unwrap_or_default();
            for (pi, pt) in texts.iter().enumerate() {
                if anchors
                    .iter()
                    .any(|a| !a.is_empty() && pt.contains(a.as_str()))
                {
                    cands.push((pt.len(), gi, pi));
                }
            }
        }
        cands.sort();
        let mut gmatch = std::collections::HashMap::new();
        let mut pmatch = std::collections::HashMap::new();
        for (_, gi, pi) in cands {
            if pmatch.contains_key(&pi) {
                continue;
            }
            if gmatch.contains_key(&gi) {
                dups += 1;
                continue;
            }
            gmatch.insert(gi, pi);
            pmatch.insert(pi, gi);
        }
        let optional = |gi: usize| gtasks[gi]["optional"].as_bool().unwrap_or(false);
        gold_n += (0..gtasks.len()).filter(|&gi| !optional(gi)).count();
        pred_n += tasks.len() - pmatch.values().filter(|&&gi| optional(gi)).count();
        for (gi, gt) in gtasks.iter().enumerate() {
            if optional(gi) {
                continue;
            }
            let Some(&pi) = gmatch.get(&gi) else {
                misses.push(format!("{file}: not found {}", gt["anchors"][0]));
                continue;
            };
            let p = &tasks[pi];
            let leads = agency_set(&reg, &p["lead"]);
            let alts: Vec<BTreeSet<String>> = match gt["lead_any"].as_array() {
                Some(a) => a.iter().map(|x| agency_set(&reg, x)).collect(),
                None => vec![agency_set(&reg, &gt["lead"])],
            };
            let due = p["due"]["date"].clone();
            let dues: Vec<serde_json::Value> = match gt["due_any"].as_array() {
                Some(a) => a.clone(),
                None => vec![gt["due"].clone()],
            };
            if alts.contains(&leads) && dues.contains(&due) {
                strict += 1;
            } else {
                misses.push(format!(
                    "{file}: {} lead {leads:?} due {due}",
                    gt["anchors"][0]
                ));
            }
        }
    }
    let p = strict as f64 / pred_n.max(1) as f64;
    let r = strict as f64 / gold_n.max(1) as f64;
    let f1 = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    assert_eq!(dups, 0, "duplicate tasks");
    assert!(
        f1 >= 0.95,
        "strict F1 {f1:.3} < 0.95; misses:\n{}",
        misses.join("\n")
    );
}

#[test]
fn odd_input_never_panics() {
    let reg = Registry::khanh_hoa();
    for s in [
        "",
        "\n\n\n",
        "\t\t\t",
        "Số:",
        "1.",
        "(",
        "Giao",
        "quý",
        "ngày 31/02/2026",
        "\u{300}\u{301}",
        "**",
        "- \t-\t+",
    ] {
        let _ = extract(s, &reg);
    }
}
