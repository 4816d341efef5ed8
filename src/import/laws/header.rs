//! The header of a law text: number, type, title and dates, from the lines
//! before the first chapter or article.
//!
//! ```text
//! QUỐC HỘI --------
//! CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------
//! Luật số: 60/2014/QH13
//! Hà Nội, ngày 20 tháng 11 năm 2014
//! LUẬT
//! HỘ TỊCH
//! Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
//! Quốc hội ban hành Luật hộ tịch.
//! ```
//!
//! Older texts vary: `Số: 18-L/CTN`, `QH 11` with a space, the title folded
//! into `CỦA QUỐC HỘI … SỐ … NGÀY … VỀ DẦU KHÍ`, no date line. Each rule below
//! names the file that needed it.

use super::scan::{
    capitalize_first, find_date_after, is_upper_text, replace_words, strip_prefix_ci,
};
use crate::corpus::docnum;

/// What the header gives.
#[derive(Debug, Default)]
pub(super) struct Header {
    pub number: Option<String>,
    /// "Luật" or "Bộ luật".
    pub doc_type: String,
    /// The name after the type, upper case as printed ("HỘ TỊCH"), or from
    /// the enacting line ("hộ tịch").
    pub name: Option<String>,
    pub issued: Option<String>,
}

pub(super) fn parse_header(lines: &[String]) -> Header {
    // The last bare "LUẬT" / "BỘ LUẬT" line (the 1957 texts have two; in
    // Luat-luat-su-2006 the title itself, "LUẬT SƯ", starts like a type
    // line), else the last line that starts with the type.
    let type_line = lines
        .iter()
        .rposition(|l| l == "LUẬT" || l == "BỘ LUẬT")
        .or_else(|| lines.iter().rposition(|l| type_of(l).is_some()));
    let doc_type = type_line
        .and_then(|i| type_of(&lines[i]))
        .or_else(|| {
            lines
                .iter()
                .find(|l| strip_prefix_ci(l, "bộ luật số").is_some())
                .map(|_| "Bộ luật")
        })
        .unwrap_or("Luật")
        .to_string();
    Header {
        number: lines.iter().enumerate().find_map(|(i, l)| {
            number_line(l).or_else(|| {
                // Luat-phong-chong-nhiem-vi-rut-…-HIV-AIDS-2006: "Số:" then
                // the number on the next line.
                let bare = l.trim_end_matches(':').to_lowercase();
                let next = lines.get(i + 1)?;
                (bare == "số" || bare == "luật số").then(|| number_line(&format!("Số: {next}")))?
            })
        }),
        name: type_line
            .and_then(|i| title_lines(lines, i))
            .or_else(|| enacting_name(lines)),
        issued: issued_date(lines, type_line),
        doc_type,
    }
}

/// "LUẬT" / "BỘ LUẬT" / "LUẬT BƯU CHÍNH" → the type. "LUẬT MẪU" (a UN model
/// law, not Vietnamese legislation) is not a type line.
fn type_of(line: &str) -> Option<&'static str> {
    if !is_upper_text(line) {
        return None;
    }
    let (doc_type, rest) = if let Some(rest) = line.strip_prefix("BỘ LUẬT") {
        ("Bộ luật", rest)
    } else {
        ("Luật", line.strip_prefix("LUẬT")?)
    };
    (rest.is_empty() || rest.starts_with(' ') && !rest.trim_start().starts_with("MẪU"))
        .then_some(doc_type)
}

/// `Luật số: 60/2014/QH13`, `Số: 53/2014/QH13`, `LUẬT SỐ 102-SL/L-004 NGÀY …`.
fn number_line(line: &str) -> Option<String> {
    let rest = strip_prefix_ci(line, "bộ luật ")
        .or_else(|| strip_prefix_ci(line, "luật "))
        .unwrap_or(line);
    let rest = strip_prefix_ci(rest, "số")?;
    let rest = rest.strip_prefix(':').unwrap_or(rest).trim_start();
    if !rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // Luat-Binh-dang-gioi-2006: "73/2006/QH 11".
    let rest = match rest.find("QH ") {
        Some(i) if rest[i + 3..].starts_with(|c: char| c.is_ascii_digit()) => {
            format!("{}QH{}", &rest[..i], &rest[i + 3..])
        }
        _ => rest.to_string(),
    };
    if let Some(number) = docnum::canonical(&rest) {
        return Some(number);
    }
    // Numbers before 2000 have no year part: "18-L/CTN", "21-LCT/HĐNN8".
    let token = rest
        .split_whitespace()
        .next()?
        .trim_end_matches([',', ';', '.']);
    (token.contains(['/', '-'])).then(|| token.to_uppercase())
}

/// The upper-case title lines after the type line, cleaned of the old
/// "CỦA QUỐC HỘI … SỐ … NGÀY … VỀ" wrapping.
fn title_lines(lines: &[String], type_line: usize) -> Option<String> {
    let first = &lines[type_line];
    let after_type = first
        .strip_prefix("BỘ LUẬT")
        .or_else(|| first.strip_prefix("LUẬT"))
        .unwrap_or("")
        .trim();
    let mut parts: Vec<&str> = Vec::new();
    if !after_type.is_empty() {
        parts.push(after_type);
    }
    for line in lines[type_line + 1..].iter().take(3) {
        let stop = !is_upper_text(line)
            || ["CHƯƠNG", "PHẦN", "ĐIỀU", "MỤC"]
                .iter()
                .any(|w| line.starts_with(w))
            || ["KỲ HỌP", "CHỦ TỊCH", "SẮC LỆNH"]
                .iter()
                .any(|w| line.contains(w));
        if stop {
            break;
        }
        parts.push(line);
    }
    // Luat-co-quan-dai-dien-2009: "CHỦ NGHĨAVIỆT NAM".
    let mut title = parts.join(" ").replace("NGHĨAVIỆT", "NGHĨA VIỆT");
    // Luat-Dau-khi-1993: "SỐ 18-L/CTN NGÀY 06/07/1993 CỦA QUỐC HỘI VỀ DẦU KHÍ";
    // Luat-Giao-thong-duong-thuy-noi-dia-2004: "CỦA QUỐC HỘI … VỀ GIAO THÔNG …".
    if title.starts_with("SỐ ") || title.starts_with("CỦA ") {
        if let Some(i) = title.find(" VỀ ") {
            title = title[i + " VỀ ".len()..].to_string();
        } else {
            // "SỐ 101-SL/L.003 NGÀY 20-5-1957 QUY ĐỊNH …"
            let words: Vec<&str> = title.split(' ').collect();
            let skip = if words.get(2) == Some(&"NGÀY") { 4 } else { 2 };
            title = words.get(skip..).unwrap_or_default().join(" ");
        }
    }
    // Luat-thue-su-dung-dat-nong-nghiep: "THUẾ … NÔNG NGHIỆP SỐ 23-L/CTN NGÀY …".
    if let Some(i) = title.find(" SỐ ") {
        if title[i + " SỐ ".len()..].starts_with(|c: char| c.is_ascii_digit()) {
            title.truncate(i);
        }
    }
    let title = title.trim_matches(|c: char| !c.is_alphanumeric() && c != ')');
    (!title.is_empty()).then(|| title.to_string())
}

/// "Quốc hội ban hành Luật hộ tịch." → "hộ tịch".
fn enacting_name(lines: &[String]) -> Option<String> {
    lines.iter().find_map(|line| {
        let lower = line.to_lowercase();
        let i = lower.find("ban hành ")?;
        let rest = &lower[i + "ban hành ".len()..];
        let rest = rest
            .strip_prefix("bộ luật ")
            .or_else(|| rest.strip_prefix("luật "))?;
        let end = rest.find(['.', ',', ';']).unwrap_or(rest.len());
        let name = rest[..end].trim();
        (!name.is_empty()).then(|| name.to_string())
    })
}

/// The date line ("Hà Nội, ngày 20 tháng 11 năm 2014") before the type line,
/// skipping the "Căn cứ …" and session lines, which carry other dates.
fn issued_date(lines: &[String], type_line: Option<usize>) -> Option<String> {
    let end = type_line.map_or(lines.len(), |i| i + 1);
    lines[..end]
        .iter()
        .filter(|l| {
            !l.starts_with("Căn cứ") && !l.starts_with('(') && !l.to_lowercase().contains("kỳ họp")
        })
        .find_map(|l| find_date_after(l, "ngày"))
}

/// Proper nouns that keep their capitals in a sentence-case title.
const PROPER_NOUNS: &[(&str, &str)] = &[
    (
        "cộng hòa xã hội chủ nghĩa việt nam",
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
    ),
    (
        "cộng hoà xã hội chủ nghĩa việt nam",
        "Cộng hoà xã hội chủ nghĩa Việt Nam",
    ),
    ("mặt trận tổ quốc", "Mặt trận Tổ quốc"),
    ("việt nam", "Việt Nam"),
    ("quốc hội", "Quốc hội"),
    ("chính phủ", "Chính phủ"),
    ("hội đồng nhân dân", "Hội đồng nhân dân"),
    ("ủy ban nhân dân", "Ủy ban nhân dân"),
    ("uỷ ban nhân dân", "Uỷ ban nhân dân"),
    ("tòa án", "Tòa án"),
    ("toà án", "Toà án"),
    ("viện kiểm sát nhân dân", "Viện kiểm sát nhân dân"),
    ("công an nhân dân", "Công an nhân dân"),
    ("quân đội nhân dân", "Quân đội nhân dân"),
    ("ngân hàng nhà nước", "Ngân hàng Nhà nước"),
    ("của nhà nước", "của Nhà nước"),
    ("hiv/aids", "HIV/AIDS"),
];

/// "LUẬT" + "HỘ TỊCH" → "Luật Hộ tịch"; "Bộ luật" + "DÂN SỰ" → "Bộ luật Dân
/// sự": the name in sentence case, proper nouns kept.
pub(super) fn law_title(doc_type: &str, name: &str) -> String {
    let mut name = name.to_lowercase();
    for (from, to) in PROPER_NOUNS {
        name = replace_words(&name, from, to);
    }
    format!("{doc_type} {}", capitalize_first(&name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_string).collect()
    }

    #[test]
    fn a_modern_header() {
        let h = parse_header(&lines(
            "QUỐC HỘI --------\nLuật số: 60/2014/QH13\nHà Nội, ngày 20 tháng 11 năm 2014\nLUẬT\nHỘ TỊCH\nCăn cứ Hiến pháp;\nQuốc hội ban hành Luật hộ tịch.",
        ));
        assert_eq!(h.number.as_deref(), Some("60/2014/QH13"));
        assert_eq!(h.doc_type, "Luật");
        assert_eq!(h.name.as_deref(), Some("HỘ TỊCH"));
        assert_eq!(h.issued.as_deref(), Some("2014-11-20"));
    }

    #[test]
    fn old_headers() {
        let h = parse_header(&lines(
            "Số: 18-L/CTN\nHà Nội, ngày 06 tháng 7 năm 1993\nLUẬT\nSỐ 18-L/CTN NGÀY 06/07/1993 CỦA QUỐC HỘI VỀ DẦU KHÍ",
        ));
        assert_eq!(h.number.as_deref(), Some("18-L/CTN"));
        assert_eq!(h.name.as_deref(), Some("DẦU KHÍ"));
        let h = parse_header(&lines("Luật số: 73/2006/QH 11\nLUẬT\nBÌNH ĐẲNG GIỚI"));
        assert_eq!(h.number.as_deref(), Some("73/2006/QH11"));
        let h = parse_header(&lines(
            "LUẬT\nSỐ 101-SL/L.003 NGÀY 20-5-1957 QUY ĐỊNH QUYỀN TỰ DO HỘI HỌP\nCHỦ TỊCH NƯỚC\nLUẬT\nQUY ĐỊNH QUYỀN TỰ DO HỘI HỌP",
        ));
        assert_eq!(h.number.as_deref(), Some("101-SL/L.003"));
        assert_eq!(h.issued.as_deref(), Some("1957-05-20"));
        assert_eq!(h.name.as_deref(), Some("QUY ĐỊNH QUYỀN TỰ DO HỘI HỌP"));
    }

    #[test]
    fn titles_in_sentence_case() {
        assert_eq!(law_title("Luật", "HỘ TỊCH"), "Luật Hộ tịch");
        assert_eq!(law_title("Bộ luật", "DÂN SỰ"), "Bộ luật Dân sự");
        assert_eq!(
            law_title(
                "Luật",
                "BẦU CỬ ĐẠI BIỂU QUỐC HỘI VÀ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN"
            ),
            "Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân"
        );
        assert_eq!(
            law_title("Luật", "QUỐC TỊCH VIỆT NAM"),
            "Luật Quốc tịch Việt Nam"
        );
        assert_eq!(law_title("Luật", "hộ tịch"), "Luật Hộ tịch");
    }
}
