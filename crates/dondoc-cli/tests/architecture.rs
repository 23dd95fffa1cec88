//! The code map of ARCHITECTURE.md, held by a test: each crate depends only
//! on the crates the map allows, and the pure crates on no I/O library. A
//! new edge means changing the map first, on purpose.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each crate and the dondoc crates it may depend on (normal dependencies).
const ALLOWED: &[(&str, &[&str])] = &[
    ("dondoc-domain", &[]),
    ("dondoc-extract", &["dondoc-domain"]),
    ("dondoc-read", &["dondoc-domain"]),
    ("dondoc-followup", &["dondoc-domain"]),
    ("dondoc-store", &["dondoc-domain", "dondoc-extract"]),
    (
        "dondoc-notify",
        &["dondoc-domain", "dondoc-followup", "dondoc-store"],
    ),
    (
        "dondoc-web",
        &[
            "dondoc-domain",
            "dondoc-extract",
            "dondoc-read",
            "dondoc-store",
            "dondoc-followup",
            "dondoc-notify",
        ],
    ),
    (
        "dondoc-cli",
        &[
            "dondoc-domain",
            "dondoc-extract",
            "dondoc-read",
            "dondoc-store",
            "dondoc-web",
            "dondoc-followup",
            "dondoc-notify",
        ],
    ),
];

/// Libraries that do I/O, talk to a database or the network, or run an
/// async runtime: never in the pure crates.
const IMPURE: &[&str] = &[
    "sqlx",
    "tokio",
    "axum",
    "hyper",
    "hyper-util",
    "reqwest",
    "lettre",
    "tower",
    "askama",
];
const PURE: &[&str] = &["dondoc-domain", "dondoc-extract", "dondoc-followup"];

/// The names under `[dependencies]` of a Cargo.toml.
fn dependencies(manifest: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut in_deps = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line == "[dependencies]";
            continue;
        }
        if in_deps && !line.is_empty() && !line.starts_with('#') {
            let name = line
                .split(['=', '.', ' '])
                .next()
                .unwrap_or_default()
                .to_owned();
            out.insert(name);
        }
    }
    out
}

#[test]
fn crates_depend_only_as_the_code_map_allows() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut seen = BTreeSet::new();
    for entry in std::fs::read_dir(&crates).unwrap_or_else(|e| panic!("{e}")) {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(manifest) = std::fs::read_to_string(entry.path().join("Cargo.toml")) else {
            continue;
        };
        let Some(may) = allowed.get(name.as_str()) else {
            panic!("crate {name} is not on the code map (ARCHITECTURE.md and ALLOWED here)");
        };
        seen.insert(name.clone());
        let deps = dependencies(&manifest);
        for d in deps.iter().filter(|d| d.starts_with("dondoc-")) {
            assert!(
                may.contains(&d.as_str()),
                "{name} depends on {d}, which the code map does not allow"
            );
        }
        if PURE.contains(&name.as_str()) {
            for d in &deps {
                assert!(
                    !IMPURE.contains(&d.as_str()),
                    "{name} is pure but depends on {d}"
                );
            }
        }
    }
    assert_eq!(seen.len(), ALLOWED.len(), "every crate checked: {seen:?}");
}
