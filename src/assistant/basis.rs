//! Which legal documents a procedure's passages are searched in, worked out
//! once per corpus instead of on every chat turn.
//!
//! A procedure's own legal basis (căn cứ pháp lý) is the documents its
//! `legal_basis` cites that the corpus has. When those have too few matching
//! articles — or there are none (the basis is missing from the corpus, or it
//! cites nothing) — the documents cited by the procedures of its field (lĩnh
//! vực) come next: the laws of its subject, a few documents to rank instead
//! of every article of the corpus.

use std::collections::{BTreeSet, HashMap};

use crate::analysis::docnum::normalize;
use crate::corpus::Corpus;

/// Per procedure (corpus order): its legal-basis documents; per field: the
/// documents its procedures cite.
#[derive(Debug, Clone, Default)]
pub struct BasisDocuments {
    own: Vec<Vec<usize>>,
    /// Normalized document number → corpus index (the first of equal numbers).
    numbers: HashMap<String, usize>,
    /// Field name (trimmed) → sorted corpus indices.
    by_field: HashMap<String, Vec<usize>>,
}

impl BasisDocuments {
    pub fn new(corpus: &Corpus) -> Self {
        let mut numbers: HashMap<String, usize> = HashMap::with_capacity(corpus.documents.len());
        for (i, d) in corpus.documents.iter().enumerate() {
            // The first of equal numbers, as a scan would find it.
            numbers.entry(normalize(&d.header.number)).or_insert(i);
        }
        let own: Vec<Vec<usize>> = corpus
            .procedures
            .iter()
            .map(|p| {
                let mut docs: Vec<usize> = Vec::new();
                for r in &p.legal_basis {
                    if let Some(&i) = numbers.get(&normalize(&r.document_number)) {
                        if !docs.contains(&i) {
                            docs.push(i);
                        }
                    }
                }
                docs
            })
            .collect();
        let mut fields: HashMap<String, BTreeSet<usize>> = HashMap::new();
        for (p, docs) in corpus.procedures.iter().zip(&own) {
            let field = p.field.trim();
            if !field.is_empty() && !docs.is_empty() {
                fields
                    .entry(field.to_string())
                    .or_default()
                    .extend(docs.iter().copied());
            }
        }
        let by_field = fields
            .into_iter()
            .map(|(f, docs)| (f, docs.into_iter().collect()))
            .collect();
        BasisDocuments {
            own,
            numbers,
            by_field,
        }
    }

    /// The documents of the legal basis of procedure `index` (its position
    /// in the corpus), as corpus indices; empty when none is in the corpus.
    pub fn own(&self, index: usize) -> &[usize] {
        self.own.get(index).map_or(&[], Vec::as_slice)
    }

    /// The corpus index of the document numbered `number` (any spelling
    /// [`normalize`] equates).
    pub fn document(&self, number: &str) -> Option<usize> {
        self.numbers.get(&normalize(number)).copied()
    }

    /// The documents cited by the procedures of the field of procedure
    /// `index`, its own included, as sorted corpus indices.
    pub fn field(&self, corpus: &Corpus, index: usize) -> &[usize] {
        corpus
            .procedures
            .get(index)
            .and_then(|p| self.by_field.get(p.field.trim()))
            .map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{DocumentHeader, LegalDocument, LegalRef, Procedure};

    fn doc(number: &str) -> LegalDocument {
        LegalDocument {
            header: DocumentHeader {
                number: number.into(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    fn procedure(code: &str, field: &str, basis: &[&str]) -> Procedure {
        Procedure {
            code: code.into(),
            field: field.into(),
            legal_basis: basis
                .iter()
                .map(|n| LegalRef {
                    document_number: n.to_string(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn a_procedures_own_documents_and_its_fields() {
        let corpus = Corpus {
            procedures: vec![
                // Spelled without accents and with a leading zero: still found.
                procedure(
                    "1",
                    "Hộ tịch",
                    &["60/2014/QH13", "123/2015/ND-CP", "60/2014/QH13"],
                ),
                procedure("2", " Hộ tịch ", &["52/2014/QH13", "99/2099/QH99"]),
                procedure("3", "Hộ tịch", &["99/2099/QH99"]),
                procedure("4", "Đất đai", &[]),
                procedure("5", "", &[]),
                procedure("6", "Cư trú", &["068/2020/QH14"]),
            ],
            documents: vec![
                doc("123/2015/NĐ-CP"),
                doc("52/2014/QH13"),
                doc("60/2014/QH13"),
                doc("68/2020/QH14"),
            ],
        };
        let b = BasisDocuments::new(&corpus);
        assert_eq!(b.own(0), [2, 0]);
        assert_eq!(b.own(1), [1]);
        assert_eq!(b.own(5), [3]);
        // No basis in the corpus, no field, out of range.
        for i in [2, 3, 4, 99] {
            assert!(b.own(i).is_empty(), "{i}");
        }
        // What the Hộ tịch procedures cite, however the field is spaced.
        for i in [0, 1, 2] {
            assert_eq!(b.field(&corpus, i), [0, 1, 2], "{i}");
        }
        // A field nobody cites anything for, no field, out of range.
        for i in [3, 4, 99] {
            assert!(b.field(&corpus, i).is_empty(), "{i}");
        }
        assert_eq!(b.field(&corpus, 5), [3]);
        assert_eq!(b.document("123/2015/ND-CP"), Some(0));
        assert_eq!(b.document("68/2020/QH14"), Some(3));
        assert_eq!(b.document("1/2000/QH10"), None);
    }
}
