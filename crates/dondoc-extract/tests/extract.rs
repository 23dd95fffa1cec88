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

/// Abbreviations the corpus scorer expands in folded agency names.
const ABBREV: &[(&str, &str)] = &[
    ("ubnd", "uy ban nhan dan"),
    ("hdnd", "hoi dong nhan dan"),
    ("ubmttqvn", "uy ban mat tran to quoc viet nam"),
    ("ubmttq", "uy ban mat tran to quoc viet nam"),
    ("kh&cn", "khoa hoc va cong nghe"),
    ("khcn", "khoa hoc va cong nghe"),
    ("nn&mt", "nong nghiep va moi truong"),
    ("nnmt", "nong nghiep va moi truong"),
    ("vhttdl", "van hoa the thao va du lich"),
    ("vh tt&dl", "van hoa the thao va du lich"),
    ("vhtt&dl", "van hoa the thao va du lich"),
    ("gd&dt", "giao duc va dao tao"),
    ("gddt", "giao duc va dao tao"),
];

/// Group names the corpus scorer treats as one.
const GROUPS: &[(&str, &[&str])] = &[
    (
        "uy ban nhan dan cap xa",
        &[
            "uy ban nhan dan cac xa phuong",
            "uy ban nhan dan cac xa phuong dac khu",
            "uy ban nhan dan xa phuong",
            "uy ban nhan dan xa phuong dac khu",
            "chinh quyen cap xa",
            "cac xa phuong",
            "xa phuong",
            "dia phuong",
            "cac dia phuong",
            "cap xa",
        ],
    ),
    (
        "so ban nganh",
        &[
            "so nganh",
            "so ban nganh tinh",
            "co quan don vi",
            "so ban nganh don vi",
        ],
    ),
    ("don vi su nghiep", &["cac don vi su nghiep"]),
];

/// An agency name as the corpus scorer compares it: folded, punctuation to
/// spaces (`&` kept), abbreviations expanded, a leading "các" dropped, groups merged.
fn agency_key(name: &str) -> String {
    let f: String = fold(name)
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '&' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let mut s = format!(" {} ", f.split_whitespace().collect::<Vec<_>>().join(" "));
    s = s.replace(" & ", "&").replace("& ", "&").replace(" &", "&");
    for (abbr, full) in ABBREV {
        s = s.replace(&format!(" {abbr} "), &format!(" {full} "));
    }
    if let Some(rest) = s.strip_prefix(" vpub ") {
        s = format!(" van phong uy ban nhan dan tinh {rest}");
    } else if let Some(rest) = s.strip_prefix(" vp ") {
        s = format!(" van phong {rest}");
    }
    let mut s = s.trim().to_owned();
    if let Some(rest) = s.strip_prefix("cac ") {
        s = rest.to_owned();
    }
    for (key, aliases) in GROUPS {
        if aliases.contains(&s.as_str()) {
            return (*key).to_owned();
        }
    }
    s
}

fn agency_set(v: &serde_json::Value) -> BTreeSet<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|n| n.as_str())
                .filter(|n| !fold(n).contains("lien quan"))
                .map(agency_key)
                .collect()
        })
        .unwrap_or_default()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The corpus scorer's figures over a set of documents.
#[derive(Debug, Default)]
struct Figures {
    gold: usize,
    pred: usize,
    found: usize,
    dups: usize,
    lead_ok: usize,
    due_ok: usize,
    strict: usize,
    sup: [usize; 3],
    misses: Vec<String>,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

impl Figures {
    fn strict_f1(&self) -> f64 {
        f1(
            self.strict as f64 / self.pred.max(1) as f64,
            self.strict as f64 / self.gold.max(1) as f64,
        )
    }
    fn task_f1(&self) -> f64 {
        f1(
            self.found as f64 / self.pred.max(1) as f64,
            self.found as f64 / self.gold.max(1) as f64,
        )
    }
    fn lead_accuracy(&self) -> f64 {
        self.lead_ok as f64 / self.found.max(1) as f64
    }
    fn due_accuracy(&self) -> f64 {
        self.due_ok as f64 / self.found.max(1) as f64
    }
    fn support_f1(&self) -> f64 {
        let [tp, fp, fn_] = self.sup;
        f1(
            tp as f64 / (tp + fp).max(1) as f64,
            tp as f64 / (tp + fn_).max(1) as f64,
        )
    }
    fn report(&self) -> String {
        format!(
            "strict F1 {:.3}, task F1 {:.3}, lead {:.3}, due {:.3}, support F1 {:.3}; misses:\n{}",
            self.strict_f1(),
            self.task_f1(),
            self.lead_accuracy(),
            self.due_accuracy(),
            self.support_f1(),
            self.misses.join("\n")
        )
    }
}

/// Scores every gold file in `gold_dir` (whose names pass `keep`) as
/// `shared/tools/score-extraction` does: a predicted task matches a gold task
/// when its text holds an anchor, one to one, tightest text first; it is
/// right when its leads (any reading in `lead_any`) and due date are.
fn score(gold_dir: &Path, docs_dir: &Path, keep: impl Fn(&str) -> bool) -> Figures {
    let reg = Registry::khanh_hoa();
    let mut fig = Figures::default();
    let mut golds: Vec<PathBuf> = std::fs::read_dir(gold_dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    golds.retain(|g| {
        g.extension().is_some_and(|e| e == "json")
            && g.file_name().is_some_and(|n| keep(&n.to_string_lossy()))
    });
    golds.sort();
    for g in golds {
        let gold: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&g).unwrap_or_default())
                .unwrap_or_default();
        let file = gold["file"].as_str().unwrap_or_default();
        let text = std::fs::read_to_string(docs_dir.join(file)).unwrap_or_default();
        let pred = serde_json::to_value(extract(&text, &reg)).unwrap_or_default();
        let tasks = pred["tasks"].as_array().cloned().unwrap_or_default();
        let texts: Vec<String> = tasks
            .iter()
            .map(|t| squash(t["text"].as_str().unwrap_or("")))
            .collect();
        let gtasks = gold["tasks"].as_array().cloned().unwrap_or_default();
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
        let mut dup = BTreeSet::new();
        for (_, gi, pi) in cands {
            if pmatch.contains_key(&pi) {
                continue;
            }
            if gmatch.contains_key(&gi) {
                dup.insert(pi);
                continue;
            }
            gmatch.insert(gi, pi);
            pmatch.insert(pi, gi);
        }
        dup.retain(|pi| !pmatch.contains_key(pi));
        let optional = |gi: usize| gtasks[gi]["optional"].as_bool().unwrap_or(false);
        fig.gold += (0..gtasks.len()).filter(|&gi| !optional(gi)).count();
        fig.pred += tasks.len() - pmatch.values().filter(|&&gi| optional(gi)).count() - dup.len();
        fig.dups += dup.len();
        for (pi, t) in texts.iter().enumerate() {
            if !pmatch.contains_key(&pi) && !dup.contains(&pi) {
                fig.misses.push(format!(
                    "{file}: extra {:?}",
                    t.chars().take(70).collect::<String>()
                ));
            }
        }
        for (gi, gt) in gtasks.iter().enumerate() {
            if optional(gi) {
                continue;
            }
            let Some(&pi) = gmatch.get(&gi) else {
                fig.misses
                    .push(format!("{file}: not found {}", gt["anchors"][0]));
                continue;
            };
            fig.found += 1;
            let p = &tasks[pi];
            let leads = agency_set(&p["lead"]);
            let alts: Vec<BTreeSet<String>> = match gt["lead_any"].as_array() {
                Some(a) => a.iter().map(agency_set).collect(),
                None => vec![agency_set(&gt["lead"])],
            };
            let due = p["due"]["date"].clone();
            let dues: Vec<serde_json::Value> = match gt["due_any"].as_array() {
                Some(a) => a.clone(),
                None => vec![gt["due"].clone()],
            };
            let (lo, du) = (alts.contains(&leads), dues.contains(&due));
            fig.lead_ok += usize::from(lo);
            fig.due_ok += usize::from(du);
            fig.strict += usize::from(lo && du);
            let (gs, ps) = (agency_set(&gt["support"]), agency_set(&p["support"]));
            fig.sup[0] += gs.intersection(&ps).count();
            fig.sup[1] += ps.difference(&gs).count();
            fig.sup[2] += gs.difference(&ps).count();
            if !(lo && du) {
                fig.misses.push(format!(
                    "{file}: {} lead {leads:?} due {due}",
                    gt["anchors"][0]
                ));
            }
        }
    }
    eprintln!(
        "{}: strict F1 {:.3}, task F1 {:.3}, lead {:.3}, due {:.3}, support F1 {:.3}",
        gold_dir.display(),
        fig.strict_f1(),
        fig.task_f1(),
        fig.lead_accuracy(),
        fig.due_accuracy(),
        fig.support_f1()
    );
    fig
}

/// The five real Khánh Hòa directives.
#[test]
fn samples_score_against_gold() {
    let fig = score(&data().join("gold"), &data(), |n| !n.starts_with("extra_"));
    assert_eq!(fig.gold, 63, "sample gold files missing");
    assert_eq!(fig.dups, 0, "duplicate tasks: {}", fig.report());
    assert!(fig.strict_f1() >= 0.98, "{}", fig.report());
}

/// Directives written for the tests in shapes the samples lack.
#[test]
fn extra_documents_score_against_gold() {
    let fig = score(&data().join("gold"), &data(), |n| n.starts_with("extra_"));
    assert!(fig.gold >= 20, "extra gold files missing");
    assert!(fig.strict_f1() >= 0.95, "{}", fig.report());
}

/// 24 directives of other provinces, written by an annotator who never ran
/// the extractor: the figure that tells whether rules generalise. The floors
/// sit a little under today's figures (strict F1 0.977, task F1 0.996, lead
/// 0.989, due 0.992, support F1 0.942): raise them when they improve.
#[test]
fn generalisation_set_scores_against_gold() {
    let dir = data().join("generalise");
    let fig = score(&dir.join("gold"), &dir, |_| true);
    assert!(fig.gold >= 250, "generalisation gold files missing");
    let floors = [
        ("strict F1", fig.strict_f1(), 0.96),
        ("task F1", fig.task_f1(), 0.985),
        ("lead accuracy", fig.lead_accuracy(), 0.97),
        ("due accuracy", fig.due_accuracy(), 0.975),
        ("support F1", fig.support_f1(), 0.92),
    ];
    for (what, got, floor) in floors {
        assert!(got >= floor, "{what} {got:.3} < {floor}: {}", fig.report());
    }
}

/// 14 directives written by a second annotator who never saw the extractor
/// nor the other sets, for measuring: a figure that falls here while the
/// generalisation set holds means a rule fitted its examples. The floors sit
/// a little under today's figures (strict F1 1.000, task F1 1.000, lead
/// 1.000, due 1.000, support F1 0.950).
#[test]
fn holdout_set_scores_against_gold() {
    let dir = data().join("holdout");
    let fig = score(&dir.join("gold"), &dir, |_| true);
    assert!(fig.gold >= 170, "holdout gold files missing");
    let floors = [
        ("strict F1", fig.strict_f1(), 0.97),
        ("task F1", fig.task_f1(), 0.97),
        ("lead accuracy", fig.lead_accuracy(), 0.97),
        ("due accuracy", fig.due_accuracy(), 0.97),
        ("support F1", fig.support_f1(), 0.92),
    ];
    for (what, got, floor) in floors {
        assert!(got >= floor, "{what} {got:.3} < {floor}: {}", fig.report());
    }
}

/// 12 directives by a third annotator, scored only once the rules of both
/// rounds were written (strict F1 0.874 before round two, 0.923 after): a
/// guard against regressions now, no longer a blind test. The floors sit a
/// little under today's figures.
#[test]
fn final_set_scores_against_gold() {
    let dir = data().join("final");
    let fig = score(&dir.join("gold"), &dir, |_| true);
    assert!(fig.gold >= 160, "final gold files missing");
    let floors = [
        ("strict F1", fig.strict_f1(), 0.90),
        ("task F1", fig.task_f1(), 0.95),
        ("lead accuracy", fig.lead_accuracy(), 0.93),
        ("due accuracy", fig.due_accuracy(), 0.95),
    ];
    for (what, got, floor) in floors {
        assert!(got >= floor, "{what} {got:.3} < {floor}: {}", fig.report());
    }
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
        "Kính gửi:",
        "Kính gửi:\n- Quý Công ty",
        "ngày 01 tháng 4 năm2026 01năm năm",
        "\tTM. ỦY BAN NHÂN DÂN\n\tKT. CHỦ TỊCH\n\t",
        "Các nhiệm vụ trên hoàn thành trước",
        "1. UBND các xã ,,,:\n- {n} {province}\nCác nội dung trên do",
        "TỈNH\nTHÀNH PHỐ\nỦY BAN NHÂN DÂN TỈNH ỦY",
        "Đề nghị các đơn vị",
    ] {
        let _ = extract(s, &reg);
    }
    // Every document cut short anywhere still reads.
    let mut names: Vec<PathBuf> = ["generalise", "holdout"]
        .iter()
        .flat_map(|set| std::fs::read_dir(data().join(set)).into_iter().flatten())
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    names.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    for p in names {
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(401).collect();
        for c in cuts {
            let _ = extract(text.get(..c).unwrap_or(""), &reg);
            let _ = extract(text.get(c..).unwrap_or(""), &reg);
        }
    }
}
