//! The "Cách thức thực hiện" table: submission channels, each with its time
//! limit, fee and description.
//!
//! The crawl ran the table cells together:
//!
//! ```text
//! Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến1Miễn phíDịch vụ bưu chính1Miễn phí…
//! Trực tiếp3 Ngày làm việc10,000 Việt Nam Đồng(10.000 đồng/khẩu-chiếc)Trong thời hạn 03 ngày…
//! Trực tuyến120 VNĐ(20.000 vnđ /tờ khai)        ← time "1", fee "20 VNĐ"
//! ```
//!
//! A row starts at a channel name glued to its time cell (a quoted "- Trực
//! tiếp: nộp…" inside a description is not a row). The time cell is a number
//! with or without a unit, "Không có thông tin", or free text; the fee cell is
//! "Miễn phí", "Không có thông tin" or an amount with its currency, optionally
//! followed by a parenthesized note; the rest of the row is the description.
//!
//! This module does not guess fees from the descriptions' prose: the fee text
//! is kept whole so nothing is lost.

use std::sync::LazyLock;

use regex::Regex;

use super::clean;
use crate::corpus::{Channel, ChannelKind, Fee, ProcessingTime, TimeUnit};

const TABLE_HEADER: &str = "Hình thức nộpThời gianPhí, lệ phíMô tả";

const CHANNEL_NAMES: &[(&str, ChannelKind)] = &[
    ("Trực tiếp", ChannelKind::InPerson),
    ("Trực tuyến", ChannelKind::Online),
    ("Dịch vụ bưu chính", ChannelKind::Post),
];

static CHANNEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("Trực tiếp|Trực tuyến|Dịch vụ bưu chính").expect("static regex"));
/// A time with its unit, at the start of a row.
static TIME_WITH_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d+(?:[.,]\d+)?\s?(?:Ngày làm việc|Ngày|Giờ làm việc|Giờ|Tháng|Năm|Phút)")
        .expect("static regex")
});
/// A fee cell, anchored.
static FEE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Miễn phí|Không có thông tin|(?:\d[\d.,]*)?\s?(?:Việt Nam Đồng|VNĐ|USD))")
        .expect("static regex")
});
/// A fee cell anywhere (after a free-text time).
static FEE_ANYWHERE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"Miễn phí|Không có thông tin|\d[\d.,]*\s?(?:Việt Nam Đồng|VNĐ|USD)")
        .expect("static regex")
});
/// Digits run straight into an amount: "120 VNĐ", "1100,000 VNĐ".
static DIGITS_THEN_AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d+)([\d.,]*)\s?(?:Việt Nam Đồng|VNĐ|USD)").expect("static regex")
});
/// An amount in đồng inside a fee note: "20.000 vnđ", "400.000đ".
static NOTE_AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d{1,3}(?:[.,]\d{3})+|\d+)\s?(?:đồng|vnđ|đ\b|đ/)").expect("static regex")
});
static TIME_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:.*?\b)?(\d+(?:[.,]\d+)?)\s?(ngày làm việc|ngày|giờ làm việc|giờ|tháng|năm|phút)",
    )
    .expect("static regex")
});

/// The parsed table.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct ChannelTable {
    pub channels: Vec<Channel>,
    pub fees: Vec<Fee>,
    /// Text before the first row that no row took (an unknown channel name).
    pub unparsed: String,
}

/// One row's leading cells.
#[derive(Debug, Clone, PartialEq)]
struct Head {
    time: String,
    fee: String,
    /// Bytes of the row consumed by the time and fee cells.
    len: usize,
}

/// Parse the section text (with or without the column headings).
/// `online_url` is the link given to the online channel.
pub(super) fn parse(section: &str, online_url: &str) -> ChannelTable {
    let body = section.trim_start();
    let body = body.strip_prefix(TABLE_HEADER).unwrap_or(body);
    let rows = row_starts(body);
    let mut channels = Vec::new();
    let mut row_fees = Vec::new();
    for (i, (start, kind, head)) in rows.iter().enumerate() {
        let end = rows.get(i + 1).map_or(body.len(), |r| r.0);
        let name_len = CHANNEL_NAMES
            .iter()
            .find(|(_, k)| k == kind)
            .map_or(0, |(n, _)| n.len());
        let after_head = &body[start + name_len + head.len..end];
        let (note, description) = split_note(after_head);
        let note = clean::line(note);
        let fee_cell = clean::line(&head.fee);
        let fee_text = if clean::is_placeholder(&fee_cell) {
            String::new()
        } else if note.is_empty() || clean::is_placeholder(&note) {
            fee_cell.clone()
        } else {
            format!("{fee_cell} ({note})")
        };
        let description = clean::unless_placeholder(clean::multiline(description));
        if !fee_text.is_empty() {
            let fee = Fee {
                channel: Some(*kind),
                case: String::new(),
                amount_vnd: amount_vnd(&fee_cell, &note),
                text: fee_text.clone(),
            };
            row_fees.push((fee, case_of(&description)));
        }
        channels.push(Channel {
            kind: *kind,
            processing_time: processing_time(&clean::line(&head.time)),
            fee_text,
            description,
            url: if *kind == ChannelKind::Online {
                online_url.to_string()
            } else {
                String::new()
            },
        });
    }
    let first = rows.first().map_or(body.len(), |r| r.0);
    ChannelTable {
        channels,
        fees: merge_fees(row_fees),
        unparsed: clean::line(&body[..first]),
    }
}

/// Byte offset of the last row start in a channels section, if any. Used to
/// find where the table ends in the page text.
pub(super) fn last_row_start(section: &str) -> Option<usize> {
    row_starts(section).last().map(|r| r.0)
}

fn row_starts(body: &str) -> Vec<(usize, ChannelKind, Head)> {
    let mut rows = Vec::new();
    for m in CHANNEL.find_iter(body) {
        let kind = CHANNEL_NAMES
            .iter()
            .find(|(n, _)| *n == m.as_str())
            .map(|(_, k)| *k)
            .expect("the regex only matches channel names");
        let rest = &body[m.end()..];
        let glued = rest
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c.is_uppercase());
        if !glued {
            continue;
        }
        if let Some(head) = parse_head(rest) {
            rows.push((m.start(), kind, head));
        }
    }
    rows
}

/// Read the time and fee cells at the start of a row.
fn parse_head(row: &str) -> Option<Head> {
    let fee_at = |at: usize| FEE.find(&row[at..]).map(|m| (at, m.end()));
    let head = |time_end: usize, (fee_start, fee_len): (usize, usize)| Head {
        time: row[..time_end].to_string(),
        fee: row[fee_start..fee_start + fee_len].to_string(),
        len: fee_start + fee_len,
    };
    if let Some(m) = TIME_WITH_UNIT.find(row) {
        if let Some(fee) = fee_at(m.end()) {
            return Some(head(m.end(), fee));
        }
    }
    let digits = row.find(|c: char| !c.is_ascii_digit()).unwrap_or(row.len());
    if digits > 0 {
        let after = &row[digits..];
        if after.starts_with("Miễn phí") || after.starts_with("Không có thông tin") {
            return fee_at(digits).map(|fee| head(digits, fee));
        }
        if let Some(caps) = DIGITS_THEN_AMOUNT.captures(row) {
            // The time's digits run into the amount's: take the shortest time
            // that leaves a well-formed amount.
            let run = caps.get(1).map_or("", |g| g.as_str());
            let tail = caps.get(2).map_or("", |g| g.as_str());
            let whole = caps.get(0).map_or(0, |g| g.end());
            let split = (1..run.len())
                .find(|&k| well_formed_amount(&format!("{}{tail}", &run[k..])))
                .unwrap_or(0);
            return Some(Head {
                time: row[..split].to_string(),
                fee: row[split..whole].to_string(),
                len: whole,
            });
        }
    }
    if let Some(rest) = row.strip_prefix("Không có thông tin") {
        if let Some(fee) = fee_at(row.len() - rest.len()) {
            return Some(head(row.len() - rest.len(), fee));
        }
    }
    // A free-text time ("Không phải trả kết quả cho người nộp thuế") ends
    // where the fee cell begins.
    let window = &row[..floor_char_boundary(row, 400)];
    let m = FEE_ANYWHERE.find(window)?;
    if m.start() == 0 || row[..m.start()].contains('\n') {
        return None;
    }
    fee_at(m.start()).map(|fee| head(m.start(), fee))
}

fn floor_char_boundary(s: &str, max: usize) -> usize {
    let mut i = max.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// "5,000,000", "20", "1.500" — not "05,000", not "1,50".
fn well_formed_amount(s: &str) -> bool {
    if s.is_empty() || s.starts_with('0') {
        return false;
    }
    let mut groups = s.split([',', '.']);
    let first = groups.next().unwrap_or("");
    if s.contains([',', '.']) {
        (1..=3).contains(&first.len())
            && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
    } else {
        true
    }
}

/// Split a parenthesized fee note from the description that follows it.
fn split_note(s: &str) -> (&str, &str) {
    let Some(rest) = s.strip_prefix('(') else {
        return ("", s);
    };
    let mut depth = 1usize;
    for (i, c) in rest.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    let inner = &rest[..i];
                    let inner = inner
                        .strip_prefix('(')
                        .and_then(|x| x.strip_suffix(')'))
                        .unwrap_or(inner);
                    return (inner, &rest[i + 1..]);
                }
            }
            _ => {}
        }
    }
    // Unbalanced: the whole remainder is the note.
    (rest, "")
}

/// Amount in VND of a fee cell. "Miễn phí" is 0; amounts in another currency
/// or too small to be real đồng (the portal sometimes drops the thousands:
/// "20 VNĐ" with a note "20.000 vnđ/tờ khai") are confirmed from the note or
/// left unknown.
fn amount_vnd(cell: &str, note: &str) -> Option<u64> {
    if cell.starts_with("Miễn phí") {
        return Some(0);
    }
    if !(cell.contains("Đồng") || cell.contains("VNĐ")) {
        return None;
    }
    let digits: String = cell.chars().filter(char::is_ascii_digit).collect();
    let n: u64 = digits.parse().ok()?;
    if n >= 1_000 {
        return Some(n);
    }
    NOTE_AMOUNT
        .captures_iter(note)
        .filter_map(|c| {
            c.get(1)?
                .as_str()
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .parse::<u64>()
                .ok()
        })
        .find(|&m| m == n * 1_000)
}

/// One fee for the whole procedure when every channel charges the same;
/// per-channel fees otherwise.
///
/// When one channel has several rows with different fees, the case each fee
/// applies to is the head of its row's description ("Tại cơ quan đại diện:
/// 10 USD/bản." → "Tại cơ quan đại diện").
fn merge_fees(rows: Vec<(Fee, String)>) -> Vec<Fee> {
    let all_same = rows
        .windows(2)
        .all(|w| w[0].0.amount_vnd == w[1].0.amount_vnd && w[0].0.text == w[1].0.text);
    let mut out: Vec<Fee> = Vec::new();
    for (mut fee, case) in rows.iter().cloned() {
        if all_same {
            fee.channel = None;
        } else {
            let same_channel = rows
                .iter()
                .filter(|(f, _)| f.channel == fee.channel)
                .count();
            if same_channel > 1 {
                fee.case = case;
            }
        }
        if !out.contains(&fee) {
            out.push(fee);
        }
    }
    out
}

/// The case a row's description opens with, before its colon ("Tại Ủy ban
/// nhân dân cấp xã, Tổ chức hành nghề công chứng: 2.000 đồng/trang…").
fn case_of(description: &str) -> String {
    let first = description.lines().next().unwrap_or("");
    match first.split_once(':') {
        Some((head, _)) if (3..=100).contains(&head.chars().count()) => head.trim().to_string(),
        _ => String::new(),
    }
}

/// Structure a time limit, keeping its wording. `None` for an empty cell.
pub(super) fn processing_time(text: &str) -> Option<ProcessingTime> {
    let text = text.trim();
    if clean::is_placeholder(text) && text.to_lowercase() != "không quy định" {
        return None;
    }
    let lower = text.to_lowercase();
    let (unit, amount) = if lower.contains("trong ngày") || lower.starts_with("ngay") {
        (TimeUnit::SameDay, None)
    } else if let Some(c) = TIME_IN_TEXT.captures(&lower).filter(|_| lower.len() <= 120) {
        let n: Option<f32> = c
            .get(1)
            .and_then(|g| g.as_str().replace(',', ".").parse().ok());
        match c.get(2).map(|g| g.as_str()) {
            Some("ngày làm việc") => (TimeUnit::WorkingDays, n),
            Some("ngày") => (TimeUnit::Days, n),
            Some("giờ") | Some("giờ làm việc") => (TimeUnit::Hours, n),
            _ => (TimeUnit::Unspecified, None),
        }
    } else {
        // A bare number ("1"): the portal dropped the unit.
        (TimeUnit::Unspecified, None)
    };
    Some(ProcessingTime {
        unit,
        amount,
        text: text.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(t: &ChannelTable) -> Vec<ChannelKind> {
        t.channels.iter().map(|c| c.kind).collect()
    }

    #[test]
    fn free_rows_with_bare_times_split() {
        let t = parse(
            "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến1Miễn phíDịch vụ bưu chính1Miễn phíTrực tiếp1Miễn phí",
            "https://x",
        );
        assert_eq!(
            kinds(&t),
            [
                ChannelKind::Online,
                ChannelKind::Post,
                ChannelKind::InPerson
            ]
        );
        assert_eq!(t.channels[0].url, "https://x");
        assert_eq!(
            t.channels[2]
                .processing_time
                .as_ref()
                .map(|p| p.text.as_str()),
            Some("1")
        );
        assert_eq!(t.fees.len(), 1);
        assert_eq!(t.fees[0].amount_vnd, Some(0));
        assert_eq!(t.fees[0].channel, None);
    }

    #[test]
    fn time_units_fee_notes_and_descriptions() {
        let t = parse(
            "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp3 Ngày làm việc10,000 Việt Nam Đồng(10.000 đồng/khẩu)Trong thời hạn 03 ngày.",
            "",
        );
        let c = &t.channels[0];
        let time = c.processing_time.as_ref().expect("time");
        assert_eq!((time.unit, time.amount), (TimeUnit::WorkingDays, Some(3.0)));
        assert_eq!(c.fee_text, "10,000 Việt Nam Đồng (10.000 đồng/khẩu)");
        assert_eq!(c.description, "Trong thời hạn 03 ngày.");
        assert_eq!(t.fees[0].amount_vnd, Some(10_000));
    }

    #[test]
    fn digits_of_time_and_amount_are_told_apart() {
        let t = parse(
            "Trực tuyến120 VNĐ(20.000 vnđ /tờ khai)Trực tiếp1100,000 VNĐ",
            "",
        );
        assert_eq!(
            t.channels[0]
                .processing_time
                .as_ref()
                .map(|p| p.text.as_str()),
            Some("1")
        );
        assert_eq!(t.fees[0].amount_vnd, Some(20_000));
        assert_eq!(t.channels[1].fee_text, "100,000 VNĐ");
        assert_eq!(t.fees[1].amount_vnd, Some(100_000));
        assert_eq!(t.fees[1].channel, Some(ChannelKind::InPerson));
    }

    #[test]
    fn quoted_channel_names_inside_descriptions_are_not_rows() {
        let t = parse(
            "Trực tiếp5 Ngày làm việcMiễn phí- Trực tiếp: nộp tại Bộ phận Một cửa. - Trực tuyến: nộp tại Cổng.Trực tuyến5 Ngày làm việcMiễn phí- Trực tiếp: nộp",
            "",
        );
        assert_eq!(kinds(&t), [ChannelKind::InPerson, ChannelKind::Online]);
        assert!(t.channels[0]
            .description
            .contains("- Trực tuyến: nộp tại Cổng."));
    }

    #[test]
    fn free_text_times_and_unknown_fees() {
        let t = parse(
            "Trực tuyếnKhông phải trả kết quả cho người nộp thuếMiễn phíQua Cổng dịch vụ côngTrực tiếpKhông có thông tinKhông có thông tin Trực tiếp tại Phòng",
            "",
        );
        assert_eq!(kinds(&t), [ChannelKind::Online, ChannelKind::InPerson]);
        let time = t.channels[0].processing_time.as_ref().expect("time");
        assert_eq!(time.unit, TimeUnit::Unspecified);
        assert_eq!(t.channels[1].processing_time, None);
        assert_eq!(t.channels[1].fee_text, "");
        assert_eq!(t.channels[1].description, "Trực tiếp tại Phòng");
        assert_eq!(t.fees.len(), 1);
    }

    #[test]
    fn processing_time_wordings() {
        let p = |s| processing_time(s).map(|p| (p.unit, p.amount));
        assert_eq!(
            p("1 Ngày làm việc"),
            Some((TimeUnit::WorkingDays, Some(1.0)))
        );
        assert_eq!(p("5 Ngày"), Some((TimeUnit::Days, Some(5.0))));
        assert_eq!(p("03 giờ"), Some((TimeUnit::Hours, Some(3.0))));
        assert_eq!(
            p("0.5 Ngày làm việc"),
            Some((TimeUnit::WorkingDays, Some(0.5)))
        );
        assert_eq!(p("Trong ngày"), Some((TimeUnit::SameDay, None)));
        assert_eq!(
            p("Ngay trong ngày làm việc"),
            Some((TimeUnit::SameDay, None))
        );
        assert_eq!(p("1"), Some((TimeUnit::Unspecified, None)));
        assert_eq!(p("Không có thông tin"), None);
    }

    #[test]
    fn small_amounts_without_confirmation_stay_unknown() {
        assert_eq!(amount_vnd("800 Việt Nam Đồng", "400.000 đồng/hồ sơ"), None);
        assert_eq!(amount_vnd("25 USD", ""), None);
        assert_eq!(amount_vnd("8.000 Đồng", ""), Some(8_000));
    }
}
