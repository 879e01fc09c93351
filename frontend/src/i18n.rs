//! The two languages of the interface and every fixed label in each (PRODUCT.md section 1:
//! Vietnamese first, English second).
//!
//! Labels are fields of one struct, so a label added in one language and forgotten in the
//! other does not compile. Sentences with numbers in them are functions in `format`.

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Vietnamese, the default.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 code, for `<html lang>` and the browser's storage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Reads a stored code; anything else is `None`, so the default applies.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language, which the switch offers.
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    /// Every fixed label in this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }

    /// Picks the Vietnamese or the English one of a pair, such as a name's `name_vi` and
    /// `name_en`; an empty English text falls back to the Vietnamese.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::En if !en.trim().is_empty() => en,
            _ => vi,
        }
    }
}

/// Every fixed label of the interface, in one language.
#[derive(Debug)]
pub struct Texts {
    pub product: &'static str,
    pub skip_to_content: &'static str,
    pub main_nav: &'static str,
    /// The switch's own label, in the language it switches to.
    pub switch_to: &'static str,
    pub switch_to_label: &'static str,

    pub nav_overview: &'static str,
    pub nav_rankings: &'static str,
    pub nav_matrix: &'static str,
    pub nav_trends: &'static str,

    pub round: &'static str,
    pub current_round: &'static str,
    pub official: &'static str,
    pub official_note: &'static str,
    pub preliminary: &'static str,
    pub preliminary_note: &'static str,
    pub show_preliminary: &'static str,
    pub show_official: &'static str,
    pub illustrative: &'static str,
    pub illustrative_note: &'static str,

    pub loading: &'static str,
    pub loading_note: &'static str,
    pub refreshing: &'static str,
    pub load_failed: &'static str,
    pub retry: &'static str,
    pub no_results: &'static str,
    pub no_rounds: &'static str,
    pub no_ranking: &'static str,
    pub no_summary: &'static str,
    pub no_records: &'static str,
    pub no_history: &'static str,
    pub unknown_round: &'static str,
    pub unknown_criterion: &'static str,
    pub go_to_newest: &'static str,
    pub not_found_title: &'static str,
    pub not_found: &'static str,
    pub go_home: &'static str,

    pub summary_heading: &'static str,
    pub key_figures: &'static str,
    pub inspected: &'static str,
    pub compliant_count: &'static str,
    pub average_score: &'static str,
    pub first_ranked: &'static str,
    pub full_ranking: &'static str,

    pub ranking_heading: &'static str,
    pub peer_group: &'static str,
    pub scope_all: &'static str,
    pub scope_ministry: &'static str,
    pub scope_agency: &'static str,
    pub col_rank: &'static str,
    pub col_change: &'static str,
    pub col_organization: &'static str,
    pub col_group: &'static str,
    pub col_score: &'static str,
    pub col_band: &'static str,
    pub col_compliant: &'static str,
    pub col_completeness: &'static str,
    pub sort_by: &'static str,
    pub chart_scores: &'static str,
    pub chart_scores_note: &'static str,
    pub axis_score: &'static str,
    pub new_in_ranking: &'static str,
    pub incomplete: &'static str,

    pub matrix_heading: &'static str,
    pub matrix_note: &'static str,
    pub legend: &'static str,
    pub status_met: &'static str,
    pub status_partly: &'static str,
    pub status_not_met: &'static str,
    pub status_not_applicable: &'static str,
    pub status_missing: &'static str,
    pub record_heading: &'static str,
    pub close: &'static str,
    pub outcome: &'static str,
    pub evidence: &'static str,
    pub note: &'static str,
    pub inspector: &'static str,
    pub assessed_on: &'static str,
    pub record_state: &'static str,
    pub no_record: &'static str,
    pub pick_a_cell: &'static str,

    pub criterion: &'static str,
    pub criteria: &'static str,
    pub criterion_group: &'static str,
    pub legal_basis: &'static str,
    pub kind: &'static str,
    pub weight: &'static str,
    pub mandatory: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub kind_pass_fail: &'static str,
    pub kind_levels: &'static str,
    pub kind_ratio: &'static str,
    pub not_meeting_heading: &'static str,
    pub everyone_meets: &'static str,
    pub records_heading: &'static str,
    pub back_to_matrix: &'static str,

    pub profile_history: &'static str,
    pub chart_score_over_time: &'static str,
    pub chart_rank_over_time: &'static str,
    pub axis_rank: &'static str,
    pub figures_of: &'static str,
    pub by_criterion: &'static str,
    pub changes_heading: &'static str,
    pub no_previous: &'static str,
    pub no_changes: &'static str,
    pub before: &'static str,
    pub after: &'static str,
    pub round_to_show: &'static str,

    pub trends_heading: &'static str,
    pub trends_note: &'static str,
    pub share_meeting: &'static str,
    pub catalog_changed: &'static str,
    pub data_table: &'static str,

    pub panic_title: &'static str,
    pub panic_body: &'static str,
}

/// The Vietnamese labels.
pub static VI: Texts = Texts {
    product: "Bảng đánh giá Chính phủ điện tử",
    skip_to_content: "Bỏ qua, đến nội dung chính",
    main_nav: "Các trang",
    switch_to: "English",
    switch_to_label: "Chuyển giao diện sang tiếng Anh (Switch to English)",

    nav_overview: "Tổng quan",
    nav_rankings: "Xếp hạng",
    nav_matrix: "Ma trận tiêu chí",
    nav_trends: "Xu hướng",

    round: "Đợt kiểm tra",
    current_round: "Đợt kiểm tra đang xem",
    official: "Số liệu chính thức",
    official_note: " — chỉ tính các kết quả đã được duyệt.",
    preliminary: "Số liệu sơ bộ",
    preliminary_note: " — gồm cả kết quả đã nộp nhưng chưa được duyệt; không dùng làm số liệu chính thức.",
    show_preliminary: "Xem số liệu sơ bộ",
    show_official: "Xem số liệu chính thức",
    illustrative: "Dữ liệu minh họa",
    illustrative_note: " — số liệu của đợt này được dựng để minh họa, không phải kết quả thật.",

    loading: "Đang tải…",
    loading_note: " Dữ liệu đang được lấy từ máy chủ, xin chờ trong giây lát.",
    refreshing: "Đang tải dữ liệu mới…",
    load_failed: "Không tải được dữ liệu. ",
    retry: "Thử lại",
    no_results: "Chưa có kết quả. ",
    no_rounds: "Chưa có đợt kiểm tra nào được tạo.",
    no_ranking: "Đợt kiểm tra này chưa có đơn vị nào được chấm điểm chính thức.",
    no_summary: "Đợt kiểm tra này chưa có kết quả đã duyệt để tóm tắt.",
    no_records: "Chưa có kết quả nào được ghi nhận cho mục này.",
    no_history: "Đơn vị này chưa có kết quả trong đợt kiểm tra nào.",
    unknown_round: "Không có đợt kiểm tra này. Hãy chọn một đợt trong danh sách hoặc xem đợt mới nhất.",
    unknown_criterion: "Bộ tiêu chí của đợt này không có tiêu chí này.",
    go_to_newest: "Xem đợt mới nhất",
    not_found_title: "Không tìm thấy trang",
    not_found: "Địa chỉ này không dẫn tới trang nào của ứng dụng. Hãy kiểm tra lại đường dẫn.",
    go_home: "Về trang tổng quan",

    summary_heading: "Tóm tắt kết quả kiểm tra",
    key_figures: "Số liệu chính",
    inspected: "Đơn vị được kiểm tra",
    compliant_count: "Đạt mọi tiêu chí bắt buộc",
    average_score: "Điểm trung bình",
    first_ranked: "Dẫn đầu",
    full_ranking: "Xem bảng xếp hạng đầy đủ và biểu đồ",

    ranking_heading: "Xếp hạng",
    peer_group: "Khối",
    scope_all: "Tất cả",
    scope_ministry: "Các bộ",
    scope_agency: "Cơ quan ngang bộ",
    col_rank: "Hạng",
    col_change: "Thay đổi",
    col_organization: "Đơn vị",
    col_group: "Khối",
    col_score: "Điểm",
    col_band: "Xếp loại",
    col_compliant: "Đạt yêu cầu",
    col_completeness: "Mức đầy đủ",
    sort_by: "Sắp xếp theo",
    chart_scores: "Biểu đồ điểm",
    chart_scores_note: "Mỗi thanh là điểm của một đơn vị, tô theo màu xếp loại; bảng trên trình bày cùng số liệu.",
    axis_score: "Điểm (tối đa 100)",
    new_in_ranking: "Chưa xếp hạng ở đợt trước",
    incomplete: "chưa đủ kết quả",

    matrix_heading: "Ma trận tiêu chí",
    matrix_note: "Mỗi ô là kết quả của một đơn vị với một tiêu chí. Chọn một ô để xem minh chứng; chọn mã tiêu chí để xem những đơn vị chưa đạt.",
    legend: "Chú giải",
    status_met: "Đạt",
    status_partly: "Đạt một phần",
    status_not_met: "Chưa đạt",
    status_not_applicable: "Không áp dụng",
    status_missing: "Chưa có kết quả",
    record_heading: "Kết quả và minh chứng",
    close: "Đóng",
    outcome: "Kết quả",
    evidence: "Minh chứng",
    note: "Ghi chú",
    inspector: "Cán bộ kiểm tra",
    assessed_on: "Ngày đánh giá",
    record_state: "Trạng thái",
    no_record: "Chưa có kết quả đã duyệt cho ô này.",
    pick_a_cell: "Chọn một ô của ma trận để xem kết quả và minh chứng.",

    criterion: "Tiêu chí",
    criteria: "Tiêu chí",
    criterion_group: "Nhóm",
    legal_basis: "Căn cứ",
    kind: "Cách đánh giá",
    weight: "Trọng số",
    mandatory: "Bắt buộc",
    yes: "Có",
    no: "Không",
    kind_pass_fail: "Đạt / chưa đạt",
    kind_levels: "Theo mức độ",
    kind_ratio: "Theo tỷ lệ",
    not_meeting_heading: "Đơn vị chưa đạt",
    everyone_meets: "Mọi đơn vị được đánh giá đều đạt tiêu chí này.",
    records_heading: "Kết quả từng đơn vị",
    back_to_matrix: "Quay lại ma trận tiêu chí",

    profile_history: "Điểm và thứ hạng qua các đợt",
    chart_score_over_time: "Điểm qua các đợt",
    chart_rank_over_time: "Thứ hạng qua các đợt",
    axis_rank: "Hạng",
    figures_of: "Số liệu của",
    by_criterion: "Kết quả theo tiêu chí",
    changes_heading: "Thay đổi so với đợt trước",
    no_previous: "Đây là đợt đầu tiên có kết quả của đơn vị, chưa có đợt trước để so sánh.",
    no_changes: "Kết quả các tiêu chí không thay đổi so với đợt trước.",
    before: "Đợt trước",
    after: "Đợt này",
    round_to_show: "Xem kết quả của đợt",

    trends_heading: "Xu hướng qua các đợt",
    trends_note: "Tỷ lệ đơn vị đạt từng tiêu chí trong mỗi đợt, trên số đơn vị được áp dụng tiêu chí đó. Đường kẻ dọc đánh dấu đợt bắt đầu dùng bộ tiêu chí mới.",
    share_meeting: "Tỷ lệ đạt",
    catalog_changed: "Bộ tiêu chí thay đổi từ đợt này",
    data_table: "Bảng số liệu",

    panic_title: "Trang gặp lỗi không mong muốn.",
    panic_body: "Vui lòng tải lại trang (F5). Nếu lỗi lặp lại, hãy báo cho quản trị viên kèm địa chỉ trang đang xem.",
};

/// The English labels.
pub static EN: Texts = Texts {
    product: "E-government scorecard",
    skip_to_content: "Skip to main content",
    main_nav: "Pages",
    switch_to: "Tiếng Việt",
    switch_to_label: "Chuyển giao diện sang tiếng Việt (Switch to Vietnamese)",

    nav_overview: "Overview",
    nav_rankings: "Rankings",
    nav_matrix: "Criteria matrix",
    nav_trends: "Trends",

    round: "Inspection round",
    current_round: "Round shown",
    official: "Official figures",
    official_note: " — approved results only.",
    preliminary: "Preliminary figures",
    preliminary_note: " — include results submitted but not yet approved; not for use as official figures.",
    show_preliminary: "Show preliminary figures",
    show_official: "Show official figures",
    illustrative: "Illustrative data",
    illustrative_note: " — the figures of this round are made up for illustration, not real results.",

    loading: "Loading…",
    loading_note: " The data is on its way from the server; please wait a moment.",
    refreshing: "Loading new data…",
    load_failed: "The data could not be loaded. ",
    retry: "Try again",
    no_results: "No results yet. ",
    no_rounds: "No inspection round has been created yet.",
    no_ranking: "No organisation of this round has an official score yet.",
    no_summary: "This round has no approved results to summarise yet.",
    no_records: "No result has been recorded for this yet.",
    no_history: "This organisation has no results in any round yet.",
    unknown_round: "There is no such inspection round. Pick one from the list or see the newest.",
    unknown_criterion: "The catalog of this round has no such criterion.",
    go_to_newest: "See the newest round",
    not_found_title: "Page not found",
    not_found: "This address leads to no page of the application. Please check the link.",
    go_home: "Go to the overview",

    summary_heading: "Summary of the inspection",
    key_figures: "Key figures",
    inspected: "Organisations inspected",
    compliant_count: "Meet every mandatory criterion",
    average_score: "Average score",
    first_ranked: "Ranked first",
    full_ranking: "See the full ranking and chart",

    ranking_heading: "Rankings",
    peer_group: "Peer group",
    scope_all: "All",
    scope_ministry: "Ministries",
    scope_agency: "Ministry-level agencies",
    col_rank: "Rank",
    col_change: "Change",
    col_organization: "Organisation",
    col_group: "Peer group",
    col_score: "Score",
    col_band: "Band",
    col_compliant: "Compliant",
    col_completeness: "Completeness",
    sort_by: "Sort by",
    chart_scores: "Score chart",
    chart_scores_note: "Each bar is one organisation's score, coloured by its band; the table above holds the same figures.",
    axis_score: "Score (out of 100)",
    new_in_ranking: "Not ranked in the previous round",
    incomplete: "results incomplete",

    matrix_heading: "Criteria matrix",
    matrix_note: "Each cell is one organisation's result on one criterion. Pick a cell to see its evidence; pick a criterion code to see who does not meet it.",
    legend: "Legend",
    status_met: "Met",
    status_partly: "Partly met",
    status_not_met: "Not met",
    status_not_applicable: "Not applicable",
    status_missing: "No result yet",
    record_heading: "Result and evidence",
    close: "Close",
    outcome: "Outcome",
    evidence: "Evidence",
    note: "Note",
    inspector: "Inspector",
    assessed_on: "Assessed on",
    record_state: "State",
    no_record: "There is no approved result for this cell.",
    pick_a_cell: "Pick a cell of the matrix to see its result and evidence.",

    criterion: "Criterion",
    criteria: "Criteria",
    criterion_group: "Group",
    legal_basis: "Legal basis",
    kind: "Assessed as",
    weight: "Weight",
    mandatory: "Mandatory",
    yes: "Yes",
    no: "No",
    kind_pass_fail: "Met / not met",
    kind_levels: "Levels",
    kind_ratio: "Ratio",
    not_meeting_heading: "Organisations not meeting it",
    everyone_meets: "Every organisation assessed meets this criterion.",
    records_heading: "Each organisation's result",
    back_to_matrix: "Back to the criteria matrix",

    profile_history: "Score and rank across rounds",
    chart_score_over_time: "Score across rounds",
    chart_rank_over_time: "Rank across rounds",
    axis_rank: "Rank",
    figures_of: "Figures of",
    by_criterion: "Results by criterion",
    changes_heading: "Changes since the previous round",
    no_previous: "This is the organisation's first round with results; there is no earlier round to compare.",
    no_changes: "No criterion changed since the previous round.",
    before: "Previous round",
    after: "This round",
    round_to_show: "Show the results of",

    trends_heading: "Trends across rounds",
    trends_note: "The share of organisations meeting each criterion in each round, out of those the criterion applies to. A vertical rule marks the round where a new catalog starts.",
    share_meeting: "Share meeting it",
    catalog_changed: "The catalog changes from this round",
    data_table: "Data table",

    panic_title: "The page hit an unexpected error.",
    panic_body: "Please reload the page (F5). If it happens again, tell the administrator and include the address of the page.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_codes_are_read_back_and_anything_else_is_ignored() {
        assert_eq!(Lang::parse("vi"), Some(Lang::Vi));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse(" en\n"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn vietnamese_is_the_default() {
        assert_eq!(Lang::default(), Lang::Vi);
        assert_eq!(Lang::default().texts().nav_rankings, "Xếp hạng");
    }

    #[test]
    fn the_switch_offers_the_other_language_in_that_language() {
        assert_eq!(Lang::Vi.other(), Lang::En);
        assert_eq!(Lang::En.other(), Lang::Vi);
        assert_eq!(Lang::Vi.texts().switch_to, "English");
        assert_eq!(Lang::En.texts().switch_to, "Tiếng Việt");
    }

    #[test]
    fn an_empty_english_name_falls_back_to_the_vietnamese() {
        assert_eq!(
            Lang::En.pick("Bộ Y tế", "Ministry of Health"),
            "Ministry of Health"
        );
        assert_eq!(Lang::Vi.pick("Bộ Y tế", "Ministry of Health"), "Bộ Y tế");
        assert_eq!(Lang::En.pick("Bộ Y tế", " "), "Bộ Y tế");
    }

    #[test]
    fn codes_round_trip() {
        for lang in [Lang::Vi, Lang::En] {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
    }
}
