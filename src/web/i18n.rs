//! Every fixed text of the web pages, in Vietnamese and English, in one
//! table. The pages read it through [`M`]; the chat script gets the same
//! table as JSON ([`json_for`]) so the browser and the server never word a
//! label differently.
//!
//! Corpus text (procedure names, checklists, legal articles) is never
//! translated: in the English interface it stays Vietnamese, marked
//! `lang="vi"`.

use crate::assistant::Lang;

macro_rules! messages {
    ($($name:ident => $vi:literal, $en:literal;)*) => {
        /// A fixed UI message.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum M { $($name),* }

        impl M {
            pub const ALL: &'static [M] = &[$(M::$name),*];

            /// Stable key (the variant name), as the script sees it.
            pub fn key(self) -> &'static str {
                match self { $(M::$name => stringify!($name)),* }
            }

            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((M::$name, Lang::Vi) => $vi, (M::$name, Lang::En) => $en,)*
                }
            }
        }
    };
}

messages! {
    SkipToMain => "Bỏ qua, đến nội dung chính", "Skip to main content";
    SiteTitle => "Trợ lý thủ tục hành chính", "Administrative procedures assistant";
    NavLabel => "Điều hướng chính", "Main navigation";
    NavChat => "Hỏi đáp", "Ask";
    NavCatalog => "Danh mục thủ tục", "All procedures";
    OtherLang => "English", "Tiếng Việt";
    OtherLangCode => "en", "vi";
    TextSize => "Cỡ chữ", "Text size";
    TextBigger => "Chữ to hơn", "Larger text";
    TextSmaller => "Chữ nhỏ hơn", "Smaller text";
    Contact => "Liên hệ", "Contact";
    FooterNote => "Thông tin thủ tục lấy từ Cổng Dịch vụ công quốc gia và văn bản pháp luật. Trợ lý chỉ trích dẫn, không tự viết nội dung.", "Procedure information comes from the National Public Service Portal and legal texts. The assistant only quotes them and writes nothing of its own.";

    ChatTitle => "Bạn cần làm thủ tục gì?", "Which procedure do you need?";
    ChatIntro => "Hãy hỏi bằng lời của bạn, có dấu hoặc không dấu. Trợ lý sẽ cho biết cần giấy tờ gì, lệ phí, thời gian và nơi nộp.", "Ask in your own words. The assistant tells you which documents to bring, the fees, the time and where to submit.";
    Examples => "Câu hỏi thường gặp", "Common questions";
    QuestionLabel => "Câu hỏi của bạn", "Your question";
    QuestionHint => "Ví dụ: làm giấy khai sinh cho con", "For example: làm giấy khai sinh cho con (birth registration)";
    Ask => "Gửi câu hỏi", "Ask";
    Conversation => "Cuộc trò chuyện", "Conversation";
    YouAsked => "Bạn hỏi", "You asked";
    Answer => "Trợ lý trả lời", "Answer";
    Thinking => "Đang tìm câu trả lời…", "Looking for the answer…";
    ChatError => "Xin lỗi, lúc này chưa trả lời được. Vui lòng thử lại sau ít phút.", "Sorry, no answer right now. Please try again in a few minutes.";
    EmptyQuestion => "Vui lòng nhập câu hỏi.", "Please type a question.";
    LongQuestion => "Câu hỏi dài quá 2.000 ký tự, vui lòng rút gọn.", "The question is longer than 2,000 characters; please shorten it.";
    Suggestions => "Bạn có thể hỏi tiếp", "You can also ask";
    MaybeLookingFor => "Có thể bạn đang tìm", "You may be looking for";
    ContactCenter => "Hỏi trực tiếp cán bộ", "Ask the center's staff";

    Code => "Mã thủ tục", "Procedure code";
    Field => "Lĩnh vực", "Field";
    Documents => "Giấy tờ cần chuẩn bị", "Documents to bring";
    TickLegend => "Đánh dấu những giấy tờ bạn đã có", "Tick the documents you already have";
    ShowOnly => "chỉ mang theo để xuất trình, không nộp", "only shown, not handed in";
    Note => "Lưu ý:", "Note:";
    Template => "Mẫu:", "Form:";
    Basis => "Căn cứ:", "Legal basis:";
    Missing => "Còn thiếu", "Still missing";
    HaveCount => "Bạn đã có {n}/{total} giấy tờ.", "You have {n} of {total} documents.";
    AllHave => "Bạn đã đánh dấu đủ các giấy tờ trong danh sách.", "You have ticked every document on the list.";
    Conditional => "xem lưu ý", "see the note";
    MissingHint => "Giấy tờ có ghi “xem lưu ý” có thể chỉ cần trong một số trường hợp: hãy đọc lưu ý ở danh sách trên.", "Documents marked “see the note” may be needed only in some cases: read their note in the list above.";
    UpdateMissing => "Cập nhật danh sách còn thiếu", "Update the missing list";
    NoDocuments => "Nguồn dữ liệu không liệt kê giấy tờ cho thủ tục này.", "The source lists no documents for this procedure.";
    Time => "Thời hạn giải quyết", "Processing time";
    Fees => "Phí, lệ phí", "Fees";
    Where => "Nơi nộp hồ sơ", "Where to submit";
    How => "Cách nộp", "How to submit";
    ApplyOnline => "Nộp trực tuyến", "Apply online";
    Result => "Kết quả", "Result";
    Steps => "Các bước thực hiện", "Steps";
    LegalBasis => "Căn cứ pháp lý", "Legal basis";
    NotInCorpus => "(chưa có toàn văn tại đây)", "(full text not available here)";
    Applicants => "Đối tượng thực hiện", "Who may apply";
    Requirements => "Yêu cầu, điều kiện", "Requirements";
    Passages => "Trích dẫn văn bản pháp luật", "Cited legal passages";
    Article => "Điều", "Article";
    PrintShare => "In hoặc chia sẻ danh sách", "Print or share the checklist";
    Share => "Chia sẻ đường dẫn", "Share the link";
    Copied => "Đã sao chép đường dẫn.", "Link copied.";
    FullProcedure => "Xem đầy đủ thủ tục", "See the full procedure";
    Helpful => "Câu trả lời này có giúp ích cho bạn không?", "Was this answer helpful?";
    Yes => "Có ích", "Helpful";
    No => "Chưa có ích", "Not helpful";
    Thanks => "Cảm ơn bạn đã góp ý.", "Thank you for your feedback.";
    Source => "Nguồn", "Source";
    AsOf => "cập nhật", "as of";
    PortalName => "Cổng Dịch vụ công quốc gia", "National Public Service Portal";
    VietnameseText => "Nội dung văn bản bằng tiếng Việt.", "The legal content is in Vietnamese.";

    CatalogTitle => "Danh mục thủ tục hành chính", "Administrative procedures";
    CatalogIntro => "{n} thủ tục, xếp theo lĩnh vực.", "{n} procedures, by field.";
    FindLabel => "Tìm thủ tục", "Find a procedure";
    FindHint => "Gõ tên hoặc mã thủ tục, có dấu hoặc không dấu.", "Type a name or code, with or without Vietnamese accents.";
    Find => "Tìm", "Search";
    Matching => "{n} thủ tục khớp với “{q}”.", "{n} procedures match “{q}”.";
    NoMatch => "Không có thủ tục nào khớp. Hãy thử từ khác, hoặc hỏi trợ lý.", "No procedure matches. Try other words, or ask the assistant.";
    Fields => "Các lĩnh vực", "Fields";
    ShowAll => "Xem tất cả", "Show all";

    Breadcrumb => "Đường dẫn", "Breadcrumb";
    PrintBoard => "In bảng niêm yết (A4)", "Print the notice board (A4)";
    ScanToOpen => "Quét mã QR để xem thủ tục này trên điện thoại", "Scan the QR code to open this procedure on a phone";
    QrLabel => "Mã QR dẫn tới trang thủ tục", "QR code linking to the procedure page";

    DocNumber => "Số hiệu", "Number";
    DocType => "Loại văn bản", "Type";
    Issuer => "Cơ quan ban hành", "Issued by";
    Issued => "Ngày ban hành", "Issued on";
    Effective => "Ngày hiệu lực", "In force from";
    Status => "Tình trạng", "Status";
    InForce => "Còn hiệu lực", "In force";
    Amended => "Đã được sửa đổi, bổ sung", "Amended";
    Superseded => "Đã bị thay thế", "Superseded";
    AmendedBy => "Văn bản sửa đổi, bổ sung", "Amended by";
    SupersededBy => "Thay thế bởi", "Superseded by";
    Partial => "Tại đây chỉ có một số điều của văn bản.", "Only some articles of this document are available here.";
    Contents => "Mục lục", "Contents";
    WholeDocument => "Xem toàn văn", "Whole document";
    PrevArticle => "Điều trước", "Previous article";
    NextArticle => "Điều sau", "Next article";
    ArticleNav => "Chuyển điều", "Article navigation";

    NotFoundTitle => "Không tìm thấy trang", "Page not found";
    NotFoundProcedure => "Không có thủ tục nào mang mã này.", "No procedure has this code.";
    NotFoundDocument => "Không có văn bản nào mang số hiệu này.", "No document has this number.";
    NotFoundArticle => "Văn bản này không có điều này (hoặc chưa có tại đây).", "This document has no such article here.";
    BackHome => "Về trang hỏi đáp", "Back to the assistant";
    Busy => "Hệ thống đang bận, vui lòng thử lại sau ít phút.", "The service is busy; please try again in a few minutes.";
    Loading => "Hệ thống đang khởi động, vui lòng thử lại sau ít phút.", "The service is starting; please try again in a few minutes.";

    WidgetOpen => "Hỏi đáp thủ tục", "Ask about procedures";
    WidgetClose => "Đóng", "Close";
}

/// Example questions offered before the first answer (each one answers
/// with a procedure on the committed corpus; see the web tests).
pub fn examples(lang: Lang) -> &'static [&'static str] {
    crate::assistant::compose::examples(lang)
}

/// `template` with `{name}` placeholders replaced.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The table in `lang` as a JSON object (key → text), safe inside a
/// `<script type="application/json">` element.
pub fn json_for(lang: Lang) -> String {
    let map: serde_json::Map<String, serde_json::Value> = M::ALL
        .iter()
        .map(|m| (m.key().to_string(), m.get(lang).into()))
        .collect();
    serde_json::Value::Object(map)
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// `lang` from a `?lang=` value: `en` (any case) is English, anything else
/// Vietnamese.
pub fn parse_lang(value: Option<&str>) -> Lang {
    match value.map(|v| v.trim().to_ascii_lowercase()) {
        Some(v) if v == "en" => Lang::En,
        _ => Lang::Vi,
    }
}

/// `vi` or `en`.
pub fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_texts_present() {
        let mut seen = std::collections::HashSet::new();
        for m in M::ALL {
            assert!(seen.insert(m.key()), "{}", m.key());
            assert!(!m.get(Lang::Vi).is_empty() && !m.get(Lang::En).is_empty());
        }
    }

    #[test]
    fn the_json_table_cannot_close_its_script_element() {
        let json = json_for(Lang::Vi);
        assert!(!json.contains('<'));
        let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(v["Missing"], "Còn thiếu");
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            fill(M::HaveCount.get(Lang::Vi), &[("n", "2"), ("total", "8")]),
            "Bạn đã có 2/8 giấy tờ."
        );
    }
}
