//! Query understanding before search: synonyms rewritten in place, the topic
//! of the question without its cue phrases ("cần gì", "ở đâu") and filler,
//! and repair of typos and Telex residue against the corpus vocabulary.
//!
//! It also holds the statistics confidence needs: how distinctive each word
//! of a procedure name is (inverse document frequency over names).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use super::intent::{is_filler, topic_terms_keeping, ENGLISH_STOP};
use super::rank::NameFeatures;
use crate::corpus::synonyms::Synonyms;
use crate::corpus::{Corpus, Procedure};
use crate::text::{fold_accents, folded_words};

/// A filler word found in at most this many procedure names may be kept as
/// part of a name's word pair (about 3% of the commune-level procedures).
const RESCUED_FILLER_DF: u32 = 20;

/// Word statistics of the corpus, built once at start-up.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Procedures whose name or aliases contain the word.
    name_df: HashMap<String, u32>,
    names: u32,
    /// Every folded word a question may legitimately contain: names,
    /// aliases, checklist items, synonyms.
    known: HashSet<String>,
    /// Known words by length, for edit-distance repair.
    by_len: HashMap<usize, Vec<String>>,
    /// What is known of each procedure, by code (see [`ProcedureEntry`]).
    procedures: HashMap<String, ProcedureEntry>,
    corpus: Arc<Corpus>,
    /// Adjacent folded word pairs of procedure names and aliases.
    name_pairs: HashSet<(String, String)>,
    /// How names and aliases (and their synonym rewrites) write each folded
    /// word: its distinct lower-cased spellings ("vang" → ["vắng"]).
    name_spellings: HashMap<String, Vec<String>>,
}

/// One procedure code's words. A repeated code keeps its last procedure's.
#[derive(Debug)]
struct ProcedureEntry {
    /// Position of the (last) procedure with the code in `corpus`.
    index: usize,
    /// Folded words of the procedure's names and aliases as the question
    /// sees them: each name as written, and again after the synonym
    /// rewrite when that changes it ("đóng BHXH tự nguyện" → "đóng bảo
    /// hiểm xã hội tự nguyện"), so abbreviations and everyday words in
    /// names meet the rewritten question.
    names: Vec<Vec<String>>,
    /// Every folded word of the procedure's own text, gathered on its first
    /// [`Vocabulary::text_fit`] (all of them at start-up were most of a
    /// national corpus's start-up time).
    words: OnceLock<HashSet<String>>,
    /// What re-ranking reads in its names, computed on its first
    /// [`Vocabulary::name_features`].
    features: OnceLock<NameFeatures>,
}

impl Vocabulary {
    pub fn new(corpus: &Arc<Corpus>, synonyms: &Synonyms) -> Self {
        let mut v = Vocabulary {
            names: corpus.procedures.len() as u32,
            corpus: Arc::clone(corpus),
            ..Default::default()
        };
        for (index, p) in corpus.procedures.iter().enumerate() {
            let mut in_names: HashSet<String> = HashSet::new();
            let texts = name_texts(p, synonyms);
            for text in &texts {
                for w in crate::text::words(text) {
                    let w = w.to_lowercase();
                    let spellings = v.name_spellings.entry(fold_accents(&w)).or_default();
                    if !spellings.contains(&w) {
                        spellings.push(w);
                    }
                }
            }
            let names = normalized_names(&texts);
            for words in &names {
                for w in words.windows(2) {
                    v.name_pairs.insert((w[0].clone(), w[1].clone()));
                }
                in_names.extend(words.iter().cloned());
            }
            // A repeated code keeps its last procedure's names and words.
            v.procedures.insert(
                p.code.clone(),
                ProcedureEntry {
                    index,
                    names,
                    words: OnceLock::new(),
                    features: OnceLock::new(),
                },
            );
            for w in &in_names {
                *v.name_df.entry(w.clone()).or_default() += 1;
            }
            v.known.extend(in_names);
            for c in &p.checklist {
                v.known.extend(folded_words(&c.name));
            }
            v.known.extend(folded_words(&p.field));
        }
        for phrase in synonyms.phrases() {
            v.known.extend(folded_words(&phrase));
        }
        for w in &v.known {
            v.by_len
                .entry(w.chars().count())
                .or_default()
                .push(w.clone());
        }
        for list in v.by_len.values_mut() {
            list.sort();
        }
        v
    }

    /// Whether `typed`, a word typed with marks, is a name word only by
    /// its letters: the names write it, but never with marks it could be
    /// ("vàng" of "giá vàng" is no "vắng" of "tạm vắng"; see
    /// [`crate::text::marks_compatible`]).
    pub fn names_write_otherwise(&self, typed: &str) -> bool {
        let typed = typed.to_lowercase();
        if typed.is_ascii() {
            return false;
        }
        self.name_spellings
            .get(&fold_accents(&typed))
            .is_some_and(|spellings| {
                !spellings
                    .iter()
                    .any(|w| crate::text::marks_compatible(&typed, w))
            })
    }

    /// Inverse document frequency of a folded word over procedure names;
    /// a word in no name gets the highest value.
    pub fn idf(&self, folded: &str) -> f32 {
        let df = self.name_df.get(folded).copied().unwrap_or(0) as f32;
        ((self.names as f32 + 1.0) / (df + 0.5)).ln().max(0.1)
    }

    /// Share of the topic's IDF mass found anywhere in a procedure's own
    /// text (name, checklist, steps, notes, fees, result).
    pub fn text_fit(&self, code: &str, topic: &[String]) -> f32 {
        let idf: Vec<f32> = topic.iter().map(|t| self.idf(t)).collect();
        self.text_fit_of(code, topic, &idf)
    }

    /// [`Vocabulary::text_fit`] with the IDF of each topic word already
    /// looked up (`idf[i]` of `topic[i]`).
    pub fn text_fit_of(&self, code: &str, topic: &[String], idf: &[f32]) -> f32 {
        let Some(words) = self.words(code) else {
            return 0.0;
        };
        let (mut total, mut found) = (0.0, 0.0);
        for (t, &idf) in topic.iter().zip(idf) {
            total += idf;
            if words.contains(t) {
                found += idf;
            }
        }
        if total > 0.0 {
            found / total
        } else {
            0.0
        }
    }

    /// Every folded word of the text and names of the procedure with this
    /// code, gathered on first use.
    fn words(&self, code: &str) -> Option<&HashSet<String>> {
        let entry = self.procedures.get(code)?;
        let p = self.corpus.procedures.get(entry.index)?;
        Some(entry.words.get_or_init(|| {
            let mut words = procedure_words(p);
            for n in &entry.names {
                words.extend(n.iter().cloned());
            }
            words
        }))
    }

    /// Folded words of a procedure's names, as written and as rewritten by
    /// the synonyms (see [`ProcedureEntry::names`]); empty for an unknown code.
    pub fn names(&self, code: &str) -> &[Vec<String>] {
        self.procedures
            .get(code)
            .map_or(&[], |entry| entry.names.as_slice())
    }

    /// [`NameFeatures`] of procedure `p` (of this vocabulary's corpus),
    /// computed on its first call for `p`'s code and kept; computed afresh,
    /// not kept, for a procedure whose name is not the one they were
    /// computed for (another procedure with the same code).
    pub fn name_features(&self, p: &Procedure) -> Cow<'_, NameFeatures> {
        let Some(entry) = self.procedures.get(&p.code) else {
            return Cow::Owned(NameFeatures::new(&p.name, &[], self));
        };
        let kept = entry
            .features
            .get_or_init(|| NameFeatures::new(&p.name, &entry.names, self));
        if kept.name == p.name {
            Cow::Borrowed(kept)
        } else {
            Cow::Owned(NameFeatures::new(&p.name, &entry.names, self))
        }
    }

    /// Number of procedures whose name or aliases contain the folded word.
    pub fn name_df(&self, folded: &str) -> u32 {
        self.name_df.get(folded).copied().unwrap_or(0)
    }

    /// Whether two folded words stand next to each other in some name.
    pub fn is_name_pair(&self, a: &str, b: &str) -> bool {
        self.name_pairs.contains(&(a.to_string(), b.to_string()))
    }

    pub fn is_known(&self, folded: &str) -> bool {
        self.known.contains(folded)
    }

    /// The word a mistyped short word (three letters, too short for
    /// [`Vocabulary::repair`] alone) stands for, when one edit makes it the
    /// second word of a name's word pair with `previous`: "khai sin" →
    /// "sinh", "giam ho" is left alone (known).
    pub fn repair_after(&self, previous: &str, folded: &str) -> Option<String> {
        if folded.chars().count() != 3
            || self.is_known(folded)
            || folded.chars().any(|c| c.is_ascii_digit())
        {
            return None;
        }
        let mut best: Option<(&String, u32)> = None;
        for l in 2..=4 {
            for cand in self.by_len.get(&l).into_iter().flatten() {
                if self.is_name_pair(previous, cand) && within_one_edit(folded, cand) {
                    let df = self.name_df(cand);
                    if best.is_none_or(|(_, d)| df > d) {
                        best = Some((cand, df));
                    }
                }
            }
        }
        best.map(|(w, _)| w.clone())
    }

    /// `word` with its first letter swapped between "l" and "n" (marks
    /// kept), when that, and not `word`, makes a name's word pair with
    /// `previous` (folded): "khiếu lại" → "khiếu nại".
    pub fn swap_l_n(&self, previous: &str, word: &str) -> Option<String> {
        let mut chars = word.chars();
        let swapped = match chars.next()? {
            'l' => 'n',
            'n' => 'l',
            'L' => 'N',
            'N' => 'L',
            _ => return None,
        };
        let candidate: String = std::iter::once(swapped).chain(chars).collect();
        let folded = |w: &str| fold_accents(w).to_lowercase();
        (!self.is_name_pair(previous, &folded(word))
            && self.is_name_pair(previous, &folded(&candidate)))
        .then_some(candidate)
    }

    /// The known word a mistyped one stands for: Telex residue first
    /// ("thuongwf" → "thuong"), then one edit (insertion, deletion,
    /// substitution or swap) for words of four letters or more, preferring
    /// the word found in the most procedure names.
    pub fn repair(&self, folded: &str) -> Option<String> {
        if self.is_known(folded) || folded.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        if let Some(t) = telex_residue(folded).filter(|t| self.is_known(t)) {
            return Some(t);
        }
        let len = folded.chars().count();
        if len < 4 {
            return None;
        }
        let mut best: Option<(&String, u32)> = None;
        for l in len - 1..=len + 1 {
            for cand in self.by_len.get(&l).into_iter().flatten() {
                if within_one_edit(folded, cand) {
                    let df = self.name_df.get(cand).copied().unwrap_or(0);
                    if best.is_none_or(|(_, d)| df > d) {
                        best = Some((cand, df));
                    }
                }
            }
        }
        best.map(|(w, _)| w.clone())
    }
}

/// A procedure's name and aliases, each followed by its synonym rewrite:
/// the question is rewritten before it meets the names, so the names must
/// be too ("BHXH" in a name and "bhxh" in a question both become "bảo hiểm
/// xã hội").
fn name_texts(p: &crate::corpus::Procedure, synonyms: &Synonyms) -> Vec<String> {
    std::iter::once(&p.name)
        .chain(p.aliases.iter())
        .flat_map(|n| [n.clone(), synonyms.rewrite(n)])
        .collect()
}

/// The folded words of each of [`name_texts`], in order, without repeats.
fn normalized_names(texts: &[String]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for text in texts {
        let words = folded_words(text);
        if !out.contains(&words) {
            out.push(words);
        }
    }
    out
}

/// Every folded word of a procedure's own text (name, requirements,
/// applicants, aliases, checklist, steps, notes, fees, results): the same
/// set as folding those texts joined by spaces (a space separates words
/// however the texts are joined), without building the joined copy.
fn procedure_words(p: &crate::corpus::Procedure) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut add = |text: &str| {
        let folded = fold_accents(&crate::text::nfc(text)).to_lowercase();
        for w in folded.split(|c: char| !c.is_alphanumeric()) {
            if !w.is_empty() && !out.contains(w) {
                out.insert(w.to_string());
            }
        }
    };
    add(&p.name);
    add(&p.requirements);
    add(&p.applicants);
    for a in &p.aliases {
        add(a);
    }
    for c in &p.checklist {
        add(&c.name);
        add(&c.condition);
    }
    for s in &p.steps {
        add(&s.text);
    }
    for n in &p.notes {
        add(&n.text);
    }
    for f in &p.fees {
        add(&f.case);
        add(&f.text);
    }
    for r in &p.results {
        add(r);
    }
    out
}

/// Undo what a Telex keyboard leaves when the input method is off: tone keys
/// (s f r x j) at the end, `w` after the first letter, doubled vowels and `dd`.
pub(super) fn telex_residue(w: &str) -> Option<String> {
    let mut s: String = w.trim_end_matches(['s', 'f', 'r', 'x', 'j']).to_string();
    if s.len() < 2 {
        return None;
    }
    s = s.replace("dd", "d");
    for v in ["aa", "ee", "oo", "uu"] {
        s = s.replace(v, &v[..1]);
    }
    // Vietnamese has no `w`: past the first letter it is the Telex key for
    // ư, ơ, ă, wherever the typist put it.
    let out: String = s
        .chars()
        .enumerate()
        .filter(|&(i, c)| i == 0 || c != 'w')
        .map(|(_, c)| c)
        .collect();
    // A tone key may also sit before the final consonant: "thuongwf".
    let out = out.trim_end_matches(['s', 'f', 'r', 'x', 'j']).to_string();
    (out != w).then_some(out)
}

/// True when `a` and `b` differ by at most one insertion, deletion,
/// substitution or adjacent swap.
fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b {
        return true;
    }
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let mut i = 0;
    while i < la.min(lb) && a[i] == b[i] {
        i += 1;
    }
    if la == lb {
        // substitution, or swap of i and i+1
        if a[i + 1..] == b[i + 1..] {
            return true;
        }
        return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && a[i + 2..] == b[i + 2..];
    }
    if la > lb {
        a[i + 1..] == b[i..]
    } else {
        a[i..] == b[i + 1..]
    }
}

/// One topic word of a question.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// As typed (NFC), or the repaired folded word.
    pub text: String,
    pub folded: String,
    /// Typed with marks that no name writes it with
    /// ([`Vocabulary::names_write_otherwise`]): it matches no name word.
    pub unnamed: bool,
}

/// What a question is about, ready for search and confidence.
#[derive(Debug, Clone, Default)]
pub struct Understanding {
    /// The question with synonyms rewritten in place.
    pub rewritten: String,
    /// Topic words, repaired, in order.
    pub topic: Vec<Term>,
    /// Abbreviations of the legal terms in the topic that procedure names
    /// use ("bhxh"), searched besides the topic words.
    pub abbreviations: Vec<String>,
    /// The message is typed with marks ([`crate::text::writes_marks`]).
    pub marked: bool,
    /// The message is English: its topic is what the glossary translated.
    pub english: bool,
}

impl Understanding {
    /// The text to search procedures with: the topic words.
    pub fn query(&self) -> String {
        self.topic
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The text to search procedures with: the topic words and the
    /// abbreviations of its legal terms.
    pub fn search_query(&self) -> String {
        let mut q = self.query();
        for a in &self.abbreviations {
            q.push(' ');
            q.push_str(a);
        }
        q
    }

    pub fn folded(&self) -> Vec<String> {
        self.topic.iter().map(|t| t.folded.clone()).collect()
    }

    /// The topic words as names are matched: folded, except a word typed
    /// with marks that no name writes it with, kept as typed so that it
    /// matches no (folded) name word.
    pub fn name_folded(&self) -> Vec<String> {
        self.topic
            .iter()
            .map(|t| match t.unnamed {
                true => t.text.to_lowercase(),
                false => t.folded.clone(),
            })
            .collect()
    }
}

/// The capitalized words of an English text that do not begin a sentence
/// ("Ho", "Chi", "Minh" of "a company in Ho Chi Minh City"): one capital
/// then lower-case letters. Acronyms ("ID", "VNeID") are not among them.
fn proper_names(message: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    for sentence in message.split(['.', '?', '!', ';', ':', '\n']) {
        for w in crate::text::words(sentence).into_iter().skip(1) {
            let mut chars = w.chars();
            let title = chars.next().is_some_and(|c| c.is_ascii_uppercase())
                && w.len() >= 2
                && chars.all(|c| c.is_ascii_lowercase());
            if title {
                out.insert(w);
            }
        }
    }
    out
}

/// Remove markup (`<…>` spans of at most 200 characters): tags pasted or
/// injected into a question are not words of it.
pub fn strip_markup(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        match after.find('>') {
            Some(end) if after[..end].chars().count() <= 200 => {
                out.push_str(&rest[..start]);
                out.push(' ');
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str(&rest[..=start]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

pub fn understand(message: &str, synonyms: &Synonyms, vocab: &Vocabulary) -> Understanding {
    let message = &strip_markup(message);
    // Repair first, so that a repaired word can still take part in a
    // synonym ("dk kết hôn", "thuongwf truus"). English is not repaired
    // against a Vietnamese vocabulary ("time" is no typo of "tim").
    let english = super::intent::detect_lang(message) == super::types::Lang::En;
    let mut repaired: Vec<String> = Vec::new();
    for w in crate::text::words(message) {
        let f = fold_accents(&w).to_lowercase();
        if english || is_filler(&w) {
            repaired.push(w);
            continue;
        }
        // A short word is repaired only by the word before it: "khai sin"
        // → "khai sinh", where "sinh" follows "khai" in procedure names.
        // Not after filler: "đi Đà Lạt" is no "đã lập".
        let previous = repaired
            .last()
            .filter(|p| !is_filler(p))
            .map(|p| fold_accents(p).to_lowercase());
        let after = previous.as_deref().and_then(|p| vocab.repair_after(p, &f));
        let w = vocab.repair(&f).or(after).unwrap_or(w);
        // "l" and "n" sound alike in much of the north: "khiếu lại" is
        // "khiếu nại" when only the swapped word makes a name's word pair.
        let w = match previous.as_deref() {
            Some(p) => vocab.swap_l_n(p, &w).unwrap_or(w),
            None => w,
        };
        repaired.push(w);
    }
    // Whether the citizen types with marks: of the message as typed, not
    // of its repairs (folded words).
    let marked = crate::text::writes_marks(&crate::text::words(message));
    let rewritten = synonyms.rewrite_typed(&repaired.join(" "), marked);
    // In English, what the glossary did not turn into Vietnamese terms is
    // wording ("commune", "office", "passed away last week"), not topic:
    // only words the corpus knows are kept, and a word without marks only
    // when some procedure name has it ("house", "shop", "new" are known
    // from checklists and the glossary's own English phrases, not names).
    // A filler word stays when it is part of a name's word pair and rare
    // in names ("nhận con", "chứng minh"; not "có giấy").
    // A filler word typed without its marks is kept in a name's word pair
    // when twice as common ("thu hoi", "bao hiem xa hoi"): the marks that
    // would make it filler were not typed.
    let pair = |a: &str, b: &str, filler: &str, bare: bool| {
        let most = if bare {
            2 * RESCUED_FILLER_DF
        } else {
            RESCUED_FILLER_DF
        };
        vocab.name_df(filler) <= most && vocab.is_name_pair(a, b)
    };
    // Capitalized words inside an English sentence are names of places and
    // people ("Ho Chi Minh City", "Da Nang"), not Vietnamese words.
    let proper = match english {
        true => proper_names(message),
        false => HashSet::new(),
    };
    let topic = topic_terms_keeping(&rewritten, &pair)
        .into_iter()
        .filter(|(typed, folded)| {
            !english
                || (vocab.is_known(folded)
                    && !(typed.is_ascii() && ENGLISH_STOP.contains(&folded.as_str()))
                    && (!typed.is_ascii() || vocab.name_df(folded) > 0)
                    && !proper.contains(typed.as_str()))
        })
        .map(|(text, folded)| Term {
            unnamed: vocab.names_write_otherwise(&text),
            text,
            folded,
        })
        .collect();
    // Only abbreviations some procedure name is written with.
    let abbreviations = synonyms
        .abbreviations_of_terms(&folded_words(&rewritten))
        .into_iter()
        .filter(|a| vocab.name_df(a) > 0)
        .collect();
    Understanding {
        rewritten,
        topic,
        abbreviations,
        marked,
        english,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_covers_insertions_deletions_substitutions_and_swaps() {
        assert!(within_one_edit("khai", "khia"));
        assert!(within_one_edit("thuong", "thuog"));
        assert!(within_one_edit("thuong", "thuongg"));
        assert!(within_one_edit("thuong", "thuomg"));
        assert!(!within_one_edit("thuong", "thong1x"));
    }

    /// Regression: an injected tag made the birth-registration question look
    /// off-topic ("img src x onerror alert") and the assistant abstained.
    #[test]
    fn markup_is_not_part_of_the_question() {
        assert_eq!(
            strip_markup("làm giấy khai sinh <img src=x onerror=alert(1)> cho con")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["làm", "giấy", "khai", "sinh", "cho", "con"]
        );
        assert_eq!(strip_markup("a < b và c > d"), "a   d");
        assert_eq!(strip_markup("3 < 5"), "3 < 5");
    }

    #[test]
    fn telex_residue_is_undone() {
        assert_eq!(telex_residue("thuongwf").as_deref(), Some("thuong"));
        assert_eq!(telex_residue("truus").as_deref(), Some("tru"));
        assert_eq!(telex_residue("ddangw").as_deref(), Some("dang"));
    }
}
