//! The tantivy schema: one document per legal article and one per procedure,
//! told apart by the raw `kind` field.
//!
//! Every searchable text field exists twice: `<name>` analyzed by `vi`
//! (exact, accents kept) and `<name>_f` analyzed by `vi_folded`, both with
//! positions (phrase queries). Ranking boosts the exact variant so "đường"
//! beats "dương" when the user typed accents, while unaccented queries still
//! match through the folded one.
//!
//! Stored: what a search hit shows without touching the corpus (article ids,
//! titles, chapter and text for snippets). A procedure stores only its code:
//! the full record is served from the in-memory [`crate::corpus::Corpus`].
//!
//! | field             | kind      | analyzer    | stored | holds |
//! |-------------------|-----------|-------------|--------|-------|
//! | `kind`            | both      | raw         | yes    | `procedure` / `article` |
//! | `code`            | procedure | raw         | yes    | national code `1.001193` |
//! | `name`(`_f`)      | procedure | vi / folded |        | official name |
//! | `aliases`(`_f`)   | procedure | vi / folded |        | everyday names (one value each) |
//! | `field`(`_f`)     | procedure | vi / folded |        | lĩnh vực |
//! | `checklist`(`_f`) | procedure | vi / folded |        | one value per document: name, condition, template |
//! | `steps`(`_f`)     | procedure | vi / folded |        | one value per step |
//! | `fees`(`_f`)      | procedure | vi / folded |        | fee wordings |
//! | `time`(`_f`)      | procedure | vi / folded |        | processing-time wordings |
//! | `results`(`_f`)   | procedure | vi / folded |        | what the citizen receives |
//! | `requirements`(`_f`) | procedure | vi / folded |     | conditions, applicants |
//! | `agency`(`_f`)    | procedure | vi / folded |        | competent agency |
//! | `other`(`_f`)     | procedure | vi / folded |        | levels, notes, channel descriptions, legal-basis titles |
//! | `legal_basis`     | procedure | docnum      |        | numbers of the legal basis |
//! | `document_number` | article   | raw         | yes    | canonical `60/2014/QH13` |
//! | `docnum`          | article   | docnum      |        | the same, as keyword terms |
//! | `doc_type`        | article   | raw         | yes    | Luật, Nghị định… |
//! | `doc_title`(`_f`) | article   | vi / folded | exact  | title (first value), type (second, if not in the title) |
//! | `status`          | article   | raw         | yes    | `in_force` / `amended` / `superseded` |
//! | `chapter`(`_f`)   | article   | vi / folded | exact  | chapter, then section |
//! | `article`         | article   | raw         | yes    | article number, lower case (`16`, `3a`) |
//! | `article_title`(`_f`) | article | vi / folded | exact | article title |
//! | `text`(`_f`)      | article   | vi / folded | exact  | article body |

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING,
};

use crate::analysis::Analyzer;
use crate::{Error, Result};

/// Value of the `kind` field for procedures.
pub const KIND_PROCEDURE: &str = "procedure";
/// Value of the `kind` field for articles.
pub const KIND_ARTICLE: &str = "article";

/// An exact (`vi`) field and its folded (`vi_folded`) twin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextPair {
    pub exact: Field,
    pub folded: Field,
}

/// Every field of the schema, resolved.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub kind: Field,
    // Procedures.
    pub code: Field,
    pub name: TextPair,
    pub aliases: TextPair,
    pub field: TextPair,
    pub checklist: TextPair,
    pub steps: TextPair,
    pub fees: TextPair,
    pub time: TextPair,
    pub results: TextPair,
    pub requirements: TextPair,
    pub agency: TextPair,
    pub other: TextPair,
    pub legal_basis: Field,
    // Articles.
    pub document_number: Field,
    pub docnum: Field,
    pub doc_type: Field,
    pub doc_title: TextPair,
    pub status: Field,
    pub chapter: TextPair,
    pub article: Field,
    pub article_title: TextPair,
    pub text: TextPair,
}

fn text_options(analyzer: Analyzer, positions: bool, stored: bool) -> TextOptions {
    let record = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::Basic
    };
    let options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer.name())
            .set_index_option(record),
    );
    if stored {
        options.set_stored()
    } else {
        options
    }
}

/// Build the schema.
pub fn build_schema() -> Schema {
    let mut b = Schema::builder();
    b.add_text_field("kind", STRING | STORED);
    b.add_text_field("code", STRING | STORED);
    let mut pair = |name: &str, stored: bool| {
        b.add_text_field(name, text_options(Analyzer::Vi, true, stored));
        b.add_text_field(
            &format!("{name}_f"),
            text_options(Analyzer::ViFolded, true, false),
        );
    };
    for name in [
        "name",
        "aliases",
        "field",
        "checklist",
        "steps",
        "fees",
        "time",
        "results",
        "requirements",
        "agency",
        "other",
    ] {
        pair(name, false);
    }
    for name in ["doc_title", "chapter", "article_title", "text"] {
        pair(name, true);
    }
    b.add_text_field("legal_basis", text_options(Analyzer::Docnum, false, false));
    b.add_text_field("document_number", STRING | STORED);
    b.add_text_field("docnum", text_options(Analyzer::Docnum, false, false));
    b.add_text_field("doc_type", STRING | STORED);
    b.add_text_field("status", STRING | STORED);
    b.add_text_field("article", STRING | STORED);
    b.build()
}

impl Fields {
    /// Resolve every field in `schema`; an error names the first missing one
    /// (an index built by another schema version).
    pub fn from_schema(schema: &Schema) -> Result<Fields> {
        let get = |name: &str| {
            schema.get_field(name).map_err(|_| {
                Error::Index(format!("schema has no field {name:?}: rebuild the index"))
            })
        };
        let pair = |name: &str| -> Result<TextPair> {
            Ok(TextPair {
                exact: get(name)?,
                folded: get(&format!("{name}_f"))?,
            })
        };
        Ok(Fields {
            kind: get("kind")?,
            code: get("code")?,
            name: pair("name")?,
            aliases: pair("aliases")?,
            field: pair("field")?,
            checklist: pair("checklist")?,
            steps: pair("steps")?,
            fees: pair("fees")?,
            time: pair("time")?,
            results: pair("results")?,
            requirements: pair("requirements")?,
            agency: pair("agency")?,
            other: pair("other")?,
            legal_basis: get("legal_basis")?,
            document_number: get("document_number")?,
            docnum: get("docnum")?,
            doc_type: get("doc_type")?,
            doc_title: pair("doc_title")?,
            status: get("status")?,
            chapter: pair("chapter")?,
            article: get("article")?,
            article_title: pair("article_title")?,
            text: pair("text")?,
        })
    }
}
