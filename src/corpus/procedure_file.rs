//! Read and write `procedures/<code>.toml`: one procedure per file, TOML so
//! that an official can correct it in a text editor and review it in a diff.
//!
//! Errors name the file and, where the TOML parser knows it, the line.

use std::path::{Path, PathBuf};

use crate::corpus::model::Procedure;
use crate::error::{Error, Result};

/// Header written at the top of every generated procedure file.
const HEADER: &str = "# Thủ tục hành chính — one procedure of the motcua corpus.\n\
# Format: corpus/README.md. Check after editing: `motcua check`.\n";

/// Parse a procedure file's text. `path` is only used in error messages.
pub fn parse(path: &Path, text: &str) -> Result<Procedure> {
    if let Some(line) = first_non_nfc_line(text) {
        return Err(Error::corpus(
            path,
            line,
            "text is not NFC-normalized (decomposed diacritics); run it through an NFC normalizer",
        ));
    }
    toml::from_str::<Procedure>(text).map_err(|e| {
        let line = e
            .span()
            .map(|span| line_of_offset(text, span.start))
            .unwrap_or(0);
        Error::corpus(path, line, e.message().to_string())
    })
}

/// Render a procedure as the text of its file.
pub fn render(procedure: &Procedure) -> Result<String> {
    let body = toml::to_string_pretty(procedure)
        .map_err(|e| Error::Import(format!("procedure {}: {e}", procedure.code)))?;
    Ok(format!("{HEADER}\n{body}"))
}

/// Read and parse one procedure file.
pub fn read(path: &Path) -> Result<Procedure> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse(path, &text)
}

/// Write `<dir>/<code>.toml`, replacing it atomically (write + rename).
pub fn write(dir: &Path, procedure: &Procedure) -> Result<PathBuf> {
    let path = dir.join(format!("{}.toml", procedure.code));
    write_atomically(&path, &render(procedure)?)?;
    Ok(path)
}

/// Write a file through a temporary sibling and a rename, so a crash never
/// leaves a half-written corpus file.
pub fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

/// 1-based line number of a byte offset.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// 1-based number of the first line that is not NFC, if any.
pub fn first_non_nfc_line(text: &str) -> Option<usize> {
    text.lines()
        .position(|l| !crate::text::is_nfc(l))
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::model::*;

    fn sample() -> Procedure {
        Procedure {
            code: "1.001193".into(),
            name: "Thủ tục đăng ký khai sinh".into(),
            field: "Hộ tịch".into(),
            checklist: vec![ChecklistItem {
                name: "Giấy chứng sinh".into(),
                quantity: 1,
                form: DocumentForm::Original,
                ..Default::default()
            }],
            source: Source {
                as_of: "2026".into(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn round_trip() {
        let p = sample();
        let text = render(&p).expect("renders");
        assert_eq!(parse(Path::new("x.toml"), &text).expect("parses"), p);
    }

    #[test]
    fn unknown_key_names_the_line() {
        let text =
            "code = \"1\"\nname = \"x\"\nfield = \"y\"\nbogus = 1\n[source]\nas_of = \"2026\"\n";
        let err = parse(Path::new("p/1.toml"), text).expect_err("unknown key");
        let msg = err.to_string();
        assert!(msg.starts_with("p/1.toml:4:"), "{msg}");
    }
}
