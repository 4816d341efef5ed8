//! Tantivy queries built in code from [`PreparedQuery`] terms. Citizen text
//! never reaches tantivy's `QueryParser`.

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::doc_filter::DocumentsFilter;
use super::prepare::PreparedQuery;
use super::weights::Weights;
use crate::analysis::docnum::normalize;
use crate::index::{Fields, TextPair, KIND_ARTICLE, KIND_PROCEDURE};

fn term(field: Field, text: &str, record: IndexRecordOption) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, text), record))
}

fn boosted(q: Box<dyn Query>, weight: f32) -> Box<dyn Query> {
    if (weight - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, weight))
    }
}

/// A clause that only filters (scores 0).
pub fn filter(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(
        term(field, value, IndexRecordOption::Basic),
        0.0,
    ))
}

/// One term clause of a query: a term of one field and its boost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TermClause<'q> {
    pub field: Field,
    pub text: &'q str,
    pub boost: f32,
}

impl TermClause<'_> {
    fn query(&self) -> Box<dyn Query> {
        boosted(
            term(self.field, self.text, IndexRecordOption::WithFreqs),
            self.boost,
        )
    }
}

/// A clause for every distinct term on one exact/folded field pair.
fn term_clause_specs<'q>(
    q: &'q PreparedQuery,
    pair: TextPair,
    weight: f32,
    exact_bonus: f32,
    out: &mut Vec<TermClause<'q>>,
) {
    if weight <= 0.0 {
        return;
    }
    for t in q.distinct_terms() {
        if t.is_accented() {
            out.push(TermClause {
                field: pair.folded,
                text: &t.folded,
                boost: weight,
            });
            out.push(TermClause {
                field: pair.exact,
                text: &t.exact,
                boost: weight * exact_bonus,
            });
        } else {
            out.push(TermClause {
                field: pair.folded,
                text: &t.folded,
                boost: weight * (1.0 + exact_bonus),
            });
        }
    }
}

/// One two-term phrase clause of a query: the second term `gap` positions
/// after the first, give or take `slop`, in one field, with its boost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhraseClause<'q> {
    pub field: Field,
    pub first: &'q str,
    pub second: &'q str,
    pub gap: usize,
    pub slop: u32,
    pub boost: f32,
}

impl PhraseClause<'_> {
    fn query(&self) -> Box<dyn Query> {
        let phrase = PhraseQuery::new_with_offset_and_slop(
            vec![
                (0, Term::from_field_text(self.field, self.first)),
                (self.gap, Term::from_field_text(self.field, self.second)),
            ],
            self.slop,
        );
        boosted(Box::new(phrase), self.boost)
    }
}

/// The phrase clauses of the query's first `pairs` distinct word pairs.
fn phrase_clause_specs<'q>(
    q: &'q PreparedQuery,
    field: Field,
    weight: f32,
    w: &Weights,
    pairs: usize,
    out: &mut Vec<PhraseClause<'q>>,
) {
    if weight <= 0.0 {
        return;
    }
    let mut seen: Vec<(&str, &str, usize)> = Vec::new();
    for (a, b, gap) in q.pairs() {
        if seen.len() >= pairs {
            break;
        }
        let key = (a.folded.as_str(), b.folded.as_str(), gap);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.push(PhraseClause {
            field,
            first: &a.folded,
            second: &b.folded,
            gap,
            slop: w.phrase_slop,
            boost: weight,
        });
    }
}

fn docnum_clauses(
    q: &PreparedQuery,
    field: Field,
    weight: f32,
    out: &mut Vec<(Occur, Box<dyn Query>)>,
) {
    for k in &q.docnums {
        out.push((
            Occur::Should,
            boosted(term(field, k, IndexRecordOption::WithFreqs), weight),
        ));
    }
}

/// `Must(kind) ∧ Must(any of the scoring clauses) [∧ Must(extra filters)]`,
/// or `None` when there is nothing to score.
fn wrap(
    f: &Fields,
    kind: &str,
    scoring: Vec<(Occur, Box<dyn Query>)>,
    filters: Vec<Box<dyn Query>>,
) -> Option<Box<dyn Query>> {
    if scoring.is_empty() {
        return None;
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
        (Occur::Must, filter(f.kind, kind)),
        (Occur::Must, Box::new(BooleanQuery::new(scoring))),
    ];
    clauses.extend(filters.into_iter().map(|q| (Occur::Must, q)));
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// The procedure query. `legal_basis`: only procedures citing this document.
pub fn procedures(
    q: &PreparedQuery,
    f: &Fields,
    w: &Weights,
    legal_basis: Option<&str>,
) -> Option<Box<dyn Query>> {
    let mut s: Vec<(Occur, Box<dyn Query>)> = procedure_term_clauses(q, f, w)
        .iter()
        .map(|c| (Occur::Should, c.query()))
        .collect();
    s.extend(
        procedure_other_clauses(q, f, w)
            .into_iter()
            .map(|q| (Occur::Should, q)),
    );
    let filters = legal_basis
        .map(|number| vec![filter(f.legal_basis, &normalize(number))])
        .unwrap_or_default();
    wrap(f, KIND_PROCEDURE, s, filters)
}

/// The term clauses of [`procedures`], in its order: every distinct term
/// of the query on each text field of a procedure.
pub fn procedure_term_clauses<'q>(
    q: &'q PreparedQuery,
    f: &Fields,
    w: &Weights,
) -> Vec<TermClause<'q>> {
    let p = &w.procedure;
    let weights = [
        p.name,
        p.aliases,
        p.field,
        p.checklist,
        p.results,
        p.steps,
        p.requirements,
        p.fees,
        p.time,
        p.agency,
        p.other,
    ];
    let mut out = Vec::new();
    for (pair, weight) in procedure_text_fields(f).into_iter().zip(weights) {
        term_clause_specs(q, pair, weight, w.exact_bonus, &mut out);
    }
    out
}

/// The text fields of a procedure [`procedure_term_clauses`] searches.
pub fn procedure_text_fields(f: &Fields) -> [TextPair; 11] {
    [
        f.name,
        f.aliases,
        f.field,
        f.checklist,
        f.results,
        f.steps,
        f.requirements,
        f.fees,
        f.time,
        f.agency,
        f.other,
    ]
}

/// The other clauses of [`procedures`], in its order after the term
/// clauses: the phrase clauses ([`procedure_phrase_clauses`]), then the
/// keyword clauses ([`procedure_keyword_clauses`]).
pub fn procedure_other_clauses(q: &PreparedQuery, f: &Fields, w: &Weights) -> Vec<Box<dyn Query>> {
    let mut out: Vec<Box<dyn Query>> = procedure_phrase_clauses(q, f, w)
        .iter()
        .map(PhraseClause::query)
        .collect();
    out.extend(procedure_keyword_clauses(q, f, w));
    out
}

/// The phrase clauses of [`procedures`], in its order: word pairs of the
/// query in the folded name, aliases and checklist.
pub fn procedure_phrase_clauses<'q>(
    q: &'q PreparedQuery,
    f: &Fields,
    w: &Weights,
) -> Vec<PhraseClause<'q>> {
    let p = &w.procedure;
    // (weight, word pairs) of each field, in procedure_phrase_fields' order.
    let per_field = [
        (p.phrase_name, usize::MAX),
        (p.phrase_aliases, usize::MAX),
        (p.phrase_checklist, p.phrase_checklist_pairs),
    ];
    let mut out = Vec::new();
    for (field, (weight, pairs)) in procedure_phrase_fields(f).into_iter().zip(per_field) {
        phrase_clause_specs(q, field, weight, w, pairs, &mut out);
    }
    out
}

/// The fields [`procedure_phrase_clauses`] searches.
pub fn procedure_phrase_fields(f: &Fields) -> [Field; 3] {
    [f.name.folded, f.aliases.folded, f.checklist.folded]
}

/// The keyword clauses of [`procedures`], last in its order: document
/// numbers of the legal basis, typed procedure codes.
pub fn procedure_keyword_clauses(
    q: &PreparedQuery,
    f: &Fields,
    w: &Weights,
) -> Vec<Box<dyn Query>> {
    let p = &w.procedure;
    let mut s = Vec::new();
    docnum_clauses(q, f.legal_basis, p.legal_basis, &mut s);
    for code in &q.codes {
        s.push((
            Occur::Should,
            boosted(term(f.code, code, IndexRecordOption::Basic), p.code),
        ));
    }
    s.into_iter().map(|(_, q)| q).collect()
}

/// The term clauses of [`articles`], in its order.
pub fn article_term_clauses<'q>(
    q: &'q PreparedQuery,
    f: &Fields,
    w: &Weights,
) -> Vec<TermClause<'q>> {
    let a = &w.article;
    let mut out = Vec::new();
    for (pair, weight) in [
        (f.article_title, a.article_title),
        (f.text, a.text),
        (f.doc_title, a.doc_title),
        (f.chapter, a.chapter),
    ] {
        term_clause_specs(q, pair, weight, a.exact_bonus, &mut out);
    }
    out
}

/// The phrase clauses of [`articles`], in its order after the terms.
pub fn article_phrase_clauses<'q>(
    q: &'q PreparedQuery,
    f: &Fields,
    w: &Weights,
) -> Vec<PhraseClause<'q>> {
    let a = &w.article;
    let mut out = Vec::new();
    phrase_clause_specs(
        q,
        f.article_title.folded,
        a.phrase_title,
        w,
        usize::MAX,
        &mut out,
    );
    phrase_clause_specs(q, f.text.folded, a.phrase_text, w, usize::MAX, &mut out);
    out
}

/// The keyword clauses of [`articles`], last in its order: document
/// numbers, then the citation's document or article number.
pub fn article_keyword_clauses(
    q: &PreparedQuery,
    f: &Fields,
    w: &Weights,
    hints: &ArticleHints<'_>,
) -> Vec<Box<dyn Query>> {
    let a = &w.article;
    let mut s = Vec::new();
    docnum_clauses(q, f.docnum, a.docnum, &mut s);
    if let Some(doc) = hints.document {
        s.push((
            Occur::Should,
            boosted(
                term(f.document_number, doc, IndexRecordOption::Basic),
                a.document,
            ),
        ));
    } else if let Some(n) = hints.article_number {
        s.push((
            Occur::Should,
            boosted(
                term(f.article, n, IndexRecordOption::Basic),
                a.article_number,
            ),
        ));
    }
    s.into_iter().map(|(_, q)| q).collect()
}

/// Extra article clauses from a recognized citation.
#[derive(Debug, Default)]
pub struct ArticleHints<'a> {
    /// The document the citation or a law name resolved to.
    pub document: Option<&'a str>,
    /// "Điều N" of the query, used only when `document` is `None`.
    pub article_number: Option<&'a str>,
    /// Only articles of these documents (all when empty).
    pub only_documents: &'a [&'a str],
}

/// The article query.
pub fn articles(
    q: &PreparedQuery,
    f: &Fields,
    w: &Weights,
    hints: &ArticleHints<'_>,
) -> Option<Box<dyn Query>> {
    let mut s: Vec<(Occur, Box<dyn Query>)> = article_term_clauses(q, f, w)
        .iter()
        .map(|c| (Occur::Should, c.query()))
        .chain(
            article_phrase_clauses(q, f, w)
                .iter()
                .map(|c| (Occur::Should, c.query())),
        )
        .chain(
            article_keyword_clauses(q, f, w, hints)
                .into_iter()
                .map(|q| (Occur::Should, q)),
        )
        .collect();
    let filters = match hints.only_documents {
        [] => Vec::new(),
        docs => {
            // Each scoring clause restricted to the documents too: a union
            // of clauses scores every document of the 4,096-document window
            // a filtered document falls in, so the filter alone would still
            // rank most of a large corpus. Scores are unchanged (the filter
            // adds 0); the documents are read once for all clauses.
            let only = DocumentsFilter::new(f.document_number, docs);
            s = s
                .into_iter()
                .map(|(occur, q)| {
                    let restricted: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                        (Occur::Must, q),
                        (Occur::Must, Box::new(only.clone())),
                    ]));
                    (occur, restricted)
                })
                .collect();
            vec![Box::new(only) as Box<dyn Query>]
        }
    };
    wrap(f, KIND_ARTICLE, s, filters)
}
