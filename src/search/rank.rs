//! Ranking helpers outside tantivy's scoring: per-kind BM25 statistics, the
//! name-coverage re-rank of procedures, and which fields of a hit matched.

use std::collections::HashSet;

use tantivy::query::Bm25StatisticsProvider;
use tantivy::Searcher;

use super::prepare::PreparedQuery;
use crate::analysis::{tokens, Analyzer};
use crate::corpus::Procedure;

/// BM25 statistics of one kind of document. Procedures and articles share an
/// index but no text field, so document frequencies are already per kind;
/// only the document count must be too, or adding laws would change how
/// procedures rank (average field lengths and IDF would be diluted).
pub(crate) struct KindStats<'a> {
    pub searcher: &'a Searcher,
    pub docs: u64,
}

impl Bm25StatisticsProvider for KindStats<'_> {
    fn total_num_tokens(&self, field: tantivy::schema::Field) -> tantivy::Result<u64> {
        Bm25StatisticsProvider::total_num_tokens(self.searcher, field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.docs.max(1))
    }

    fn doc_freq(&self, term: &tantivy::Term) -> tantivy::Result<u64> {
        Bm25StatisticsProvider::doc_freq(self.searcher, term)
    }
}

/// Folded term sequences of a procedure's name and of each alias. "Thủ tục"
/// opening a name is dropped: it says nothing about which procedure is meant.
pub(crate) fn name_terms(p: &Procedure) -> Vec<Vec<String>> {
    std::iter::once(p.name.as_str())
        .chain(p.aliases.iter().map(String::as_str))
        .map(|name| {
            let mut terms = tokens(Analyzer::ViFolded, name);
            if terms.len() > 2 && terms[0] == "thu" && terms[1] == "tuc" {
                terms.drain(..2);
            }
            terms
        })
        .filter(|terms| !terms.is_empty())
        .collect()
}

/// How much (0–1) of the best-covered name or alias the query contains: the
/// share of name terms inside a two-term run that the query has in the same
/// order (a one-term name: that term anywhere). Order matters: a bag-of-words
/// share measured worse (see [`super::weights::ProcedureWeights::name_coverage`]).
///
/// A question containing a whole short name ("… đăng ký khai sinh cho con
/// trong bao nhiêu ngày?") then beats a longer name that merely shares more
/// incidental words ("… khai sinh kết hợp đăng ký nhận cha, mẹ, con …").
pub(crate) fn name_coverage(
    names: &[Vec<String>],
    q: &PreparedQuery,
    folded: &HashSet<String>,
) -> f32 {
    let pairs: HashSet<(&str, &str)> = q
        .terms
        .windows(2)
        .map(|w| (w[0].folded.as_str(), w[1].folded.as_str()))
        .collect();
    names
        .iter()
        .map(|terms| {
            let mut in_run = vec![terms.len() == 1 && folded.contains(&terms[0]); terms.len()];
            for i in 1..terms.len() {
                if pairs.contains(&(terms[i - 1].as_str(), terms[i].as_str())) {
                    in_run[i - 1] = true;
                    in_run[i] = true;
                }
            }
            in_run.iter().filter(|&&b| b).count() as f32 / terms.len().max(1) as f32
        })
        .fold(0.0, f32::max)
}

/// Which parts of `p` contain a query term (folded comparison).
pub(crate) fn matched_fields(p: &Procedure, folded: &HashSet<String>) -> Vec<&'static str> {
    let hit = |text: &str| {
        tokens(Analyzer::ViFolded, text)
            .iter()
            .any(|t| folded.contains(t))
    };
    let any = |texts: &mut dyn Iterator<Item = &str>| {
        for t in texts {
            if hit(t) {
                return true;
            }
        }
        false
    };
    let mut out = Vec::new();
    if hit(&p.name) {
        out.push("name");
    }
    if any(&mut p.aliases.iter().map(String::as_str)) {
        out.push("aliases");
    }
    if hit(&p.field) {
        out.push("field");
    }
    if any(&mut p
        .checklist
        .iter()
        .flat_map(|c| [c.name.as_str(), c.condition.as_str(), c.template.as_str()]))
    {
        out.push("checklist");
    }
    if any(&mut p.results.iter().map(String::as_str)) {
        out.push("results");
    }
    if any(&mut p.steps.iter().map(|s| s.text.as_str())) {
        out.push("steps");
    }
    if hit(&p.requirements) || hit(&p.applicants) {
        out.push("requirements");
    }
    if any(&mut p
        .fees
        .iter()
        .map(|f| f.text.as_str())
        .chain(p.channels.iter().map(|c| c.fee_text.as_str())))
    {
        out.push("fees");
    }
    if hit(&p.agency) {
        out.push("agency");
    }
    out
}
