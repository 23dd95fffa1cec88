//! Reading a directive file and the agency registry.

use anyhow::{Context, Result};
use dondoc_extract::Registry;
use std::path::Path;

/// The text of a directive file, whatever its format (.txt, .md, .docx, .pdf).
pub fn read_directive(path: &Path) -> Result<dondoc_read::ReadDocument> {
    // Named once: some of the reader's messages name the file already.
    dondoc_read::read_path(path).map_err(|e| {
        let message = e.to_string();
        let name = path.display().to_string();
        if message.contains(&name) {
            anyhow::anyhow!("{message}")
        } else {
            anyhow::anyhow!("{name}: {message}")
        }
    })
}

/// The registry from `--registry FILE`, or the one shipped for Khánh Hòa.
pub fn registry(path: Option<&Path>) -> Result<Registry> {
    match path {
        None => Ok(Registry::khanh_hoa()),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read registry {}", p.display()))?;
            Registry::parse(&text).with_context(|| format!("registry {} is not valid", p.display()))
        }
    }
}
