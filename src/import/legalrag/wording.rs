//! Reading a sheet's processing-time and fee wording into structured values.
//! The wording itself is always kept: these only add what can be read from
//! it with confidence (a unit and amount, a single fee figure).

use super::Sheet;
use crate::corpus::{Fee, ProcessingTime, TimeUnit};
use crate::text::{fold_accents, squash_ws};

/// The `case` of the fee taken from a sheet.
pub const PROVINCIAL_FEE_CASE: &str = "Theo quy định của tỉnh (Sở Tư pháp)";

/// Parse a processing-time wording; the wording is kept as `text`.
///
/// Only the first clause is read: "Ngay trong ngày tiếp nhận…, trường hợp
/// nhận sau 15 giờ…" is `same_day`; "03 ngày làm việc. Trường hợp cần xác
/// minh…" is 3 `working_days`; "Không quá 02 ngày làm việc" is 2; "10 ngày"
/// is 10 `days`. A list of cases ("- Bổ sung…: …\n- Thay đổi…: …") or any
/// other wording is `unspecified`.
pub fn parse_processing_time(text: &str) -> ProcessingTime {
    let text = text.trim().to_string();
    let unspecified = ProcessingTime {
        unit: TimeUnit::Unspecified,
        amount: None,
        text: text.clone(),
    };
    if text.starts_with('-') || text.contains('\n') {
        return unspecified;
    }
    let clause_end = text.find(['.', ',', ';', '(']).unwrap_or(text.len());
    let clause = fold_accents(&text[..clause_end]).to_lowercase();
    let words: Vec<&str> = clause.split_whitespace().collect();
    let same_day = ["ngay trong ngay", "trong ngay", "ngay khi"];
    if same_day.iter().any(|p| clause.trim_start().starts_with(p)) {
        return ProcessingTime {
            unit: TimeUnit::SameDay,
            amount: None,
            text,
        };
    }
    for (i, w) in words.iter().enumerate() {
        let Ok(amount) = w.parse::<f32>() else {
            continue;
        };
        let next: Vec<&str> = words[i + 1..].iter().take(3).copied().collect();
        let unit = match next.as_slice() {
            ["ngay", "lam", "viec", ..] => TimeUnit::WorkingDays,
            ["gio", ..] => TimeUnit::Hours,
            ["ngay", ..] => TimeUnit::Days,
            _ => continue,
        };
        return ProcessingTime {
            unit,
            amount: Some(amount),
            text,
        };
    }
    unspecified
}

/// Money amounts written in a fee text ("8.000đ", "400.000 đồng"), distinct,
/// in order.
pub(crate) fn money_amounts(text: &str) -> Vec<u64> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_alphanumeric()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || (chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
        {
            i += 1;
        }
        let number: String = chars[start..i].iter().filter(|c| **c != '.').collect();
        let mut j = i;
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        let unit: String = chars[j..chars.len().min(j + 4)].iter().collect();
        let unit = fold_accents(&unit).to_lowercase();
        if unit.starts_with('d') || unit.starts_with("vnd") {
            if let Ok(n) = number.parse::<u64>() {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
    }
    out
}

pub(crate) fn says_free(text: &str) -> bool {
    let folded = fold_accents(text).to_lowercase();
    folded.starts_with("mien le phi") || folded.starts_with("mien phi")
}

/// The sheet's fee as a `Fee`: `amount_vnd` only when the text gives one
/// figure (or only says it is free) and the metadata does not contradict it.
pub(crate) fn sheet_fee(sheet: &Sheet, warnings: &mut Vec<String>) -> Option<Fee> {
    let text = squash_ws(&sheet.fee_text);
    if text.is_empty() {
        return None;
    }
    let amounts = money_amounts(&text);
    let free = says_free(&text);
    let mut amount = match (amounts.as_slice(), free) {
        ([one], false) => Some(*one),
        ([], true) => Some(0),
        _ => None,
    };
    if let (Some(a), Some(meta)) = (amount, sheet.fee_vnd) {
        if a != meta {
            warnings.push(format!(
                "{}: fee text says {a} VND but fee_vnd is {meta}; amount left out",
                sheet.rel_path
            ));
            amount = None;
        }
    }
    Some(Fee {
        channel: None,
        case: PROVINCIAL_FEE_CASE.to_string(),
        amount_vnd: amount,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn processing_time_wordings() {
        let t = parse_processing_time("Ngay trong ngày tiếp nhận yêu cầu, trường hợp nhận hồ sơ sau 15 giờ mà không giải quyết được ngay thì trả kết quả trong ngày làm việc tiếp theo.");
        assert_eq!((t.unit, t.amount), (TimeUnit::SameDay, None));
        let t = parse_processing_time(
            "03 ngày làm việc. Trường hợp cần xác minh thì không quá 08 ngày làm việc.",
        );
        assert_eq!((t.unit, t.amount), (TimeUnit::WorkingDays, Some(3.0)));
        let t = parse_processing_time(
            "Không quá 02 ngày làm việc. Có thể kéo dài hơn theo thỏa thuận.",
        );
        assert_eq!((t.unit, t.amount), (TimeUnit::WorkingDays, Some(2.0)));
        let t = parse_processing_time("Ngay trong ngày tiếp nhận yêu cầu hoặc trong ngày làm việc tiếp theo nếu tiếp nhận sau 15 giờ. Có thể kéo dài.");
        assert_eq!((t.unit, t.amount), (TimeUnit::SameDay, None));
        let t = parse_processing_time("10 ngày");
        assert_eq!((t.unit, t.amount), (TimeUnit::Days, Some(10.0)));
        let t = parse_processing_time(
            "- Bổ sung thông tin hộ tịch: Ngay trong ngày làm việc.\n- Thay đổi: 03 ngày làm việc.",
        );
        assert_eq!((t.unit, t.amount), (TimeUnit::Unspecified, None));
        assert!(t.text.starts_with("- Bổ sung"));
    }

    #[test]
    fn money_amounts_in_fee_texts() {
        assert_eq!(
            money_amounts("Có các mức phí 8.000đ, 5.000đ, 4.000đ. Phí cấp bản sao: 8.000đ/bản."),
            vec![8000, 5000, 4000]
        );
        assert_eq!(money_amounts("400.000 đồng/trường hợp"), vec![400_000]);
        assert_eq!(money_amounts("từ trang thứ 3 trở lên"), Vec::<u64>::new());
        assert_eq!(money_amounts("trước ngày 01/01/2016"), Vec::<u64>::new());
    }
}
