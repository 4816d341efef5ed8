//! Turning corpus records into tantivy documents (see [`super::schema`] for
//! what each field holds). Text is NFC-normalized on the way in, whatever the
//! loader did.

use tantivy::schema::Field;
use tantivy::TantivyDocument;

use super::schema::{Fields, TextPair, KIND_ARTICLE, KIND_PROCEDURE};
use crate::corpus::{Article, DocumentStatus, LegalDocument, Procedure};
use crate::text::{fold_accents, nfc};

/// The raw value stored in `status`.
pub fn status_str(status: DocumentStatus) -> &'static str {
    match status {
        DocumentStatus::InForce => "in_force",
        DocumentStatus::Amended => "amended",
        DocumentStatus::Superseded => "superseded",
    }
}

/// The status stored as `status_str` wrote it; `None` for anything else.
pub fn parse_status(stored: &str) -> Option<DocumentStatus> {
    [
        DocumentStatus::InForce,
        DocumentStatus::Amended,
        DocumentStatus::Superseded,
    ]
    .into_iter()
    .find(|&s| status_str(s) == stored)
}

/// The raw value of the `article` field: trimmed, lower case ("3A" → "3a").
pub fn article_key(number: &str) -> String {
    nfc(number.trim()).to_lowercase()
}

fn add_pair(doc: &mut TantivyDocument, pair: TextPair, text: &str) {
    if text.trim().is_empty() {
        return;
    }
    let text = nfc(text);
    doc.add_text(pair.exact, &text);
    doc.add_text(pair.folded, &text);
}

fn add_raw(doc: &mut TantivyDocument, field: Field, text: &str) {
    doc.add_text(field, text);
}

fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(". ")
}

/// The tantivy document of one procedure.
pub fn procedure_doc(f: &Fields, p: &Procedure) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    add_raw(&mut doc, f.kind, KIND_PROCEDURE);
    add_raw(&mut doc, f.code, p.code.trim());
    add_pair(&mut doc, f.name, &p.name);
    for alias in &p.aliases {
        add_pair(&mut doc, f.aliases, alias);
    }
    add_pair(&mut doc, f.field, &p.field);
    for item in &p.checklist {
        add_pair(
            &mut doc,
            f.checklist,
            &join(&[&item.name, &item.condition, &item.template]),
        );
    }
    for step in &p.steps {
        add_pair(&mut doc, f.steps, &step.text);
    }
    for fee in &p.fees {
        add_pair(&mut doc, f.fees, &join(&[&fee.case, &fee.text]));
    }
    for channel in &p.channels {
        add_pair(&mut doc, f.fees, &channel.fee_text);
        if let Some(t) = &channel.processing_time {
            add_pair(&mut doc, f.time, &t.text);
        }
        add_pair(&mut doc, f.other, &channel.description);
    }
    if let Some(t) = &p.processing_time {
        add_pair(&mut doc, f.time, &t.text);
    }
    for result in &p.results {
        add_pair(&mut doc, f.results, result);
    }
    add_pair(&mut doc, f.requirements, &p.requirements);
    add_pair(&mut doc, f.requirements, &p.applicants);
    add_pair(&mut doc, f.agency, &p.agency);
    for level in &p.levels {
        add_pair(&mut doc, f.other, level);
    }
    if let Some(s) = &p.no_documents_statement {
        add_pair(&mut doc, f.other, s);
    }
    for note in &p.notes {
        add_pair(&mut doc, f.other, &join(&[&note.title, &note.text]));
    }
    for basis in &p.legal_basis {
        doc.add_text(f.legal_basis, &basis.document_number);
        add_pair(&mut doc, f.other, &basis.title);
    }
    doc
}

/// The title as indexed: the title, then the type when the title does not
/// already start with it ("Hộ tịch" + "Luật").
fn type_missing_from_title(d: &LegalDocument) -> bool {
    let title = fold_accents(&d.header.title).to_lowercase();
    let doc_type = fold_accents(&d.header.doc_type).to_lowercase();
    !doc_type.trim().is_empty() && !title.starts_with(doc_type.trim())
}

/// The tantivy document of one article of `d`.
pub fn article_doc(f: &Fields, d: &LegalDocument, a: &Article) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    add_raw(&mut doc, f.kind, KIND_ARTICLE);
    let number = nfc(&d.header.number);
    add_raw(&mut doc, f.document_number, &number);
    doc.add_text(f.docnum, &number);
    add_raw(&mut doc, f.doc_type, &nfc(&d.header.doc_type));
    add_pair(&mut doc, f.doc_title, &d.header.title);
    if type_missing_from_title(d) {
        add_pair(&mut doc, f.doc_title, &d.header.doc_type);
    }
    add_raw(&mut doc, f.status, status_str(d.header.status));
    add_pair(&mut doc, f.chapter, &a.chapter);
    add_pair(&mut doc, f.chapter, &a.section);
    add_raw(&mut doc, f.article, &article_key(&a.number));
    add_pair(&mut doc, f.article_title, &a.title);
    // Always store a text value so a hit can show an (empty) snippet.
    let text = nfc(&a.text);
    doc.add_text(f.text.exact, &text);
    doc.add_text(f.text.folded, &text);
    doc
}
