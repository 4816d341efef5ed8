//! A document filter computed once per search and shared by every clause.
//!
//! A search among a few legal documents' articles restricts each scoring
//! clause to them (see [`super::query::articles`]): tantivy's union scores
//! whole 4,096-document windows, so a filter beside the union would still
//! rank most of a large corpus. Written as `Must(clause) ∧ Must(any of the
//! documents' number terms)`, every one of a long question's ~200 clauses
//! rebuilt its own union of the documents' postings, most of the search.
//! [`DocumentsFilter`] reads those postings once per segment into a bit set
//! and hands each clause a copy (a few KiB): the same documents, the same
//! scores (the filter scores 0).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::index::SegmentId;
use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// Documents having any of `terms` in `field` (score 0).
#[derive(Clone)]
pub struct DocumentsFilter {
    shared: Arc<Shared>,
}

struct Shared {
    field: Field,
    terms: Vec<Term>,
    /// The matching documents of each segment, read on first use.
    segments: Mutex<HashMap<SegmentId, Arc<BitSet>>>,
}

impl std::fmt::Debug for DocumentsFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocumentsFilter")
            .field("field", &self.shared.field)
            .field("terms", &self.shared.terms)
            .finish()
    }
}

impl DocumentsFilter {
    pub fn new(field: Field, values: &[&str]) -> Self {
        DocumentsFilter {
            shared: Arc::new(Shared {
                field,
                terms: values
                    .iter()
                    .map(|v| Term::from_field_text(field, v))
                    .collect(),
                segments: Mutex::new(HashMap::new()),
            }),
        }
    }

    fn bits(&self, reader: &SegmentReader) -> tantivy::Result<Arc<BitSet>> {
        let mut segments = self
            .shared
            .segments
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(bits) = segments.get(&reader.segment_id()) {
            return Ok(Arc::clone(bits));
        }
        let mut bits = BitSet::with_max_value(reader.max_doc());
        let inverted = reader.inverted_index(self.shared.field)?;
        for term in &self.shared.terms {
            if let Some(mut postings) = inverted.read_postings(term, IndexRecordOption::Basic)? {
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    bits.insert(doc);
                    doc = postings.advance();
                }
            }
        }
        let bits = Arc::new(bits);
        segments.insert(reader.segment_id(), Arc::clone(&bits));
        Ok(bits)
    }
}

impl Query for DocumentsFilter {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for DocumentsFilter {
    fn scorer(&self, reader: &SegmentReader, _boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let bits = self.bits(reader)?;
        Ok(Box::new(ConstScorer::new(
            BitSetDocSet::from((*bits).clone()),
            0.0,
        )))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.bits(reader)?.contains(doc) {
            Ok(Explanation::new("one of the documents filtered on", 0.0))
        } else {
            Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} is not among those filtered on"
            )))
        }
    }
}
