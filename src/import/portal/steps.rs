//! "Trình tự thực hiện" → ordered steps, and "Kết quả xử lý" → results.
//!
//! Steps keep the official wording line by line. The top-level marker of a
//! procedure ("Bước 1", "- ", "a)", "1.") is the one its first line uses;
//! lines with another marker ("(i)", "+ …") or none continue the current
//! step. A trailing "Lưu ý:" block is a note, not a step.
//!
//! Results: each result is followed by its code (`Mã: KQ.G15.000031`); the
//! portal side panel (keywords, description, agency picker, "Nộp hồ sơ") is
//! cut off before this module sees the text.

use std::sync::LazyLock;

use regex::Regex;

use super::clean;

static INLINE_STEP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([.;:])\s*(Bước \d+\s*[.:])").expect("static regex"));
static RESULT_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"Mã:\s*(?:Chưa xác định(?: rõ)?|[A-Za-z0-9_.\-]*\d|[A-Z]{2,}\b)")
        .expect("static regex")
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Buoc,
    Dash,
    Plus,
    Letter,
    Number,
    Roman,
    None,
}

fn marker(line: &str) -> Marker {
    let t = line.trim_start_matches(['-', '+', '*', ' ']);
    if t.starts_with("Bước") {
        return Marker::Buoc;
    }
    if line.starts_with('-') {
        return Marker::Dash;
    }
    if line.starts_with('+') {
        return Marker::Plus;
    }
    if line.starts_with('(') {
        return Marker::Roman;
    }
    let head: String = line.chars().take_while(|c| *c != ' ').collect();
    let body = head.trim_end_matches([')', '.']);
    if head.len() > body.len() {
        if body.chars().count() == 1 && body.chars().all(char::is_lowercase) {
            return Marker::Letter;
        }
        if !body.is_empty() && body.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return Marker::Number;
        }
    }
    Marker::None
}

fn is_note_heading(line: &str) -> bool {
    let t = line.trim_start_matches(['*', '-', ' ']).to_lowercase();
    t.starts_with("lưu ý") || t.starts_with("ghi chú")
}

/// Split the steps section. Returns the steps (verbatim text, NFC) and the
/// "Lưu ý" block that follows them, if any.
pub(super) fn parse(section: &str) -> (Vec<String>, String) {
    let text = clean::multiline(section);
    // A one-line section that runs its steps together: "…hồ sơ. Bước 2: …".
    let text = INLINE_STEP.replace_all(&text, "$1\n$2").into_owned();
    let lines: Vec<&str> = text.lines().collect();
    let (step_lines, note_lines) = match lines.iter().skip(1).position(|l| is_note_heading(l)) {
        Some(i) => lines.split_at(i + 1),
        None => (&lines[..], &[][..]),
    };
    let top = step_lines.first().map_or(Marker::None, |l| marker(l));
    let mut steps: Vec<String> = Vec::new();
    for line in step_lines {
        let starts_step = top == Marker::None || marker(line) == top || steps.is_empty();
        match steps.last_mut() {
            Some(last) if !starts_step => {
                last.push('\n');
                last.push_str(line);
            }
            _ => steps.push((*line).to_string()),
        }
    }
    let notes = note_lines
        .iter()
        .skip(1)
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    let heading_rest = note_lines
        .first()
        .and_then(|h| h.split_once(':'))
        .map(|(_, rest)| rest.trim())
        .unwrap_or("");
    let notes = match (heading_rest.is_empty(), notes.is_empty()) {
        (true, _) => notes,
        (false, true) => heading_rest.to_string(),
        (false, false) => format!("{heading_rest}\n{notes}"),
    };
    (steps, notes)
}

/// The results of the procedure, UI text already removed.
pub(super) fn results(section: &str) -> Vec<String> {
    let text = section.trim();
    let mut out: Vec<String> = Vec::new();
    let mut start = 0;
    let mut push = |s: &str| {
        let r = clean::line(s);
        if !clean::is_placeholder(&r) && !out.contains(&r) {
            out.push(r);
        }
    };
    for m in RESULT_CODE.find_iter(text) {
        push(&text[start..m.start()]);
        start = m.end();
    }
    push(&text[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_steps_absorb_their_sub_points() {
        let (steps, notes) = parse(
            "- Nộp hồ sơ.  \n- Cán bộ kiểm tra.\n(i) Trường hợp đủ thì nhận;\n(ii) Trường hợp thiếu thì bổ sung.\n- Trả kết quả.\n* Lưu ý:\n- Trong 60 ngày phải đăng ký.",
        );
        assert_eq!(steps.len(), 3);
        assert_eq!(
            steps[1],
            "- Cán bộ kiểm tra.\n(i) Trường hợp đủ thì nhận;\n(ii) Trường hợp thiếu thì bổ sung."
        );
        assert_eq!(notes, "- Trong 60 ngày phải đăng ký.");
    }

    #[test]
    fn buoc_steps_even_when_run_together() {
        let (steps, _) = parse("Bước 1. Lập hồ sơ. Bước 2: Nộp hồ sơ.\nBước 3. Nhận kết quả");
        assert_eq!(
            steps,
            [
                "Bước 1. Lập hồ sơ.",
                "Bước 2: Nộp hồ sơ.",
                "Bước 3. Nhận kết quả"
            ]
        );
    }

    #[test]
    fn unmarked_lines_are_steps_of_their_own() {
        let (steps, _) = parse("Nộp hồ sơ.\nNhận kết quả.");
        assert_eq!(steps.len(), 2);
    }

    #[test]
    fn results_are_split_at_their_codes() {
        assert_eq!(
            results("Giấy khai sinhMã: KQ.G15.000031"),
            ["Giấy khai sinh"]
        );
        assert_eq!(
            results("Quyết định (mẫu 03)Mã: KQ.G24.000059Tiền trợ cấpMã: KQ.G24.000053"),
            ["Quyết định (mẫu 03)", "Tiền trợ cấp"]
        );
        assert_eq!(results("Mã số cơ sở.Mã: Chưa xác định"), ["Mã số cơ sở."]);
        assert_eq!(
            results("Văn bản chấp thuậnMã: 000.00.00.G19-KQ1120"),
            ["Văn bản chấp thuận"]
        );
        assert!(results("Không có thông tin").is_empty());
    }
}
