//! A small fixture corpus built in code: real commune-level procedures
//! (names and checklists from the national portal) and real articles (Luật Hộ
//! tịch 2014, Luật Hôn nhân và gia đình 2014, Luật Cư trú 2020, NĐ 123/2015,
//! NĐ 23/2015, TT 01/2020), plus helpers to index it in a temporary directory.

#![allow(dead_code)] // each test binary uses a subset

use std::path::Path;
use std::sync::Arc;

use motcua::corpus::{
    Article, ChecklistItem, Corpus, DocumentHeader, DocumentStatus, Fee, LegalDocument, LegalRef,
    Procedure, ProcessingTime, Source, Step, TimeUnit,
};
use motcua::search::Engine;

pub const KHAI_SINH: &str = "1.001193";
pub const KET_HON: &str = "1.000894";
pub const KHAI_TU: &str = "1.000656";
pub const KHAI_SINH_LAI: &str = "1.004884";
pub const KHAI_SINH_NN: &str = "2.000528";
pub const BAN_SAO_KHAI_SINH: &str = "2.000635";
pub const CHUNG_THUC: &str = "2.000815";
pub const THUONG_TRU: &str = "1.004222";
pub const DUONG_TINH: &str = "1.999001";
pub const TUYEN_DUONG: &str = "1.999002";

fn item(name: &str) -> ChecklistItem {
    ChecklistItem {
        name: name.into(),
        quantity: 1,
        ..Default::default()
    }
}

fn basis(number: &str, title: &str) -> LegalRef {
    LegalRef {
        document_number: number.into(),
        article: None,
        title: title.into(),
    }
}

fn procedure(code: &str, name: &str, field: &str) -> Procedure {
    Procedure {
        code: code.into(),
        name: name.into(),
        field: field.into(),
        levels: vec!["Cấp xã".into()],
        agency: "Ủy ban nhân dân cấp xã".into(),
        source: Source {
            as_of: "2026-01-01".into(),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn same_day() -> Option<ProcessingTime> {
    Some(ProcessingTime {
        unit: TimeUnit::SameDay,
        amount: None,
        text: "Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo.".into(),
    })
}

fn free() -> Vec<Fee> {
    vec![Fee {
        amount_vnd: Some(0),
        text: "Miễn lệ phí".into(),
        ..Default::default()
    }]
}

pub fn procedures() -> Vec<Procedure> {
    let ho_tich = vec![
        basis("60/2014/QH13", "Luật Hộ tịch"),
        basis(
            "123/2015/NĐ-CP",
            "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
        ),
    ];
    let mut out = Vec::new();

    let mut p = procedure(KHAI_SINH, "Thủ tục đăng ký khai sinh", "Hộ tịch");
    p.aliases = vec!["Làm giấy khai sinh".into(), "Khai sinh cho con".into()];
    p.applicants = "Công dân Việt Nam, Người Việt Nam định cư ở nước ngoài".into();
    p.checklist = vec![
        item("Tờ khai đăng ký khai sinh theo mẫu"),
        item("Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng xác nhận về việc sinh; nếu không có người làm chứng thì phải có giấy cam đoan về việc sinh"),
        item("Trường hợp trẻ em bị bỏ rơi thì phải có biên bản về việc trẻ bị bỏ rơi do cơ quan có thẩm quyền lập"),
        item("Văn bản ủy quyền (được chứng thực) theo quy định của pháp luật trong trường hợp ủy quyền thực hiện việc đăng ký khai sinh"),
    ];
    p.steps = vec![
        Step { text: "Người yêu cầu đăng ký khai sinh nộp hồ sơ tại Trung tâm Phục vụ hành chính công hoặc nộp trực tuyến trên Cổng dịch vụ công quốc gia.".into() },
        Step { text: "Công chức tư pháp - hộ tịch ghi nội dung khai sinh vào Sổ hộ tịch; Chủ tịch Ủy ban nhân dân cấp xã cấp Giấy khai sinh cho người được đăng ký khai sinh.".into() },
    ];
    p.processing_time = same_day();
    p.fees = free();
    p.results = vec!["Giấy khai sinh".into()];
    p.legal_basis = ho_tich.clone();
    out.push(p);

    let mut p = procedure(KET_HON, "Thủ tục đăng ký kết hôn", "Hộ tịch");
    p.checklist = vec![
        item("Tờ khai đăng ký kết hôn theo mẫu"),
        item("Giấy xác nhận tình trạng hôn nhân trong trường hợp người yêu cầu đăng ký kết hôn không thường trú tại nơi đăng ký kết hôn"),
    ];
    p.steps = vec![Step { text: "Hai bên nam, nữ nộp tờ khai đăng ký kết hôn và cùng có mặt khi đăng ký kết hôn; công chức tư pháp - hộ tịch ghi việc kết hôn vào Sổ hộ tịch.".into() }];
    p.processing_time = same_day();
    p.fees = free();
    p.results = vec!["Giấy chứng nhận kết hôn".into()];
    p.legal_basis = vec![
        basis("52/2014/QH13", "Luật Hôn nhân và gia đình"),
        basis("60/2014/QH13", "Luật Hộ tịch"),
    ];
    out.push(p);

    let mut p = procedure(KHAI_TU, "Thủ tục đăng ký khai tử", "Hộ tịch");
    p.checklist = vec![
        item("Tờ khai đăng ký khai tử theo mẫu"),
        item("Giấy báo tử hoặc giấy tờ khác thay giấy báo tử do cơ quan có thẩm quyền cấp"),
    ];
    p.steps = vec![Step { text: "Người có trách nhiệm đi đăng ký khai tử nộp tờ khai và Giấy báo tử; công chức tư pháp - hộ tịch ghi nội dung khai tử vào Sổ hộ tịch và cấp trích lục khai tử.".into() }];
    p.processing_time = same_day();
    p.fees = free();
    p.results = vec!["Trích lục khai tử".into()];
    p.legal_basis = ho_tich.clone();
    out.push(p);

    let mut p = procedure(KHAI_SINH_LAI, "Thủ tục đăng ký lại khai sinh", "Hộ tịch");
    p.checklist = vec![
        item("Tờ khai đăng ký lại khai sinh theo mẫu"),
        item("Bản sao toàn bộ hồ sơ, giấy tờ của người yêu cầu hoặc hồ sơ, giấy tờ, tài liệu khác trong đó có các thông tin liên quan đến nội dung khai sinh của người đó"),
    ];
    p.processing_time = Some(ProcessingTime {
        unit: TimeUnit::WorkingDays,
        amount: Some(5.0),
        text: "05 ngày làm việc".into(),
    });
    p.fees = free();
    p.results = vec!["Giấy khai sinh".into()];
    p.legal_basis = ho_tich.clone();
    out.push(p);

    let mut p = procedure(
        KHAI_SINH_NN,
        "Thủ tục đăng ký khai sinh có yếu tố nước ngoài",
        "Hộ tịch",
    );
    p.checklist = vec![
        item("Tờ khai đăng ký khai sinh theo mẫu"),
        item("Giấy chứng sinh"),
        item("Văn bản thỏa thuận của cha, mẹ về việc chọn quốc tịch cho con"),
    ];
    p.fees = vec![Fee {
        amount_vnd: None,
        text: "Lệ phí theo quy định của Hội đồng nhân dân cấp tỉnh".into(),
        ..Default::default()
    }];
    p.results = vec!["Giấy khai sinh".into()];
    p.legal_basis = ho_tich.clone();
    out.push(p);

    let mut p = procedure(
        BAN_SAO_KHAI_SINH,
        "Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh",
        "Hộ tịch",
    );
    p.checklist = vec![item("Tờ khai cấp bản sao trích lục hộ tịch theo mẫu")];
    p.fees = vec![Fee {
        amount_vnd: Some(8_000),
        text: "Phí cấp bản sao: 8.000 đồng/bản".into(),
        ..Default::default()
    }];
    p.results = vec!["Bản sao trích lục hộ tịch, bản sao Giấy khai sinh".into()];
    p.legal_basis = ho_tich;
    out.push(p);

    let mut p = procedure(
        CHUNG_THUC,
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam; cơ quan, tổ chức có thẩm quyền của nước ngoài cấp hoặc chứng nhận",
        "Chứng thực",
    );
    p.checklist = vec![
        item("Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao"),
        item("Bản sao cần chứng thực"),
    ];
    p.fees = vec![Fee {
        amount_vnd: Some(2_000),
        text: "2.000 đồng/trang; từ trang thứ ba trở lên thu 1.000 đồng/trang".into(),
        ..Default::default()
    }];
    p.legal_basis = vec![basis(
        "23/2015/NĐ-CP",
        "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính",
    )];
    out.push(p);

    let mut p = procedure(THUONG_TRU, "Đăng ký thường trú", "Đăng ký, quản lý cư trú");
    p.agency = "Công an cấp xã".into();
    p.checklist = vec![
        item("Tờ khai thay đổi thông tin cư trú"),
        item("Giấy tờ, tài liệu chứng minh việc sở hữu chỗ ở hợp pháp"),
    ];
    p.legal_basis = vec![basis("68/2020/QH14", "Luật Cư trú")];
    out.push(p);

    // A pair that differs only by accents: "đường" / "dương".
    let mut p = procedure(
        DUONG_TINH,
        "Cấp phép thi công nút giao đấu nối vào đường tỉnh",
        "Đường bộ",
    );
    p.checklist = vec![item("Đơn đề nghị cấp phép thi công")];
    out.push(p);
    let mut p = procedure(
        TUYEN_DUONG,
        "Thủ tục tuyên dương gia đình văn hóa tiêu biểu",
        "Văn hóa cơ sở",
    );
    p.checklist = vec![item("Báo cáo thành tích")];
    out.push(p);

    out.sort_by(|a, b| a.code.cmp(&b.code));
    out
}

pub fn article(number: &str, title: &str, chapter: &str, text: &str) -> Article {
    Article {
        number: number.into(),
        title: title.into(),
        chapter: chapter.into(),
        text: text.into(),
        ..Default::default()
    }
}

pub fn header(number: &str, doc_type: &str, title: &str, status: DocumentStatus) -> DocumentHeader {
    DocumentHeader {
        number: number.into(),
        doc_type: doc_type.into(),
        title: title.into(),
        status,
        source: "fixture".into(),
        ..Default::default()
    }
}

pub fn documents() -> Vec<LegalDocument> {
    let ch2 = "Chương II. ĐĂNG KÝ HỘ TỊCH TẠI ỦY BAN NHÂN DÂN CẤP XÃ";
    let ho_tich = LegalDocument {
        header: header("60/2014/QH13", "Luật", "Luật Hộ tịch", DocumentStatus::InForce),
        articles: vec![
            article("1", "Phạm vi điều chỉnh", "Chương I. NHỮNG QUY ĐỊNH CHUNG",
                "1. Luật này quy định về hộ tịch; quyền, nghĩa vụ, nguyên tắc, thẩm quyền, thủ tục đăng ký hộ tịch; Cơ sở dữ liệu hộ tịch và quản lý nhà nước về hộ tịch.\n2. Thẩm quyền, thủ tục giải quyết các việc về quốc tịch, nuôi con nuôi được thực hiện theo quy định của Luật quốc tịch Việt Nam, Luật nuôi con nuôi, trừ trường hợp Luật này có quy định khác."),
            article("13", "Thẩm quyền đăng ký khai sinh", ch2,
                "Ủy ban nhân dân cấp xã nơi cư trú của người cha hoặc người mẹ thực hiện đăng ký khai sinh."),
            article("15", "Trách nhiệm đăng ký khai sinh", ch2,
                "1. Trong thời hạn 60 ngày kể từ ngày sinh con, cha hoặc mẹ có trách nhiệm đăng ký khai sinh cho con; trường hợp cha, mẹ không thể đăng ký khai sinh cho con thì ông hoặc bà hoặc người thân thích khác hoặc cá nhân, tổ chức đang nuôi dưỡng trẻ em có trách nhiệm đăng ký khai sinh cho trẻ em.\n2. Công chức tư pháp - hộ tịch thường xuyên kiểm tra, đôn đốc việc đăng ký khai sinh cho trẻ em trên địa bàn trong thời hạn quy định; trường hợp cần thiết thì thực hiện đăng ký khai sinh lưu động."),
            article("16", "Thủ tục đăng ký khai sinh", ch2,
                "1. Người đi đăng ký khai sinh nộp tờ khai theo mẫu quy định và giấy chứng sinh cho cơ quan đăng ký hộ tịch. Trường hợp không có giấy chứng sinh thì nộp văn bản của người làm chứng xác nhận về việc sinh; nếu không có người làm chứng thì phải có giấy cam đoan về việc sinh; trường hợp khai sinh cho trẻ em bị bỏ rơi phải có biên bản xác nhận việc trẻ bị bỏ rơi do cơ quan có thẩm quyền lập; trường hợp khai sinh cho trẻ em sinh ra do mang thai hộ phải có văn bản chứng minh việc mang thai hộ theo quy định pháp luật.\n2. Ngay sau khi nhận đủ giấy tờ theo quy định tại khoản 1 Điều này, nếu thấy thông tin khai sinh đầy đủ và phù hợp, công chức tư pháp - hộ tịch ghi nội dung khai sinh theo quy định tại khoản 1 Điều 14 của Luật này vào Sổ hộ tịch; cập nhật vào Cơ sở dữ liệu hộ tịch điện tử, Cơ sở dữ liệu quốc gia về dân cư để lấy Số định danh cá nhân.\nCông chức tư pháp - hộ tịch và người đi đăng ký khai sinh cùng ký tên vào Sổ hộ tịch. Chủ tịch Ủy ban nhân dân cấp xã cấp Giấy khai sinh cho người được đăng ký khai sinh.\n3. Chính phủ quy định chi tiết việc đăng ký khai sinh cho trẻ em bị bỏ rơi, trẻ em chưa xác định được cha, mẹ, trẻ em sinh ra do mang thai hộ; việc xác định quê quán của trẻ em bị bỏ rơi, trẻ em chưa xác định được cha, mẹ."),
            article("17", "Thẩm quyền đăng ký kết hôn và nội dung Giấy chứng nhận kết hôn", ch2,
                "1. Ủy ban nhân dân cấp xã nơi cư trú của một trong hai bên nam, nữ thực hiện đăng ký kết hôn.\n2. Giấy chứng nhận kết hôn phải có các thông tin sau đây:\na) Họ, chữ đệm và tên; ngày, tháng, năm sinh; dân tộc; quốc tịch; nơi cư trú; thông tin về giấy tờ chứng minh nhân thân của hai bên nam, nữ;\nb) Ngày, tháng, năm đăng ký kết hôn;\nc) Chữ ký hoặc điểm chỉ của hai bên nam, nữ và xác nhận của cơ quan đăng ký hộ tịch."),
            article("18", "Thủ tục đăng ký kết hôn", ch2,
                "1. Hai bên nam, nữ nộp tờ khai đăng ký kết hôn theo mẫu quy định cho cơ quan đăng ký hộ tịch và cùng có mặt khi đăng ký kết hôn.\n2. Ngay sau khi nhận đủ giấy tờ theo quy định tại khoản 1 Điều này, nếu thấy đủ điều kiện kết hôn theo quy định của Luật hôn nhân và gia đình, công chức tư pháp - hộ tịch ghi việc kết hôn vào Sổ hộ tịch, cùng hai bên nam, nữ ký tên vào Sổ hộ tịch. Hai bên nam, nữ cùng ký vào Giấy chứng nhận kết hôn; công chức tư pháp - hộ tịch báo cáo Chủ tịch Ủy ban nhân dân cấp xã tổ chức trao Giấy chứng nhận kết hôn cho hai bên nam, nữ.\nTrường hợp cần xác minh điều kiện kết hôn của hai bên nam, nữ thì thời hạn giải quyết không quá 05 ngày làm việc."),
            article("33", "Thời hạn và trách nhiệm đăng ký khai tử", ch2,
                "1. Trong thời hạn 15 ngày kể từ ngày có người chết thì vợ, chồng hoặc con, cha, mẹ hoặc người thân thích khác của người chết có trách nhiệm đi đăng ký khai tử; trường hợp người chết không có người thân thích thì đại diện của cơ quan, tổ chức, cá nhân liên quan có trách nhiệm đi khai tử.\n2. Công chức tư pháp - hộ tịch thường xuyên kiểm tra, đôn đốc việc khai tử cho người chết; trường hợp không xác định được người có trách nhiệm đi khai tử thì công chức tư pháp - hộ tịch thực hiện đăng ký khai tử."),
            article("34", "Thủ tục đăng ký khai tử", ch2,
                "1. Người có trách nhiệm đi đăng ký khai tử nộp tờ khai theo mẫu quy định và Giấy báo tử hoặc giấy tờ khác thay giấy báo tử cho cơ quan đăng ký hộ tịch.\n2. Ngay sau khi nhận giấy tờ theo quy định tại khoản 1 Điều này, nếu thấy việc khai tử đúng thì công chức tư pháp - hộ tịch ghi nội dung khai tử vào Sổ hộ tịch, cùng người đi khai tử ký tên vào Sổ hộ tịch và báo cáo Chủ tịch Ủy ban nhân dân cấp xã cấp trích lục cho người đi khai tử."),
        ],
    };
    let hon_nhan = LegalDocument {
        header: header("52/2014/QH13", "Luật", "Luật Hôn nhân và gia đình", DocumentStatus::InForce),
        articles: vec![
            article("8", "Điều kiện kết hôn", "Chương II. KẾT HÔN",
                "1. Nam, nữ kết hôn với nhau phải tuân theo các điều kiện sau đây:\na) Nam từ đủ 20 tuổi trở lên, nữ từ đủ 18 tuổi trở lên;\nb) Việc kết hôn do nam và nữ tự nguyện quyết định;\nc) Không bị mất năng lực hành vi dân sự;\nd) Việc kết hôn không thuộc một trong các trường hợp cấm kết hôn theo quy định tại các điểm a, b, c và d khoản 2 Điều 5 của Luật này.\n2. Nhà nước không thừa nhận hôn nhân giữa những người cùng giới tính."),
            article("16", "Giải quyết quan hệ tài sản, nghĩa vụ và hợp đồng của nam, nữ chung sống với nhau như vợ chồng mà không đăng ký kết hôn", "Chương II. KẾT HÔN",
                "1. Quan hệ tài sản, nghĩa vụ và hợp đồng của nam, nữ chung sống với nhau như vợ chồng mà không đăng ký kết hôn được giải quyết theo thỏa thuận giữa các bên; trong trường hợp không có thỏa thuận thì giải quyết theo quy định của Bộ luật dân sự và các quy định khác của pháp luật có liên quan.\n2. Việc giải quyết quan hệ tài sản phải bảo đảm quyền, lợi ích hợp pháp của phụ nữ và con; công việc nội trợ và công việc khác có liên quan để duy trì đời sống chung được coi như lao động có thu nhập."),
        ],
    };
    let cu_tru = LegalDocument {
        header: header("68/2020/QH14", "Luật", "Luật Cư trú", DocumentStatus::InForce),
        articles: vec![
            article("20", "Điều kiện đăng ký thường trú", "Chương III. ĐĂNG KÝ THƯỜNG TRÚ",
                "1. Công dân có chỗ ở hợp pháp thuộc quyền sở hữu của mình thì được đăng ký thường trú tại chỗ ở hợp pháp đó.\n2. Công dân được đăng ký thường trú tại chỗ ở hợp pháp không thuộc quyền sở hữu của mình khi được chủ hộ và chủ sở hữu chỗ ở hợp pháp đó đồng ý trong các trường hợp sau đây:\na) Vợ về ở với chồng; chồng về ở với vợ; con về ở với cha, mẹ; cha, mẹ về ở với con;"),
            article("21", "Hồ sơ đăng ký thường trú", "Chương III. ĐĂNG KÝ THƯỜNG TRÚ",
                "1. Hồ sơ đăng ký thường trú đối với người quy định tại khoản 1 Điều 20 của Luật này bao gồm:\na) Tờ khai thay đổi thông tin cư trú;\nb) Giấy tờ, tài liệu chứng minh việc sở hữu chỗ ở hợp pháp."),
        ],
    };
    let cu_tru_2006 = LegalDocument {
        header: header("81/2006/QH11", "Luật", "Luật Cư trú", DocumentStatus::Superseded),
        articles: vec![article("20", "Điều kiện đăng ký thường trú tại thành phố trực thuộc trung ương", "Chương III. ĐĂNG KÝ, QUẢN LÝ THƯỜNG TRÚ",
            "Công dân thuộc một trong những trường hợp sau đây thì được đăng ký thường trú tại thành phố trực thuộc trung ương:\n1. Có chỗ ở hợp pháp, trường hợp đăng ký thường trú vào huyện, thị xã thuộc thành phố trực thuộc trung ương thì phải có thời gian tạm trú tại thành phố đó từ một năm trở lên.")],
    };
    let nd123 = LegalDocument {
        header: header(
            "123/2015/NĐ-CP",
            "Nghị định",
            "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
            DocumentStatus::Amended,
        ),
        articles: vec![article("9", "Giấy tờ nộp và xuất trình khi đăng ký khai sinh", "Chương II. ĐĂNG KÝ HỘ TỊCH",
            "1. Người đi đăng ký khai sinh nộp Giấy chứng sinh hoặc giấy tờ thay Giấy chứng sinh theo quy định sau đây:\na) Trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng xác nhận về việc sinh; nếu không có người làm chứng thì phải có giấy cam đoan về việc sinh;\nb) Trường hợp khai sinh cho trẻ em bị bỏ rơi phải có biên bản xác nhận việc trẻ bị bỏ rơi do cơ quan có thẩm quyền lập;\nc) Trường hợp khai sinh cho trẻ em sinh ra do mang thai hộ phải có văn bản chứng minh việc mang thai hộ theo quy định pháp luật.\n2. Người đi đăng ký khai sinh xuất trình bản chính một trong các giấy tờ là hộ chiếu, chứng minh nhân dân, thẻ căn cước công dân hoặc giấy tờ khác có dán ảnh và thông tin cá nhân do cơ quan có thẩm quyền cấp, còn giá trị sử dụng để chứng minh về nhân thân.")],
    };
    let nd23 = LegalDocument {
        header: header(
            "23/2015/NĐ-CP",
            "Nghị định",
            "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch",
            DocumentStatus::Amended,
        ),
        articles: vec![article("5", "Thẩm quyền và trách nhiệm chứng thực", "Chương I. NHỮNG QUY ĐỊNH CHUNG",
            "1. Phòng Tư pháp huyện, quận, thị xã, thành phố thuộc tỉnh (sau đây gọi chung là Phòng Tư pháp) có thẩm quyền và trách nhiệm:\na) Chứng thực bản sao từ bản chính các giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam; cơ quan, tổ chức có thẩm quyền của nước ngoài; cơ quan, tổ chức có thẩm quyền của Việt Nam liên kết với cơ quan, tổ chức có thẩm quyền của nước ngoài cấp hoặc chứng nhận;\nb) Chứng thực chữ ký trong các giấy tờ, văn bản;\n2. Ủy ban nhân dân xã, phường, thị trấn (sau đây gọi chung là Ủy ban nhân dân cấp xã) có thẩm quyền và trách nhiệm:\na) Chứng thực bản sao từ bản chính các giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam; cơ quan, tổ chức có thẩm quyền của nước ngoài; cơ quan, tổ chức có thẩm quyền của Việt Nam liên kết với cơ quan, tổ chức có thẩm quyền của nước ngoài cấp hoặc chứng nhận;")],
    };
    let tt01 = LegalDocument {
        header: header(
            "01/2020/TT-BTP",
            "Thông tư",
            "Thông tư quy định chi tiết và hướng dẫn thi hành một số điều của Nghị định số 23/2015/NĐ-CP",
            DocumentStatus::InForce,
        ),
        articles: vec![
            article("3", "Ban hành và sử dụng mẫu lời chứng chứng thực", "",
                "Ban hành kèm theo Thông tư này mẫu lời chứng chứng thực chữ ký, chứng thực hợp đồng, giao dịch tại bộ phận tiếp nhận và trả kết quả theo cơ chế một cửa, một cửa liên thông; lời chứng chứng thực văn bản khai nhận di sản, từ chối nhận di sản của từ hai người trở lên cùng khai nhận di sản, từ chối nhận di sản."),
        ],
    };
    let mut docs = vec![ho_tich, hon_nhan, cu_tru, cu_tru_2006, nd123, nd23, tt01];
    docs.sort_by(|a, b| a.header.number.cmp(&b.header.number));
    docs
}

pub fn corpus() -> Corpus {
    Corpus {
        procedures: procedures(),
        documents: documents(),
    }
}

/// Number of articles in [`corpus`].
pub fn article_count(corpus: &Corpus) -> u64 {
    corpus
        .documents
        .iter()
        .map(|d| d.articles.len() as u64)
        .sum()
}

/// Build the fixture corpus under `root` and open it.
pub fn engine_at(root: &Path) -> Engine {
    let corpus = corpus();
    motcua::index::build(&corpus, root).expect("fixture index builds");
    let opened = motcua::index::open(root).expect("fixture index opens");
    Engine::new(opened, Arc::new(corpus))
}

/// A fixture engine in a fresh temporary directory (kept alive by the guard).
pub fn engine() -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine_at(dir.path());
    (dir, engine)
}

/// Remove the index directories earlier runs left under `target/tmp`
/// (older than an hour: a running test binary's own is minutes old).
pub fn remove_old_index_dirs(prefix: &str) {
    let Ok(entries) = std::fs::read_dir(env!("CARGO_TARGET_TMPDIR")) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(3600));
        if old && entry.file_name().to_string_lossy().starts_with(prefix) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Copy a directory tree (a corpus) into `to`, which is created.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create copy");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Damaged forms of the snapshot file `good` (whose first 8 bytes are
/// `magic`, then its key): empty, garbage after the magic, cut in half, one
/// byte short, a flipped byte, and another key.
pub fn spoiled_snapshots(good: &[u8], magic: &[u8; 8]) -> Vec<Vec<u8>> {
    let mut flipped = good.to_vec();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x55;
    let mut other_key = good.to_vec();
    other_key[8] ^= 1;
    let mut garbage = magic.to_vec();
    garbage.extend_from_slice(b" and then garbage");
    vec![
        Vec::new(),
        garbage,
        good[..good.len() / 2].to_vec(),
        good[..good.len() - 1].to_vec(),
        flipped,
        other_key,
    ]
}
