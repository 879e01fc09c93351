//! The rankings table: which column it is sorted by, in which direction, and the sorted rows;
//! the key figures of the overview; the bars of the score chart.

use std::cmp::Ordering;

use crate::i18n::Labels;
use scorecard_domain::collation;
use scorecard_domain::{Band, RankingEntry};

use crate::charts::Bar;
use crate::i18n::Lang;

/// A column the reader can sort the table by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Rank,
    Change,
    Name,
    Group,
    Score,
    Compliant,
    Completeness,
}

impl Column {
    /// Every sortable column, in table order.
    pub const ALL: [Column; 7] = [
        Column::Rank,
        Column::Change,
        Column::Name,
        Column::Group,
        Column::Score,
        Column::Compliant,
        Column::Completeness,
    ];

    /// The column's name in the address (`?sort=score`).
    pub fn key(self) -> &'static str {
        match self {
            Column::Rank => "rank",
            Column::Change => "change",
            Column::Name => "name",
            Column::Group => "group",
            Column::Score => "score",
            Column::Compliant => "compliant",
            Column::Completeness => "completeness",
        }
    }

    /// Reads a column from the address; unknown names are `None`.
    pub fn parse(key: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.key() == key)
    }

    /// The direction a first click sorts in: best first for figures, A to Z for words.
    fn natural_direction(self) -> Direction {
        match self {
            Column::Rank | Column::Name | Column::Group => Direction::Ascending,
            Column::Change | Column::Score | Column::Compliant | Column::Completeness => {
                Direction::Descending
            }
        }
    }
}

/// Which way a column is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ascending,
    Descending,
}

impl Direction {
    /// The direction's name in the address (`?dir=asc`).
    pub fn key(self) -> &'static str {
        match self {
            Direction::Ascending => "asc",
            Direction::Descending => "desc",
        }
    }

    /// The value of the header's `aria-sort`.
    pub fn aria(self) -> &'static str {
        match self {
            Direction::Ascending => "ascending",
            Direction::Descending => "descending",
        }
    }

    fn flipped(self) -> Direction {
        match self {
            Direction::Ascending => Direction::Descending,
            Direction::Descending => Direction::Ascending,
        }
    }
}

/// How the table is sorted. The default is the server's order: rank, then Vietnamese name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub direction: Direction,
}

impl Default for Sort {
    fn default() -> Sort {
        Sort {
            column: Column::Rank,
            direction: Direction::Ascending,
        }
    }
}

impl Sort {
    /// Reads `?sort=` and `?dir=`; a missing or unknown column is the default order, a missing
    /// direction the column's natural one.
    pub fn from_query(sort: Option<&str>, dir: Option<&str>) -> Sort {
        let Some(column) = sort.and_then(Column::parse) else {
            return Sort::default();
        };
        let direction = match dir {
            Some("asc") => Direction::Ascending,
            Some("desc") => Direction::Descending,
            _ => column.natural_direction(),
        };
        Sort { column, direction }
    }

    /// The sort a click on `column`'s header asks for: the other direction when it is already
    /// sorted by it, its natural direction otherwise.
    pub fn clicked(self, column: Column) -> Sort {
        if self.column == column {
            Sort {
                column,
                direction: self.direction.flipped(),
            }
        } else {
            Sort {
                column,
                direction: column.natural_direction(),
            }
        }
    }

    /// The header's `aria-sort` for `column`: only the sorted column has one.
    pub fn aria_for(self, column: Column) -> Option<&'static str> {
        (self.column == column).then(|| self.direction.aria())
    }
}

/// Sorts entries for the table. Entries without a value (no score, no rank change) go last
/// in either direction; ties keep the server's order, which is rank then Vietnamese name.
pub fn sorted(entries: &[RankingEntry], sort: Sort, lang: Lang) -> Vec<RankingEntry> {
    let mut rows = entries.to_vec();
    rows.sort_by(|a, b| compare(a, b, sort, lang));
    rows
}

fn compare(a: &RankingEntry, b: &RankingEntry, sort: Sort, lang: Lang) -> Ordering {
    let directed = |ordering: Ordering| match sort.direction {
        Direction::Ascending => ordering,
        Direction::Descending => ordering.reverse(),
    };
    match sort.column {
        Column::Rank => missing_last(a.rank, b.rank, |x, y| directed(x.cmp(&y))),
        Column::Change => missing_last(a.rank_change, b.rank_change, |x, y| directed(x.cmp(&y))),
        Column::Score => missing_last(a.score, b.score, |x, y| directed(x.total_cmp(&y))),
        Column::Name => directed(compare_names(a, b, lang)),
        Column::Group => directed(a.group.as_str().cmp(b.group.as_str())),
        Column::Compliant => directed(a.compliant.cmp(&b.compliant)),
        Column::Completeness => directed(a.completeness.total_cmp(&b.completeness)),
    }
}

fn missing_last<T>(a: Option<T>, b: Option<T>, by: impl Fn(T, T) -> Ordering) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => by(a, b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Vietnamese names in Vietnamese order (letters, then tones); English names alphabetically.
fn compare_names(a: &RankingEntry, b: &RankingEntry, lang: Lang) -> Ordering {
    match lang {
        Lang::Vi => collation::compare(&a.name_vi, &b.name_vi),
        Lang::En => {
            let a = lang.pick(&a.name_vi, &a.name_en).to_lowercase();
            let b = lang.pick(&b.name_vi, &b.name_en).to_lowercase();
            a.cmp(&b)
        }
    }
}

/// The figures at the top of the overview.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyFigures {
    /// Organisations in the ranking.
    pub inspected: usize,
    /// Those meeting every mandatory criterion.
    pub compliant: usize,
    /// The mean of the scores there are.
    pub average: Option<f64>,
    /// The organisations sharing rank 1 and their score.
    pub first: Vec<RankingEntry>,
}

/// Counts and averages a ranking of all organisations of a round.
pub fn key_figures(entries: &[RankingEntry]) -> KeyFigures {
    let scores: Vec<f64> = entries.iter().filter_map(|e| e.score).collect();
    let average = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
    KeyFigures {
        inspected: entries.len(),
        compliant: entries.iter().filter(|e| e.compliant).count(),
        average,
        first: entries.iter().filter(|e| e.rank == Some(1)).cloned().collect(),
    }
}

/// The name of a ranking's scope: everyone, or one peer group.
pub fn scope_label(lang: Lang, scope: &str) -> String {
    let t = lang.texts();
    match scope {
        "" | "all" => t.scope_all.to_owned(),
        "ministry" => t.scope_ministry.to_owned(),
        "agency" => t.scope_agency.to_owned(),
        other => other.to_owned(),
    }
}

/// The scopes the switch offers.
pub const SCOPES: [&str; 3] = ["all", "ministry", "agency"];

/// What the table's caption says: the round, which figures, how many organisations.
pub fn caption(lang: Lang, round_name: &str, scope: &str, preliminary: bool, count: usize) -> String {
    let group = scope_label(lang, scope);
    match (lang, preliminary) {
        (Lang::Vi, false) => {
            format!("{round_name} — {group}: xếp hạng chính thức {count} đơn vị, điểm tối đa 100.")
        }
        (Lang::Vi, true) => {
            format!("{round_name} — {group}: xếp hạng sơ bộ {count} đơn vị, điểm tối đa 100.")
        }
        (Lang::En, false) => {
            format!("{round_name} — {group}: official ranking of {count} organisations, out of 100.")
        }
        (Lang::En, true) => {
            format!("{round_name} — {group}: preliminary ranking of {count} organisations, out of 100.")
        }
    }
}

/// The colour a chart or badge uses for a band: the catalog's, or a neutral grey.
pub fn band_color(band: Option<&str>, bands: &[Band]) -> String {
    band.and_then(|id| bands.iter().find(|b| b.id == id))
        .map(|b| b.color.clone())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "#6b7280".to_owned())
}

/// The bars of the score chart, in the table's order; entries without a score have no bar.
pub fn bars(entries: &[RankingEntry], bands: &[Band], lang: Lang) -> Vec<Bar> {
    entries
        .iter()
        .filter_map(|entry| {
            let score = entry.score?;
            Some(Bar {
                label: lang.pick(&entry.name_vi, &entry.name_en).to_owned(),
                value: score,
                value_label: crate::format::score(lang, score),
                color: band_color(entry.band.as_deref(), bands),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view_model::fixtures::entry;

    fn names(rows: &[RankingEntry]) -> Vec<&str> {
        rows.iter().map(|r| r.organization.as_str()).collect()
    }

    fn table() -> Vec<RankingEntry> {
        vec![
            entry("btc", "Bộ Tài chính", "ministry", Some(1), Some(100.0), Some(2)),
            entry(
                "btttt",
                "Bộ Thông tin và Truyền thông",
                "ministry",
                Some(1),
                Some(100.0),
                None,
            ),
            entry("bca", "Bộ Công an", "ministry", Some(3), Some(85.5), Some(-1)),
            entry("ubdt", "Ủy ban Dân tộc", "agency", Some(4), Some(40.0), Some(0)),
            entry("bct", "Bộ Công Thương", "ministry", None, None, None),
        ]
    }

    fn check_sort(sort: Sort, lang: Lang, expected: &[&str]) {
        assert_eq!(names(&sorted(&table(), sort, lang)), expected, "{sort:?}");
    }

    fn by(column: Column, direction: Direction) -> Sort {
        Sort { column, direction }
    }

    #[test]
    fn the_default_order_is_the_servers() {
        check_sort(Sort::default(), Lang::Vi, &["btc", "btttt", "bca", "ubdt", "bct"]);
    }

    #[test]
    fn scores_sort_either_way_with_the_unscored_last() {
        check_sort(
            by(Column::Score, Direction::Descending),
            Lang::Vi,
            &["btc", "btttt", "bca", "ubdt", "bct"],
        );
        check_sort(
            by(Column::Score, Direction::Ascending),
            Lang::Vi,
            &["ubdt", "bca", "btc", "btttt", "bct"],
        );
    }

    #[test]
    fn rank_changes_sort_biggest_rise_first_with_the_new_last() {
        check_sort(
            by(Column::Change, Direction::Descending),
            Lang::Vi,
            &["btc", "ubdt", "bca", "btttt", "bct"],
        );
    }

    #[test]
    fn vietnamese_names_sort_by_letters_then_tones() {
        check_sort(
            by(Column::Name, Direction::Ascending),
            Lang::Vi,
            &["bca", "bct", "btc", "btttt", "ubdt"],
        );
    }

    #[test]
    fn english_names_sort_alphabetically() {
        // The fixture's English names are "Ministry of <id>" and "Committee <id>".
        check_sort(
            by(Column::Name, Direction::Ascending),
            Lang::En,
            &["ubdt", "bca", "bct", "btc", "btttt"],
        );
    }

    #[test]
    fn compliant_organisations_come_first_when_sorted_by_compliance() {
        let rows = sorted(&table(), by(Column::Compliant, Direction::Descending), Lang::Vi);
        assert!(rows[0].compliant);
        assert!(!rows[rows.len() - 1].compliant);
    }

    #[test]
    fn sort_parameters_are_read_from_the_address() {
        assert_eq!(Sort::from_query(None, None), Sort::default());
        assert_eq!(Sort::from_query(Some("nonsense"), Some("asc")), Sort::default());
        assert_eq!(
            Sort::from_query(Some("score"), None),
            by(Column::Score, Direction::Descending)
        );
        assert_eq!(
            Sort::from_query(Some("name"), Some("desc")),
            by(Column::Name, Direction::Descending)
        );
    }

    #[test]
    fn clicking_the_sorted_column_flips_it_and_another_sorts_naturally() {
        let sort = Sort::default().clicked(Column::Score);
        assert_eq!(sort, by(Column::Score, Direction::Descending));
        assert_eq!(
            sort.clicked(Column::Score),
            by(Column::Score, Direction::Ascending)
        );
        assert_eq!(sort.clicked(Column::Name), by(Column::Name, Direction::Ascending));
        assert_eq!(sort.aria_for(Column::Score), Some("descending"));
        assert_eq!(sort.aria_for(Column::Name), None);
    }

    #[test]
    fn column_keys_round_trip() {
        for column in Column::ALL {
            assert_eq!(Column::parse(column.key()), Some(column));
        }
    }

    #[test]
    fn key_figures_count_compliance_and_tied_leaders() {
        let figures = key_figures(&table());
        assert_eq!(figures.inspected, 5);
        assert_eq!(figures.compliant, 2);
        assert_eq!(names(&figures.first), ["btc", "btttt"]);
        let average = figures.average.expect("some scores");
        assert!((average - 81.375).abs() < 1e-9, "{average}");
        assert_eq!(key_figures(&[]).average, None);
    }

    #[test]
    fn bars_follow_the_table_and_take_their_bands_colour() {
        let bands = Band::defaults();
        let bars = bars(&table(), &bands, Lang::En);
        assert_eq!(bars.len(), 4, "the unscored organisation has no bar");
        assert_eq!(bars[0].label, "Ministry of btc");
        assert_eq!(bars[0].value_label, "100.00");
        assert_eq!(bars[0].color, "#1b7f3b");
        assert_eq!(bars[3].color, "#c0392b");
    }

    #[test]
    fn captions_say_which_figures_and_how_many() {
        assert_eq!(
            caption(Lang::Vi, "Đợt 2019", "all", false, 12),
            "Đợt 2019 — Tất cả: xếp hạng chính thức 12 đơn vị, điểm tối đa 100."
        );
        assert_eq!(
            caption(Lang::En, "Round 2019", "agency", true, 3),
            "Round 2019 — Ministry-level agencies: preliminary ranking of 3 organisations, out of 100."
        );
        assert_eq!(scope_label(Lang::Vi, "ministry"), "Các bộ");
        assert_eq!(scope_label(Lang::En, "province"), "province");
    }

    #[test]
    fn an_unknown_band_is_grey() {
        assert_eq!(band_color(Some("nope"), &Band::defaults()), "#6b7280");
        assert_eq!(band_color(None, &Band::defaults()), "#6b7280");
    }
}
