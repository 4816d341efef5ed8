//! Re-ranking and confidence on top of search.
//!
//! Search (BM25 over every field) finds candidates; this module decides
//! between them with what BM25 cannot see:
//! - **name coverage**: how much of the question's topic, weighted by how
//!   distinctive each word is among procedure names, a procedure's name (or
//!   alias) covers; and how much of the name the question covers;
//! - **variants**: a procedure whose name carries a variant ("có yếu tố nước
//!   ngoài", "lưu động", "đăng ký lại"…) is preferred only when the question
//!   asks for it, and demoted otherwise;
//! - **credibility**: whether the best candidate is an answer at all.

use super::intent::folded_words;
use super::understand::Vocabulary;

/// A procedure variant: a phrase in its name (written with its marks: a name
/// has it with marks that agree, "phụ cấp đối với" has no "cấp đổi"), and
/// the phrases in a (rewritten) question that ask for it.
pub struct Variant {
    pub marker: &'static str,
    pub triggers: &'static [&'static str],
}

/// Variants of procedure names. Triggers are matched on the question after
/// synonyms are rewritten, so "người Nhật" arrives as "có yếu tố nước ngoài".
pub const VARIANTS: &[Variant] = &[
    Variant {
        marker: "yếu tố nước ngoài",
        triggers: &["yeu to nuoc ngoai", "nuoc ngoai", "quoc tich", "viet kieu"],
    },
    Variant {
        marker: "khu vực biên giới",
        triggers: &["biên giới", "border"],
    },
    Variant {
        marker: "lưu động",
        triggers: &["lưu động"],
    },
    Variant {
        marker: "đăng ký lại",
        triggers: &[
            "dang ky lai",
            "lại khai sinh",
            "lại kết hôn",
            "lại khai tử",
            "again",
            "sổ gốc",
            "sổ hộ tịch",
            "sổ lưu",
            "không còn sổ",
            "làm lại",
            // A lost or ruined certificate of a civil-status event (not a
            // lost hospital birth paper, "giấy chứng sinh", before one).
            "khai sinh+bị mất+!chứng sinh",
            "mất giấy khai sinh",
            "khai sinh+mất bản chính",
            "kết hôn+mất bản chính",
            "khai sinh+thất lạc+!chứng sinh",
            "khai sinh+bị hỏng+!chứng sinh",
            "khai sinh+hư hỏng+!chứng sinh",
            "khai sinh+bị rách+!chứng sinh",
            "khai sinh+tiêu hủy",
            "khai sinh+bị cháy",
            "kết hôn+bị mất",
            "mất giấy kết hôn",
            "mất giấy chứng nhận kết hôn",
            "kết hôn+thất lạc",
            "kết hôn+bị hỏng",
            "kết hôn+hư hỏng",
            "khai tử+bị mất",
            "mất giấy khai tử",
            "khai tử+thất lạc",
        ],
    },
    Variant {
        marker: "đã có hồ sơ",
        triggers: &[
            "da co ho so",
            "da co giay to",
            "chưa từng",
            "chưa bao giờ",
            "chua dang ky khai sinh",
            "chua lam khai sinh",
            "chua co giay khai sinh",
            "chua co khai sinh",
            "khong co giay khai sinh",
            // A grown-up's first registration: they have other papers.
            "khai sinh+người lớn",
            "khai sinh+lớn tuổi",
            "khai sinh+đã lớn",
            "khai sinh+trưởng thành",
            "birth+adult",
            "never",
        ],
    },
    Variant {
        marker: "liên thông",
        triggers: &[
            "lien thong",
            "khai sinh+bao hiem y te",
            "cùng lúc",
            "đồng thời",
            "một lần",
            "at once",
            "mai táng",
        ],
    },
    // A copy of a transaction certified earlier, not the certification of a
    // copy: asked for only when the question says it was certified before.
    Variant {
        marker: "đã được chứng thực",
        triggers: &["đã được chứng thực", "đã chứng thực", "already certified"],
    },
    // Land registration for organizations; citizens ask for their household.
    Variant {
        marker: "đối với tổ chức",
        triggers: &[
            "tổ chức",
            "công ty",
            "doanh nghiep",
            "cơ quan",
            "organization",
            "company",
        ],
    },
    // Updating the data on an existing card, not getting a card.
    Variant {
        marker: "tích hợp",
        triggers: &["tích hợp", "cập nhật", "điều chỉnh", "update", "integrate"],
    },
    Variant {
        marker: "kết hợp",
        triggers: &[
            "kết hợp",
            "cùng lúc",
            "đồng thời",
            // Birth and father recognised together (parents not married),
            // unless the birth is already registered.
            "khai sinh+nhận cha+!đã có+!bổ sung",
        ],
    },
    // Adjusting an earlier land decision, not the decision itself.
    Variant {
        marker: "điều chỉnh quyết định",
        triggers: &[
            "điều chỉnh quyết định",
            "sửa quyết định",
            "thay đổi quyết định",
        ],
    },
    // Amending or cancelling a certified transaction, not certifying one.
    Variant {
        marker: "hủy bỏ",
        triggers: &["hủy bỏ", "hủy", "sửa đổi", "bổ sung", "cancel", "amend"],
    },
    // A translator who is not one of the commune's collaborators.
    Variant {
        marker: "không phải là cộng tác viên",
        triggers: &[
            "khong phai cong tac vien",
            "khong phai la cong tac vien",
            "khong la cong tac vien",
            "tu dich",
        ],
    },
    Variant {
        marker: "dưới 14 tuổi",
        triggers: &[
            "dưới 14",
            // An age under 14 ("con 6 tuổi"); "3 tháng tuổi" has "bé", "mới sinh".
            "1 tuổi",
            "2 tuổi",
            "3 tuổi",
            "4 tuổi",
            "5 tuổi",
            "6 tuổi",
            "7 tuổi",
            "8 tuổi",
            "9 tuổi",
            "10 tuổi",
            "11 tuổi",
            "12 tuổi",
            "13 tuổi",
            "trẻ em",
            "trẻ con",
            "con nhỏ",
            "bé",
            "sơ sinh",
            "mới sinh",
            "under 14",
            "child",
            "kid",
            "baby",
            "newborn",
        ],
    },
    Variant {
        marker: "cấp đổi",
        triggers: &[
            "đổi",
            "hết hạn",
            "hỏng",
            "rách",
            "sai",
            "thay đổi",
            "exchange",
            "renew",
            "expired",
            "replace",
            "damaged",
        ],
    },
    // Reporting a lost passport: the only passport business of a commune.
    Variant {
        marker: "trình báo mất",
        triggers: &[
            "mất",
            "thất lạc",
            "đánh rơi",
            "bị trộm",
            "bị lấy",
            "lost",
            "stolen",
            "missing",
        ],
    },
    Variant {
        marker: "cấp lại",
        triggers: &["cấp lại", "làm lại", "mất", "thất lạc", "lost", "reissue"],
    },
    Variant {
        marker: "thay đổi",
        triggers: &[
            "thay đổi",
            "đổi",
            "chuyển",
            "sang tên",
            "sửa",
            "change",
            "move",
        ],
    },
    Variant {
        marker: "thoát nghèo",
        triggers: &["thoát", "leave poverty"],
    },
    Variant {
        marker: "tạm ngừng",
        triggers: &["tạm ngừng", "tạm nghỉ", "nghỉ", "dừng", "pause", "suspend"],
    },
    // Vehicle procedures come in pairs: done entirely online ("…thực hiện
    // bằng dịch vụ công trực tuyến toàn trình") or partly online / at the
    // police office. The entirely-online one only when the question says
    // online.
    Variant {
        marker: "toàn trình",
        triggers: &[
            "toàn trình",
            "online",
            "trực tuyến",
            "qua mạng",
            "trên mạng",
            "vneid",
        ],
    },
    Variant {
        marker: "chấm dứt",
        triggers: &["chấm dứt", "kết thúc", "terminate"],
    },
];

/// Multiplier for a variant the question does not ask for.
pub const UNASKED_VARIANT: f32 = 0.55;
/// Multiplier for a procedure lacking a variant the question asks for.
pub const MISSING_VARIANT: f32 = 0.7;

fn has_phrase(words: &[String], parts: &[String]) -> bool {
    !parts.is_empty()
        && words
            .windows(parts.len())
            .any(|w| w.iter().zip(parts).all(|(a, b)| a == b))
}

/// A question's words, folded and as typed (lower case), position by
/// position.
#[derive(Debug, Clone, Default)]
pub struct TypedWords {
    pub folded: Vec<String>,
    pub written: Vec<String>,
    /// Per word: typed bare in a question typed with marks, and a word the
    /// corpus often writes bare ([`crate::text::marks_fit`]).
    pub written_bare: Vec<bool>,
}

impl TypedWords {
    pub fn new(text: &str) -> Self {
        let written: Vec<String> = crate::text::words(text)
            .into_iter()
            .map(|w| w.to_lowercase())
            .collect();
        let folded: Vec<String> = written
            .iter()
            .map(|w| crate::text::fold_accents(w).to_lowercase())
            .collect();
        TypedWords {
            written_bare: vec![false; folded.len()],
            folded,
            written,
        }
    }

    /// The same words, from a message typed with marks or not, where
    /// `written_bare(folded)` tells the words the corpus often writes bare.
    pub fn marked(mut self, marked: bool, written_bare: impl Fn(&str) -> bool) -> Self {
        self.written_bare = self
            .folded
            .iter()
            .zip(&self.written)
            .map(|(f, w)| marked && w.is_ascii() && written_bare(f))
            .collect();
        self
    }
}

/// Whether `words` contain the trigger phrase: the same letters, and no
/// mark that contradicts the phrase's as written ("dựng" of "xây dựng" is no
/// "dừng", "nghị" of "nghị định" no "nghỉ"; "dung" typed bare may be).
fn has_typed_phrase(words: &TypedWords, phrase: &Phrase) -> bool {
    let n = phrase.folded.len();
    n > 0
        && n <= words.folded.len()
        && (0..=words.folded.len() - n).any(|i| {
            (0..n).all(|k| {
                words.folded[i + k] == phrase.folded[k]
                    && crate::text::marks_fit(
                        &words.written[i + k],
                        &phrase.written[k],
                        words.written_bare[i + k],
                    )
            })
        })
}

/// One phrase of a trigger: folded words, and the words as written in
/// [`VARIANTS`] (lower case), for marks.
#[derive(Debug, Clone)]
struct Phrase {
    folded: Vec<String>,
    written: Vec<String>,
}

impl Phrase {
    fn new(text: &str) -> Self {
        let TypedWords {
            folded, written, ..
        } = TypedWords::new(text);
        Phrase { folded, written }
    }
}

/// A trigger part: a phrase that must be there, or (written `!phrase`) one
/// that must not.
#[derive(Debug, Clone)]
struct Part {
    absent: bool,
    phrase: Phrase,
}

/// A variant's marker (folded and as written), and each trigger as its
/// `+`-joined parts.
type VariantWords = (Phrase, Vec<Vec<Part>>);

/// Each variant's marker and triggers, split once.
fn variant_words() -> &'static [VariantWords] {
    static WORDS: std::sync::OnceLock<Vec<VariantWords>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        VARIANTS
            .iter()
            .map(|v| {
                let triggers = v
                    .triggers
                    .iter()
                    .map(|t| {
                        t.split('+')
                            .map(|part| match part.strip_prefix('!') {
                                Some(absent) => Part {
                                    absent: true,
                                    phrase: Phrase::new(absent),
                                },
                                None => Part {
                                    absent: false,
                                    phrase: Phrase::new(part),
                                },
                            })
                            .collect()
                    })
                    .collect();
                (Phrase::new(v.marker), triggers)
            })
            .collect()
    })
}

/// Every word of the variants' triggers as written (marked ones matter to
/// [`crate::text::marks_fit`]).
pub fn trigger_words() -> impl Iterator<Item = &'static str> {
    VARIANTS
        .iter()
        .flat_map(|v| v.triggers.iter())
        .flat_map(|t| t.split(['+', '!', ' ']))
        .filter(|w| !w.is_empty())
}

/// Whether the question asks for a trigger: a phrase, or phrases joined by
/// `+` that must all be there ("khai sinh+bao hiem y te": a joint procedure is
/// asked for when both of its parts are); a phrase written `!phrase` must
/// not be there.
fn asks(question: &TypedWords, trigger: &[Part]) -> bool {
    trigger
        .iter()
        .all(|t| has_typed_phrase(question, &t.phrase) != t.absent)
}

/// How a procedure's name meets the variants a question asks for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VariantCounts {
    /// Variants the name carries that the question does not ask for.
    pub unasked: u32,
    /// Variants the question asks for that the name lacks.
    pub missing: u32,
}

impl VariantCounts {
    /// The score multiplier: [`UNASKED_VARIANT`] per unasked variant and
    /// [`MISSING_VARIANT`] per missing one.
    pub fn factor(self) -> f32 {
        UNASKED_VARIANT.powi(self.unasked as i32) * MISSING_VARIANT.powi(self.missing as i32)
    }
}

/// The variants a question asks for: per variant of [`VARIANTS`], its
/// triggers the question asks with (see [`asks`]), in order.
#[derive(Debug, Clone, Default)]
pub struct AskedVariants {
    asked: Vec<Vec<usize>>,
}

/// The variants of [`VARIANTS`] a procedure name carries, as bits by
/// position: the name says the marker, and whether one item of the name's
/// list of cases is the marker itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NameVariants {
    in_name: u64,
    listed: u64,
}

const _: () = assert!(VARIANTS.len() <= u64::BITS as usize);

impl NameVariants {
    pub fn new(name: &str) -> Self {
        let name_words = TypedWords::new(name);
        // A name that lists its cases ("Đăng ký, đăng ký lại, điều chỉnh…",
        // "Cấp lại, đổi, điều chỉnh…", "Cấp, cấp lại Giấy xác nhận…", "Cấp
        // lại Giấy…, Cấp đổi sang Giấy…") is not a variant of one of them.
        let listed: Vec<Vec<String>> = name
            .split([',', ';'])
            .map(|item| {
                folded_words(item)
                    .into_iter()
                    .filter(|w| w != "thu" && w != "tuc")
                    .collect()
            })
            .collect();
        let mut out = NameVariants::default();
        for (i, (written, _)) in variant_words().iter().enumerate() {
            let marker = &written.folded;
            if has_typed_phrase(&name_words, written) {
                out.in_name |= 1 << i;
            }
            // "Cấp, cấp lại Giấy xác nhận…", "Cấp lại Giấy chứng nhận…, Cấp
            // đổi sang Giấy chứng nhận…": an item starts with the variant,
            // and another item is the plain action or starts with another
            // variant.
            let starts_listed = listed.iter().enumerate().any(|(j, item)| {
                item.starts_with(marker)
                    && listed.iter().enumerate().any(|(k, other)| {
                        k != j
                            && !other.is_empty()
                            && ((other.len() < marker.len() && marker.starts_with(other))
                                || variant_words().iter().any(|(m, _)| {
                                    m.folded != *marker && other.starts_with(&m.folded)
                                }))
                    })
            });
            if listed.contains(marker) || starts_listed {
                out.listed |= 1 << i;
            }
        }
        out
    }
}

impl AskedVariants {
    pub fn new(question: &TypedWords) -> Self {
        let question = &without_time_cost(question);
        AskedVariants {
            asked: variant_words()
                .iter()
                .map(|(_, triggers)| {
                    (0..triggers.len())
                        .filter(|&t| asks(question, &triggers[t]))
                        .collect()
                })
                .collect(),
        }
    }

    /// Count the variants a procedure name carries unasked, and those the
    /// question asks for that the name lacks. A name carries a variant when
    /// it says so as written ([`NameVariants`]); it has what a question asks
    /// for when any of its `forms` has it — the folded words of the name and
    /// aliases as written and as the synonyms rewrite them
    /// ([`Vocabulary::names`]): "Khai báo tạm trú cho người nước ngoài"
    /// answers "có yếu tố nước ngoài", but "…, người gốc Việt Nam định cư ở
    /// nước ngoài" in a list of applicants is no variant.
    pub fn counts(&self, name: &NameVariants, forms: &[Vec<String>]) -> VariantCounts {
        let in_forms = |phrase: &[String]| forms.iter().any(|f| has_phrase(f, phrase));
        let mut counts = VariantCounts::default();
        for (i, ((_, triggers), asked)) in variant_words().iter().zip(&self.asked).enumerate() {
            let in_name = name.in_name & (1 << i) != 0;
            match (in_name, asked.first()) {
                (true, None) if name.listed & (1 << i) == 0 => counts.unasked += 1,
                // A trigger that the name itself says is no request for the
                // variant: "sổ hộ tịch" asks for "đăng ký lại", except of
                // "ghi vào Sổ hộ tịch việc kết hôn…". Phrases only: one folded
                // syllable ("đổi") is too often another word ("đối tượng").
                (false, Some(_)) => {
                    let explained = asked.iter().all(|&t| {
                        triggers[t].iter().all(|p| {
                            !p.absent && p.phrase.folded.len() > 1 && in_forms(&p.phrase.folded)
                        })
                    });
                    if !explained {
                        counts.missing += 1;
                    }
                }
                _ => {}
            }
        }
        counts
    }
}

/// Words that follow "mất" when it means "takes" (time or money), not "lost":
/// "mất bao lâu", "mất mấy ngày", "mất bao nhiêu tiền".
const TIME_COST_AFTER_MAT: &[&str] = &[
    "bao", "may", "bn", "nhieu", "tien", "het", "thoi", "lau", "phi", "ngay", "tuan", "thang",
];

/// The question's words with "mất" blanked where it means "takes", so it
/// does not ask for a reissue ("cấp lại").
fn without_time_cost(question: &TypedWords) -> TypedWords {
    let folded = &question.folded;
    let takes = |i: usize| {
        folded[i] == "mat"
            && folded
                .get(i + 1)
                .is_some_and(|n| TIME_COST_AFTER_MAT.contains(&n.as_str()))
    };
    let blank = |words: &[String]| -> Vec<String> {
        words
            .iter()
            .enumerate()
            .map(|(i, w)| if takes(i) { String::new() } else { w.clone() })
            .collect()
    };
    TypedWords {
        folded: blank(folded),
        written: blank(&question.written),
        written_bare: question.written_bare.clone(),
    }
}

/// Fields of portal records that the portal tags commune level but that are
/// not commune business for a citizen (customs declarations, tax filings:
/// about 124 and 111 records), and the folded phrases of a question that
/// ask for them. Without one of these, their records are demoted: their
/// names share generic words ("kinh doanh", "địa điểm", "thông báo") with
/// the procedures citizens mean.
pub struct FieldPrior {
    pub field: &'static str,
    pub triggers: &'static [&'static str],
}

pub const OUTSIDE_FIELDS: &[FieldPrior] = &[
    FieldPrior {
        field: "Hải quan",
        triggers: &[
            "hai quan",
            "to khai hai quan",
            "xuat khau",
            "tam nhap",
            "tai xuat",
            "customs",
            "export",
        ],
    },
    FieldPrior {
        field: "Thuế",
        triggers: &["thue", "truoc ba", "tax", "taxes", "registration fee"],
    },
];

/// Multiplier for a record of an [`OUTSIDE_FIELDS`] field the question does
/// not ask for.
pub const UNASKED_FIELD: f32 = 0.6;

/// Score multiplier for a procedure's field given the question's folded words.
pub fn field_factor(question: &[String], field: &str) -> f32 {
    /// Each field with the folded words of its trigger phrases.
    type FieldTriggers = Vec<(&'static str, Vec<Vec<String>>)>;
    static TRIGGERS: std::sync::OnceLock<FieldTriggers> = std::sync::OnceLock::new();
    let triggers = TRIGGERS.get_or_init(|| {
        OUTSIDE_FIELDS
            .iter()
            .map(|f| {
                (
                    f.field,
                    f.triggers.iter().map(|t| folded_words(t)).collect(),
                )
            })
            .collect()
    });
    for (name, phrases) in triggers {
        if *name == field && !phrases.iter().any(|t| has_phrase(question, t)) {
            return UNASKED_FIELD;
        }
    }
    1.0
}

/// Words of procedure names that say nothing about which procedure it is.
const GENERIC_NAME_WORDS: &[&str] = &[
    "thu", "tuc", "va", "cua", "cho", "doi", "voi", "trong", "theo", "cac", "nhung", "tai", "ve",
    "viec", "da", "duoc", "co", "truong", "hop", "nguoi", "la", "mot", "so",
];

/// How a question's topic meets one procedure's names.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct NameMatch {
    /// Share of the topic's distinctiveness (IDF mass) found in the names.
    pub topic_covered: f32,
    /// IDF mass of the topic words found in the names.
    pub matched_mass: f32,
    /// Share of the best name's distinctive words that the question has.
    pub name_covered: f32,
    /// Share of the topic's adjacent word pairs found, in order, in a name.
    pub ordered_pairs: f32,
    /// Share of the topic's IDF mass found anywhere in the procedure's text.
    pub text_fit: f32,
    /// IDF mass of the topic words found in what a name is about: its words
    /// that are not generic, not of an action ("đăng ký", "cấp", "gia
    /// hạn"), and not of a variant marker the name carries ("có yếu tố
    /// nước ngoài"). A credible answer needs some: "gia hạn hộ chiếu" is
    /// no "gia hạn tạm trú", and "…as a foreigner" names no procedure.
    pub object_mass: f32,
}

/// Folded words of the actions procedure names begin with, and of how often
/// ("lần đầu"): what is done, not what it is done to.
const ACTION_WORDS: &[&str] = &[
    "lan", "dau", "dang", "ky", "cap", "lai", "gia", "han", "xac", "nhan", "thanh", "lap", "giai",
    "quyet", "cong", "thay", "dieu", "chinh", "cai", "bo", "sung", "xoa", "trinh", "bao", "khai",
    "thong", "de", "nghi", "tro", "chi", "tra", "huong", "tham", "dinh", "phe", "duyet", "thu",
    "hoi", "cham", "dut", "ngung", "ghi", "vao", "chuyen", "doi", "cho", "phep", "hoan", "nop",
    "tiep",
];

/// A name's words that say which procedure it is: not generic, and not part
/// of a variant marker the name carries.
fn core_words(name: &[String]) -> Vec<&String> {
    let mut variant = vec![false; name.len()];
    for (Phrase { folded: marker, .. }, _) in variant_words() {
        if marker.is_empty() {
            continue;
        }
        for (start, words) in name.windows(marker.len()).enumerate() {
            if words == &marker[..] {
                variant[start..start + marker.len()].fill(true);
            }
        }
    }
    name.iter()
        .zip(variant)
        .filter(|(w, v)| !v && !GENERIC_NAME_WORDS.contains(&w.as_str()))
        .map(|(w, _)| w)
        .collect()
}

/// What [`name_match_of`] and [`AskedVariants::counts`] read in one procedure's names,
/// which no question changes: computed once per procedure (see
/// [`Vocabulary::name_features`]), not for every question it is a candidate of.
#[derive(Debug, Clone, Default)]
pub struct NameFeatures {
    /// The procedure name these were computed from.
    pub name: String,
    /// Every word of any name form, sorted, distinct.
    words: Vec<String>,
    /// Every adjacent word pair of any name form, sorted, distinct.
    pairs: Vec<(String, String)>,
    /// Every core word ([`core_words`]) of any name form, sorted, distinct.
    cores: Vec<String>,
    /// Per name form: its distinct words that are not generic.
    distinctive: Vec<Distinctive>,
    pub variants: NameVariants,
}

/// A name form's distinct words that are not generic, in order, with their
/// IDF, and their IDF mass (`None`: no such word).
type Distinctive = (Vec<(String, f32)>, Option<f32>);

fn sorted_distinct<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort_unstable();
    v.dedup();
    v
}

impl NameFeatures {
    /// The features of a procedure named `name` with these name `forms`
    /// ([`Vocabulary::names`]).
    pub fn new(name: &str, forms: &[Vec<String>], vocab: &Vocabulary) -> Self {
        let words = sorted_distinct(forms.iter().flatten().cloned().collect());
        let pairs = sorted_distinct(
            forms
                .iter()
                .flat_map(|n| n.windows(2))
                .map(|w| (w[0].clone(), w[1].clone()))
                .collect(),
        );
        let cores = sorted_distinct(forms.iter().flat_map(|n| core_words(n)).cloned().collect());
        let distinctive = forms
            .iter()
            .map(|n| {
                let mut distinctive: Vec<&String> = Vec::new();
                for w in n {
                    if !GENERIC_NAME_WORDS.contains(&w.as_str()) && !distinctive.contains(&w) {
                        distinctive.push(w);
                    }
                }
                if distinctive.is_empty() {
                    return (Vec::new(), None);
                }
                let mass: f32 = distinctive.iter().map(|w| vocab.idf(w)).sum();
                let words = distinctive
                    .into_iter()
                    .map(|w| (w.clone(), vocab.idf(w)))
                    .collect();
                (words, Some(mass))
            })
            .collect();
        NameFeatures {
            name: name.to_string(),
            words,
            pairs,
            cores,
            distinctive,
            variants: NameVariants::new(name),
        }
    }

    fn has_word(&self, w: &str) -> bool {
        self.words.binary_search_by(|x| x.as_str().cmp(w)).is_ok()
    }

    fn has_core(&self, w: &str) -> bool {
        self.cores.binary_search_by(|x| x.as_str().cmp(w)).is_ok()
    }

    fn has_pair(&self, a: &str, b: &str) -> bool {
        self.pairs
            .binary_search_by(|(x, y)| (x.as_str(), y.as_str()).cmp(&(a, b)))
            .is_ok()
    }
}

/// A question's topic words with what [`name_match_of`] needs of them that no
/// procedure changes, computed once per question.
#[derive(Debug, Clone, Default)]
pub struct TopicWords<'a> {
    topic: &'a [String],
    /// IDF of each topic word, by position.
    idf: Vec<f32>,
    /// Positions of the first occurrence of each distinct topic word.
    distinct: Vec<usize>,
    /// Adjacent pairs of different words, with repeats.
    pairs: Vec<(&'a str, &'a str)>,
}

impl<'a> TopicWords<'a> {
    pub fn new(topic: &'a [String], vocab: &Vocabulary) -> Self {
        let mut distinct: Vec<usize> = Vec::new();
        for (i, t) in topic.iter().enumerate() {
            if !distinct.iter().any(|&j| topic[j] == *t) {
                distinct.push(i);
            }
        }
        TopicWords {
            topic,
            idf: topic.iter().map(|t| vocab.idf(t)).collect(),
            distinct,
            pairs: topic
                .windows(2)
                .filter(|w| w[0] != w[1])
                .map(|w| (w[0].as_str(), w[1].as_str()))
                .collect(),
        }
    }

    /// The topic words.
    pub fn words(&self) -> &'a [String] {
        self.topic
    }

    /// The IDF of each topic word, by position.
    pub fn idf(&self) -> &[f32] {
        &self.idf
    }
}

/// How a question's topic and a procedure's names cover each other, from
/// the question's [`TopicWords`], the procedure's [`NameFeatures`] and its
/// [`Vocabulary::text_fit`].
pub fn name_match_of(topic: &TopicWords, names: &NameFeatures, text_fit: f32) -> NameMatch {
    if topic.topic.is_empty() {
        return NameMatch::default();
    }
    let mut total = 0.0;
    let mut matched = 0.0;
    for &i in &topic.distinct {
        let idf = topic.idf[i];
        total += idf;
        if names.has_word(&topic.topic[i]) {
            matched += idf;
        }
    }
    let name_covered = names
        .distinctive
        .iter()
        .map(|(distinctive, mass)| {
            let Some(mass) = mass else {
                return 0.0;
            };
            let hit: f32 = distinctive
                .iter()
                .filter(|(w, _)| topic.topic.contains(w))
                .map(|(_, idf)| idf)
                .sum();
            hit / mass
        })
        .fold(0.0, f32::max);
    let ordered_pairs = if topic.pairs.is_empty() {
        0.0
    } else {
        let found = topic
            .pairs
            .iter()
            .filter(|(a, b)| names.has_pair(a, b))
            .count();
        found as f32 / topic.pairs.len() as f32
    };
    let object_mass = topic
        .distinct
        .iter()
        .filter(|&&i| {
            let t = &topic.topic[i];
            !ACTION_WORDS.contains(&t.as_str()) && names.has_core(t)
        })
        .map(|&i| topic.idf[i])
        .sum();
    NameMatch {
        object_mass,
        topic_covered: if total > 0.0 { matched / total } else { 0.0 },
        matched_mass: matched,
        name_covered,
        ordered_pairs,
        text_fit,
    }
}

/// Thresholds and weights of re-ranking and confidence.
#[derive(Debug, Clone)]
pub struct RankTuning {
    /// A credible answer's names cover at least this share of the topic…
    pub min_topic_covered: f32,
    /// …or the question covers at least this share of the name's
    /// distinctive words (long questions tell a story around the name).
    pub min_name_covered: f32,
    /// Least IDF mass of topic words found in a credible answer's names.
    pub min_matched_mass: f32,
    /// …or its names have at least this IDF mass of the topic words: a
    /// story-style question around a long formal name ("thanh kiếm cổ gia
    /// truyền … khai báo với công an", "xây nhà kho trong hành lang bảo vệ
    /// công trình thủy lợi") covers little of either, yet shares several
    /// rare words with it.
    pub strong_matched_mass: f32,
    /// Least share of the topic found anywhere in a credible answer's text.
    pub min_text_fit: f32,
    /// Weight of search relevance against name coverage in the final score.
    pub search_weight: f32,
}

impl Default for RankTuning {
    fn default() -> Self {
        RankTuning {
            // Chosen on the development sets (`motcua eval`, features dumped
            // with MOTCUA_EVAL_DUMP=FILE): the best out-of-scope abstention with
            // about one in ten in-scope questions left unanswered.
            min_topic_covered: 0.4,
            min_name_covered: 0.3,
            min_matched_mass: 3.0,
            // Chosen on all three citizen and out-of-scope development sets
            // (benches/tune_rank.py): 9–10 were best; 10 costs the fewest
            // out-of-scope abstentions.
            strong_matched_mass: 10.0,
            min_text_fit: 0.4,
            search_weight: 0.5,
        }
    }
}

impl RankTuning {
    /// Final score from normalized search relevance (0–1), the name match and
    /// the variant factor.
    pub fn score(&self, relevance: f32, m: &NameMatch, variant: f32) -> f32 {
        let coverage = 0.5 * m.topic_covered + 0.3 * m.name_covered + 0.2 * m.ordered_pairs;
        (self.search_weight * relevance + (1.0 - self.search_weight) * coverage) * variant
    }

    /// Whether a candidate's name match makes it an answer. An English
    /// question's topic is only what the glossary translated, so one
    /// translated word can be "all of it" ("a US tourist visa" → "du lịch"):
    /// in English the topic's coverage is no evidence, only the name's
    /// coverage or the mass the names share with the question.
    pub fn credible(&self, m: &NameMatch, english: bool) -> bool {
        m.object_mass > 0.0
            && ((m.topic_covered >= self.min_topic_covered && !english)
                || m.name_covered >= self.min_name_covered
                || m.matched_mass >= self.strong_matched_mass)
            && m.matched_mass >= self.min_matched_mass
            && m.text_fit >= self.min_text_fit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A question whose one translated English word is all its topic
    /// ("a tourist visa" → "du lịch") covers the topic of a long name about
    /// tourism fully, but little of the name: an answer in Vietnamese,
    /// where the topic is every word typed, not in English.
    #[test]
    fn english_credibility_rests_on_the_name_not_on_the_translated_topic() {
        let rank = RankTuning::default();
        let one_word = NameMatch {
            topic_covered: 1.0,
            matched_mass: 7.3,
            name_covered: 0.08,
            ordered_pairs: 0.0,
            text_fit: 1.0,
            object_mass: 7.3,
        };
        assert!(rank.credible(&one_word, false));
        assert!(!rank.credible(&one_word, true));
        let named = NameMatch {
            name_covered: 0.6,
            ..one_word
        };
        assert!(rank.credible(&named, true));
        let several_rare_words = NameMatch {
            matched_mass: 14.0,
            ..one_word
        };
        assert!(rank.credible(&several_rare_words, true));
    }

    /// Variants the question asks for that `name` lacks.
    /// How a name's variants meet a question's.
    fn counts(question: &str, name: &str) -> VariantCounts {
        AskedVariants::new(&TypedWords::new(question))
            .counts(&NameVariants::new(name), &[folded_words(name)])
    }

    /// The variants the question asks for that the name lacks.
    fn missing(question: &str, name: &str) -> u32 {
        counts(question, name).missing
    }

    /// The variants the name carries that the question does not ask for.
    fn unasked(question: &str, name: &str) -> u32 {
        counts(question, name).unasked
    }

    /// A name has a variant's marker only with marks that agree: "trợ cấp
    /// đối với nhà giáo" folds to the letters of "cấp đổi" but is no
    /// exchange of a certificate.
    #[test]
    fn a_marker_spelled_across_other_words_is_no_variant() {
        let question = "nhà giáo nghỉ hưu xin trợ cấp phụ cấp thâm niên";
        let teachers = "Giải quyết hưởng trợ cấp đối với nhà giáo đã nghỉ hưu";
        assert_eq!(unasked(question, teachers), 0);
        assert_eq!(unasked("xin giấy phép", "Cấp đổi giấy phép"), 1);
    }

    /// "Cấp, cấp lại …" lists both cases: no variant a question must ask
    /// for; "Cấp lại …" alone is one.
    #[test]
    fn a_name_listing_the_plain_action_before_its_variant_carries_no_variant() {
        let question = "xin giấy xác nhận nuôi trồng thủy sản lồng bè ở đâu";
        let both = "Cấp, cấp lại Giấy xác nhận nuôi trồng thủy sản lồng bè";
        let again = "Cấp lại Giấy xác nhận nuôi trồng thủy sản lồng bè";
        assert_eq!(unasked(question, both), 0);
        assert_eq!(unasked(question, again), 1);
        // Two variants listed as the name's two cases: neither is unasked.
        let lost = "mất giấy chứng nhận đăng ký hộ kinh doanh xin cấp lại";
        let two = "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh, Cấp đổi sang Giấy chứng nhận đăng ký hộ kinh doanh";
        assert_eq!(unasked(lost, two), 0);
    }

    #[test]
    fn a_trigger_typed_with_other_marks_asks_for_nothing() {
        let name = "Đăng ký thành lập hộ kinh doanh";
        // "dựng" (xây dựng), "dụng" (sử dụng), "nghị" (nghị định) are not
        // "dừng", "nghỉ" (pause the business).
        assert_eq!(missing("hộ kinh doanh xây dựng nhà xưởng", name), 0);
        assert_eq!(missing("hộ kinh doanh sử dụng hóa đơn", name), 0);
        assert_eq!(missing("nghị định về hộ kinh doanh", name), 0);
        // As written, or typed bare, they ask for the pause.
        assert_eq!(missing("hộ kinh doanh muốn dừng bán", name), 1);
        assert_eq!(missing("ho kinh doanh muon dung ban", name), 1);
        assert_eq!(missing("nghỉ bán một thời gian", name), 1);
    }
}
