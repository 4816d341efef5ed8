//! Turn a corpus procedure into what a citizen sees: the structured view and
//! a plain-text answer that can be read aloud. Every sentence is corpus text
//! or a fixed label; nothing is generated.

use super::intent::Social;
use super::types::*;
use crate::config::CommuneProfile;
use crate::corpus::{ChannelKind, Corpus, DocumentForm, Procedure, TimeUnit};

/// Fixed labels in both languages.
pub struct Labels {
    pub lang: Lang,
}

impl Labels {
    fn t(&self, vi: &'static str, en: &'static str) -> &'static str {
        match self.lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    pub fn channel(&self, kind: ChannelKind) -> &'static str {
        match kind {
            ChannelKind::InPerson => self.t("Trực tiếp", "In person"),
            ChannelKind::Online => self.t("Trực tuyến", "Online"),
            ChannelKind::Post => self.t("Qua dịch vụ bưu chính", "By post"),
        }
    }

    pub fn form(&self, form: DocumentForm) -> &'static str {
        match form {
            DocumentForm::Original => self.t("bản chính", "original"),
            DocumentForm::CertifiedCopy => self.t("bản sao có chứng thực", "certified copy"),
            DocumentForm::Copy => self.t("bản sao", "copy"),
            DocumentForm::Shown => self.t("xuất trình bản chính", "show the original"),
            DocumentForm::Unspecified => "",
        }
    }
}

/// Build the structured view of a procedure.
pub fn view(p: &Procedure, corpus: &Corpus, profile: &CommuneProfile, lang: Lang) -> ProcedureView {
    let labels = Labels { lang };
    ProcedureView {
        code: p.code.clone(),
        name: p.name.clone(),
        field: p.field.clone(),
        agency: agency(p, profile),
        channels: p
            .channels
            .iter()
            .map(|c| ChannelView {
                kind: c.kind,
                label: labels.channel(c.kind).to_string(),
                processing_time: c.processing_time.clone(),
                fee_text: c.fee_text.clone(),
                url: c.url.clone(),
            })
            .collect(),
        checklist: p
            .checklist
            .iter()
            .map(|c| ChecklistView {
                name: c.name.clone(),
                quantity: c.quantity,
                form: c.form,
                form_label: labels.form(c.form).to_string(),
                show_only: c.kind == crate::corpus::ChecklistKind::Show,
                condition: c.condition.clone(),
                template: c.template.clone(),
                citations: c.citations.clone(),
            })
            .collect(),
        steps: p.steps.iter().map(|s| s.text.clone()).collect(),
        processing_time: p.processing_time.clone(),
        fees: p.fees.clone(),
        result: p.results.clone(),
        legal_basis: p
            .legal_basis
            .iter()
            .map(|r| LegalBasisView {
                document_number: r.document_number.clone(),
                article: r.article.clone(),
                title: r.title.clone(),
                in_corpus: corpus.document(&r.document_number).is_some(),
            })
            .collect(),
        source_url: p.source.portal_url.clone(),
        as_of: p.source.as_of.clone(),
    }
}

/// Where to submit: the agency the corpus names, else — for a procedure
/// performed at commune level — the commune's own center from the profile.
pub fn agency(p: &Procedure, profile: &CommuneProfile) -> String {
    if !p.agency.trim().is_empty() {
        return p.agency.clone();
    }
    let commune_level = p
        .levels
        .iter()
        .any(|l| crate::text::fold_accents(l).to_lowercase().contains("xa"));
    if commune_level {
        profile.name.clone()
    } else {
        String::new()
    }
}

/// The plain-text answer: procedure line, the asked part first, then the
/// rest of the essentials (only the asked part for a follow-up).
pub fn answer(v: &ProcedureView, intent: Intent, follow_up: bool, lang: Lang) -> String {
    let l = Labels { lang };
    let mut parts: Vec<String> = Vec::new();
    parts.push(format!(
        "{} {} ({} {}).",
        l.t("Thủ tục:", "Procedure:"),
        v.name,
        l.t("mã", "code"),
        v.code
    ));
    let order: &[Intent] = match intent {
        Intent::Fees => &[Intent::Fees],
        Intent::Time => &[Intent::Time],
        Intent::Where => &[Intent::Where],
        Intent::Result => &[Intent::Result],
        Intent::LegalBasis => &[Intent::LegalBasis],
        Intent::Steps => &[Intent::Steps],
        _ => &[Intent::Documents],
    };
    let rest: &[Intent] = &[Intent::Documents, Intent::Time, Intent::Fees, Intent::Where];
    let mut sections: Vec<Intent> = order.to_vec();
    if !follow_up {
        sections.extend(rest.iter().filter(|i| !order.contains(i)));
    }
    for s in sections {
        if let Some(text) = section(v, s, &l) {
            parts.push(text);
        }
    }
    parts.join("\n")
}

fn section(v: &ProcedureView, s: Intent, l: &Labels) -> Option<String> {
    match s {
        Intent::Documents => {
            if v.checklist.is_empty() {
                return None;
            }
            let mut out = String::from(l.t("Giấy tờ cần chuẩn bị:", "Documents to bring:"));
            // Read aloud what everyone needs first, then what depends on the
            // case, then what is only shown. (The structured checklist keeps
            // the corpus order: pages address items by position.)
            let mut items: Vec<&ChecklistView> = v.checklist.iter().collect();
            items.sort_by_cached_key(|c| (c.show_only, case_rank(c)));
            for (i, c) in items.into_iter().enumerate() {
                out.push_str(&format!("\n{}. {}", i + 1, c.name));
                let mut details = Vec::new();
                if c.quantity > 0 && !c.form_label.is_empty() {
                    details.push(format!("{} {}", c.quantity, c.form_label));
                } else if !c.form_label.is_empty() {
                    details.push(c.form_label.clone());
                }
                if !c.condition.is_empty() && !c.name.contains(&c.condition) {
                    details.push(c.condition.clone());
                }
                if !details.is_empty() {
                    out.push_str(&format!(" ({})", details.join("; ")));
                }
            }
            Some(out)
        }
        Intent::Time => {
            let t = v.processing_time.as_ref()?;
            Some(format!(
                "{} {}",
                l.t("Thời hạn giải quyết:", "Processing time:"),
                t.text
            ))
        }
        Intent::Fees => {
            let mut lines: Vec<String> = v
                .fees
                .iter()
                .map(|f| {
                    let who = f
                        .channel
                        .map(|c| format!("{}: ", l.channel(c)))
                        .unwrap_or_default();
                    let case = if f.case.is_empty() {
                        String::new()
                    } else {
                        format!("{}: ", f.case)
                    };
                    format!("{who}{case}{}", f.text)
                })
                .collect();
            lines.dedup();
            if lines.is_empty() {
                return None;
            }
            Some(format!("{} {}", l.t("Lệ phí:", "Fees:"), lines.join("; ")))
        }
        Intent::Where => {
            let mut out = Vec::new();
            if !v.agency.is_empty() {
                out.push(format!(
                    "{} {}",
                    l.t("Nơi nộp:", "Where to submit:"),
                    v.agency
                ));
            }
            if !v.channels.is_empty() {
                let ch: Vec<String> = v
                    .channels
                    .iter()
                    .map(|c| {
                        if c.url.is_empty() {
                            c.label.clone()
                        } else {
                            format!("{} ({})", c.label, c.url)
                        }
                    })
                    .collect();
                out.push(format!(
                    "{} {}",
                    l.t("Cách nộp:", "How to submit:"),
                    ch.join(", ")
                ));
            }
            (!out.is_empty()).then(|| out.join("\n"))
        }
        Intent::Result => (!v.result.is_empty())
            .then(|| format!("{} {}", l.t("Kết quả:", "Result:"), v.result.join("; "))),
        Intent::LegalBasis => (!v.legal_basis.is_empty()).then(|| {
            let docs: Vec<String> = v
                .legal_basis
                .iter()
                .map(|r| {
                    if r.title.is_empty() {
                        r.document_number.clone()
                    } else {
                        format!("{} ({})", r.title, r.document_number)
                    }
                })
                .collect();
            format!(
                "{} {}",
                l.t("Căn cứ pháp lý:", "Legal basis:"),
                docs.join("; ")
            )
        }),
        Intent::Steps => (!v.steps.is_empty()).then(|| {
            let steps: Vec<String> = v
                .steps
                .iter()
                .enumerate()
                .map(|(i, s)| format!("{}. {}", i + 1, s))
                .collect();
            format!(
                "{}\n{}",
                l.t("Các bước thực hiện:", "Steps:"),
                steps.join("\n")
            )
        }),
        Intent::Overview | Intent::OutOfScope | Intent::Social => None,
    }
}

/// How much an item depends on the applicant's case, for reading order:
/// 0 — always needed (no condition, or the condition only names what to
/// bring instead: "trường hợp không có Giấy chứng sinh thì…");
/// 1 — depends on how one submits (trực tiếp, bưu chính, trực tuyến);
/// 2 — a special case (ủy quyền, trẻ bị bỏ rơi, mang thai hộ…).
fn case_rank(c: &ChecklistView) -> u8 {
    let name = c.name.to_lowercase();
    let condition = c.condition.to_lowercase();
    let embedded = name.contains("nếu ") || name.contains("trường hợp ");
    if condition.is_empty() && !embedded {
        return 0;
    }
    let key: String = name.chars().take(24).collect();
    if !condition.is_empty() && condition.contains(key.trim()) {
        return 0;
    }
    let text = format!("{condition} {name}");
    if ["trực tiếp", "bưu chính", "trực tuyến"]
        .iter()
        .any(|w| text.contains(w))
    {
        return 1;
    }
    2
}

/// The answer when no procedure is a credible match.
pub fn not_sure(alternatives: &[Alternative], contact: &Contact, lang: Lang) -> String {
    let l = Labels { lang };
    let mut out = String::from(l.t(
        "Xin lỗi, tôi chưa tìm được thủ tục phù hợp chắc chắn với câu hỏi của bạn.",
        "Sorry, I could not find a procedure that surely matches your question.",
    ));
    if !alternatives.is_empty() {
        out.push('\n');
        out.push_str(l.t("Có thể bạn quan tâm:", "You may be looking for:"));
        for a in alternatives {
            out.push_str(&format!("\n- {} ({})", a.name, a.code));
        }
    }
    out.push('\n');
    out.push_str(&format!(
        "{} {}",
        l.t(
            "Bạn có thể hỏi trực tiếp:",
            "You can ask the center directly:"
        ),
        contact.name
    ));
    for [k, v] in &contact.lines {
        out.push_str(&format!("\n{k}: {v}"));
    }
    out
}

/// The courtesy answering social talk (fixed words, no corpus content).
pub fn social(kind: Social, center: &str, lang: Lang) -> String {
    match (kind, lang) {
        (Social::Greeting, Lang::Vi) => format!(
            "Xin chào! Tôi là trợ lý tra cứu thủ tục hành chính của {center}. \
             Bạn cứ nhắn việc cần làm bằng lời của mình, có dấu hay không dấu đều được, \
             ví dụ: “làm giấy khai sinh cho con cần gì?”. Tôi trả lời theo các thủ tục và \
             văn bản pháp luật đã công bố, có ghi nguồn."
        ),
        (Social::Greeting, Lang::En) => format!(
            "Hello! I am the administrative procedures assistant of {center}. \
             Tell me in your own words what you need to do, for example: “How do I register \
             a birth?”. I answer from the published procedures and legal texts, with their \
             sources."
        ),
        (Social::Thanks, Lang::Vi) => {
            "Rất vui được giúp bạn. Bạn cần hỏi thêm gì cứ nhắn nhé.".into()
        }
        (Social::Thanks, Lang::En) => "Glad to help. Ask me anything else you need.".into(),
        (Social::Goodbye, Lang::Vi) => {
            "Cảm ơn bạn. Chúc bạn một ngày tốt lành! Khi cần, bạn cứ quay lại hỏi nhé.".into()
        }
        (Social::Goodbye, Lang::En) => {
            "Thank you. Have a good day! Come back whenever you need.".into()
        }
    }
}

/// Example questions to start with (the web page before the first answer,
/// and the reply to a greeting); each answers with a procedure on the
/// committed corpus (see the web tests).
pub fn examples(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Vi => &[
            "Làm giấy khai sinh cho con",
            "Đăng ký kết hôn cần giấy tờ gì?",
            "Chứng thực bản sao giấy tờ",
            "Đăng ký khai tử",
        ],
        Lang::En => &[
            "How do I register a birth?",
            "How to register a marriage",
            "Register a death",
        ],
    }
}

/// The center's contact card (empty fields are absent).
pub fn contact(profile: &CommuneProfile, lang: Lang) -> Contact {
    Contact {
        name: profile.name.clone(),
        lines: profile
            .contact_lines(lang == Lang::En)
            .into_iter()
            .map(|(k, v)| [k, v])
            .collect(),
    }
}

/// A short unit-aware description of a time (for suggestions and tests).
pub fn time_summary(t: &crate::corpus::ProcessingTime) -> String {
    match (t.unit, t.amount) {
        (TimeUnit::SameDay, _) => "trong ngày".into(),
        (TimeUnit::WorkingDays, Some(n)) => format!("{n} ngày làm việc"),
        (TimeUnit::Days, Some(n)) => format!("{n} ngày"),
        (TimeUnit::Hours, Some(n)) => format!("{n} giờ"),
        _ => t.text.clone(),
    }
}
