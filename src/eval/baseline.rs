//! The plain baseline a team could pick instead: BM25 over one text field
//! with tantivy's default tokenizer, no Vietnamese handling (no accent
//! folding, no tone canonicalization, no synonyms, no field weights, no
//! proximity, never abstains). Every improvement claimed in the README is a
//! ratio against this, measured in the same run.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Schema, Value, STORED, STRING, TEXT};
use tantivy::{doc, Index, IndexReader, TantivyDocument, Term};

use crate::corpus::Corpus;
use crate::error::Result;

pub struct Baseline {
    index: Index,
    reader: IndexReader,
    kind: tantivy::schema::Field,
    id: tantivy::schema::Field,
    article: tantivy::schema::Field,
    text: tantivy::schema::Field,
}

impl Baseline {
    /// Index the corpus in memory: one document per procedure (all its text)
    /// and one per article.
    pub fn build(corpus: &Corpus) -> Result<Self> {
        let mut sb = Schema::builder();
        let kind = sb.add_text_field("kind", STRING | STORED);
        let id = sb.add_text_field("id", STRING | STORED);
        let article = sb.add_text_field("article", STRING | STORED);
        let text = sb.add_text_field("text", TEXT);
        let index = Index::create_in_ram(sb.build());
        let mut w = index.writer_with_num_threads(1, 50_000_000)?;
        for p in &corpus.procedures {
            let mut all = vec![p.name.clone(), p.field.clone(), p.applicants.clone()];
            all.extend(p.aliases.iter().cloned());
            all.extend(
                p.checklist
                    .iter()
                    .map(|c| format!("{} {}", c.name, c.condition)),
            );
            all.extend(p.steps.iter().map(|s| s.text.clone()));
            all.extend(p.fees.iter().map(|f| f.text.clone()));
            all.extend(p.results.iter().cloned());
            w.add_document(doc!(kind => "procedure", id => p.code.clone(), article => "", text => all.join("\n")))?;
        }
        for d in &corpus.documents {
            for a in &d.articles {
                w.add_document(doc!(
                    kind => "article",
                    id => d.header.number.clone(),
                    article => a.number.clone(),
                    text => format!("{}\n{}\n{}", d.header.title, a.title, a.text)
                ))?;
            }
        }
        w.commit()?;
        let reader = index.reader()?;
        Ok(Baseline {
            index,
            reader,
            kind,
            id,
            article,
            text,
        })
    }

    fn query(&self, q: &str, kind: &str) -> Box<dyn Query> {
        let mut analyzer = self
            .index
            .tokenizers()
            .get("default")
            .expect("tantivy always registers the default tokenizer");
        let mut stream = analyzer.token_stream(q);
        let mut terms: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        while let Some(t) = stream.next() {
            terms.push((
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.text, &t.text),
                    IndexRecordOption::WithFreqs,
                )),
            ));
            if terms.len() >= 64 {
                break;
            }
        }
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(BooleanQuery::new(terms))),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(self.kind, kind),
                        IndexRecordOption::Basic,
                    )),
                    0.0,
                )),
            ),
        ]))
    }

    fn top(&self, q: &str, kind: &str, k: usize) -> Result<Vec<(String, String)>> {
        let searcher = self.reader.searcher();
        let hits = searcher.search(
            &self.query(q, kind),
            &TopDocs::with_limit(k).order_by_score(),
        )?;
        let mut out = Vec::with_capacity(hits.len());
        for (_, addr) in hits {
            let d: TantivyDocument = searcher.doc(addr)?;
            let get = |f| {
                d.get_first(f)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            out.push((get(self.id), get(self.article)));
        }
        Ok(out)
    }

    /// Procedure codes, best first.
    pub fn procedures(&self, q: &str, k: usize) -> Result<Vec<String>> {
        Ok(self
            .top(q, "procedure", k)?
            .into_iter()
            .map(|(id, _)| id)
            .collect())
    }

    /// (document number, article number), best first.
    pub fn articles(&self, q: &str, k: usize) -> Result<Vec<(String, String)>> {
        self.top(q, "article", k)
    }
}
