//! Redaction of personal numbers and e-mail addresses in text bound for logs.
//!
//! What is masked: any run of 9 or more digits (old 9-digit ID numbers,
//! 12-digit citizen ID numbers, phone numbers written solid, bank account
//! numbers); digit groups joined by single spaces, dots or dashes that add up
//! to 9 or more digits ("0912 345 678", "+84 912.345.678", "001 099 012 345");
//! and e-mail addresses. Shorter numbers stay (procedure codes "1.001193",
//! document numbers "60/2014/QH13", dates, latencies).
//!
//! This is the last line of defence, applied to every log line by
//! [`RedactingWriter`]: the first one is not logging citizens' messages at
//! all (see [`crate::http::access_log`]). It does not and cannot recognize a
//! message as such.

use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::OnceLock;

use regex::{Captures, Regex};

/// Replacement for a personal number.
pub const NUMBER_MASK: &str = "[redacted-number]";
/// Replacement for an e-mail address.
pub const EMAIL_MASK: &str = "[redacted-email]";

/// Digits that make a number personal enough to mask.
const MIN_DIGITS: usize = 9;

fn patterns() -> &'static (Regex, Regex) {
    static PATTERNS: OnceLock<(Regex, Regex)> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let email =
            Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
                .expect("the e-mail pattern is valid");
        // A run of digits, or groups of digits joined by one separator.
        let number = Regex::new(r"\d+(?:[ .\-]\d+)*").expect("the number pattern is valid");
        (email, number)
    })
}

/// `text` with personal numbers and e-mail addresses masked (borrowed when
/// there is nothing to mask).
pub fn redact(text: &str) -> Cow<'_, str> {
    let (email, number) = patterns();
    let text = email.replace_all(text, EMAIL_MASK);
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return text;
    }
    let masked = number.replace_all(&text, |c: &Captures| {
        let m = &c[0];
        if is_personal(m) {
            NUMBER_MASK.to_string()
        } else {
            m.to_string()
        }
    });
    match masked {
        Cow::Borrowed(_) => text,
        Cow::Owned(s) => Cow::Owned(s),
    }
}

/// A digit group sequence is personal when a solid run has 9+ digits, or
/// when groups of 2–4 digits (phone and ID spellings) add up to 9+. Dotted
/// decimals and codes ("1.001193", "2026-11-27") stay.
fn is_personal(m: &str) -> bool {
    let groups: Vec<&str> = m.split([' ', '.', '-']).collect();
    if groups.iter().any(|g| g.len() >= MIN_DIGITS) {
        return true;
    }
    let digits: usize = groups.iter().map(|g| g.len()).sum();
    if digits < MIN_DIGITS || groups.len() < 2 {
        return false;
    }
    // Phone and ID spellings: every group but the first has 2-4 digits.
    groups[1..].iter().all(|g| (2..=4).contains(&g.len())) && groups[0].len() <= 4
}

/// A writer for log output that redacts each write (the `fmt` subscriber
/// writes one whole line per event).
pub struct RedactingWriter<W: Write>(pub W);

impl<W: Write> Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(redact(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// `RedactingWriter<Stderr>` for `tracing_subscriber::fmt().with_writer(..)`.
pub fn stderr() -> RedactingWriter<io::Stderr> {
    RedactingWriter(io::stderr())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_numbers_and_emails_are_masked() {
        for (input, secret) in [
            ("CCCD 001099012345 nhé", "001099012345"),
            ("CMND 123456789", "123456789"),
            ("gọi 0912345678", "0912345678"),
            ("gọi 0912 345 678", "0912 345 678"),
            ("gọi 091.234.5678", "091.234.5678"),
            ("gọi +84 912 345 678", "912 345 678"),
            ("gọi 84912345678", "84912345678"),
            ("bàn 024 3825 1234", "024 3825 1234"),
            ("số 001 099 012 345", "001 099 012 345"),
            ("abc0912345678xyz", "0912345678"),
            ("mail nguyen.van.a+xa@gmail.com.vn ok", "nguyen.van.a"),
        ] {
            let out = redact(input);
            assert!(!out.contains(secret), "{input} → {out}");
            assert!(out.contains("[redacted-"), "{input} → {out}");
        }
    }

    #[test]
    fn codes_dates_and_document_numbers_stay() {
        for text in [
            "procedure 1.001193 and 2.002516",
            "60/2014/QH13 Điều 16",
            "2026-11-27T05:13:00.481351Z",
            "latency_ms=12.3 generation=7",
            "123/2015/NĐ-CP",
            "status=200 route=/api/chat",
        ] {
            assert_eq!(redact(text), text);
        }
    }

    #[test]
    fn the_writer_redacts_what_passes_through() {
        let mut w = RedactingWriter(Vec::new());
        w.write_all(b"id 001099012345\n").expect("write");
        assert_eq!(
            String::from_utf8(w.0).expect("utf8"),
            "id [redacted-number]\n"
        );
    }
}
