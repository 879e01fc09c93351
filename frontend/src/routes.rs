//! The addresses of the app: every page has a real URL, so Back and shared links work.
//!
//! | page | path |
//! |---|---|
//! | overview of a round | `/rounds/{round}` |
//! | rankings (`?scope=all\|ministry\|agency&sort=score&dir=desc`) | `/rounds/{round}/rankings` |
//! | criteria matrix (`?org=ID&criterion=CODE` opens a cell) | `/rounds/{round}/matrix` |
//! | one criterion | `/rounds/{round}/criteria/{code}` |
//! | one organisation (`?round=ID`) | `/organizations/{org}` |
//! | trends across rounds | `/trends` |
//! | sign in (`?next=PATH`) | `/sign-in` |
//! | the inspector's organisations | `/work` |
//! | one organisation's checklist | `/rounds/{round}/checklist/{org}` |
//! | one record's history | `/rounds/{round}/records/{org}/{code}/history` |
//! | the reviewer's queue | `/review` |
//! | administration | `/admin/users`, `/admin/rounds[/{round}]`, `/admin/catalogs`, `/admin/audit` |
//!
//! Any page takes `?lang=en` or `?lang=vi` to open in that language (and remember it).
//! Round pages take `?preliminary=true` to add submitted records, and say so. `/` sends the
//! reader to the newest round, and `/?round=ID` (the first slice's address) to that round.
//! Ids and codes are slugs of letters, digits, `-` and `_`, so they need no escaping.

/// Which page an address shows; the navigation marks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Overview,
    Rankings,
    Matrix,
    Criterion,
    Organization,
    Trends,
    /// The inspector's organisations, checklists and record histories.
    Work,
    Review,
    Admin,
    /// `/` and addresses of no page.
    Other,
}

/// What the navigation needs to know about an address: the page and its round, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub section: Section,
    pub round: Option<String>,
}

/// Reads the page and round of a path such as `/rounds/2019/rankings`.
pub fn place_of(path: &str) -> Place {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let (section, round) = match segments.as_slice() {
        ["rounds", round] => (Section::Overview, Some(*round)),
        ["rounds", round, "rankings"] => (Section::Rankings, Some(*round)),
        ["rounds", round, "matrix"] => (Section::Matrix, Some(*round)),
        ["rounds", round, "criteria", _] => (Section::Criterion, Some(*round)),
        ["organizations", _] => (Section::Organization, None),
        ["trends"] => (Section::Trends, None),
        ["work"] => (Section::Work, None),
        ["rounds", round, "checklist", _] => (Section::Work, Some(*round)),
        ["rounds", round, "records", _, _, "history"] => (Section::Work, Some(*round)),
        ["review"] => (Section::Review, None),
        ["admin", ..] => (Section::Admin, None),
        _ => (Section::Other, None),
    };
    Place {
        section,
        round: round.map(str::to_owned),
    }
}

/// The overview of a round.
pub fn overview(round: &str) -> String {
    format!("/rounds/{round}")
}

/// The rankings of a round, for one scope (`all` is the default and left out).
pub fn rankings(round: &str, scope: &str) -> String {
    let path = format!("/rounds/{round}/rankings");
    if scope == "all" || scope.is_empty() {
        path
    } else {
        format!("{path}?scope={scope}")
    }
}

/// The criteria matrix of a round.
pub fn matrix(round: &str) -> String {
    format!("/rounds/{round}/matrix")
}

/// The matrix with one cell open.
pub fn matrix_cell(round: &str, org: &str, criterion: &str) -> String {
    format!("/rounds/{round}/matrix?org={org}&criterion={criterion}")
}

/// One criterion of a round.
pub fn criterion(round: &str, code: &str) -> String {
    format!("/rounds/{round}/criteria/{code}")
}

/// One organisation's profile, showing `round` when given.
pub fn organization(org: &str, round: Option<&str>) -> String {
    match round {
        Some(round) => format!("/organizations/{org}?round={round}"),
        None => format!("/organizations/{org}"),
    }
}

/// Trends across rounds.
pub fn trends() -> String {
    "/trends".to_owned()
}

/// The sign-in page, coming back to `next` afterwards.
pub fn sign_in(next: &str) -> String {
    if next.is_empty() || next == "/" || next.starts_with("/sign-in") {
        "/sign-in".to_owned()
    } else {
        format!("/sign-in?next={next}")
    }
}

/// Where a reader lands after signing in: the page they came from, else their role's page.
pub fn after_sign_in(next: Option<&str>, role: &str) -> String {
    match next {
        // Only paths of this site: `//host` would leave it.
        Some(next) if next.starts_with('/') && !next.starts_with("//") => next.to_owned(),
        _ => match role {
            "inspector" => work(),
            "reviewer" => review(),
            "admin" => admin("users"),
            _ => "/".to_owned(),
        },
    }
}

/// The inspector's organisations.
pub fn work() -> String {
    "/work".to_owned()
}

/// One organisation's checklist in a round.
pub fn checklist(round: &str, org: &str) -> String {
    format!("/rounds/{round}/checklist/{org}")
}

/// Every change of one record.
pub fn record_history(round: &str, org: &str, code: &str) -> String {
    format!("/rounds/{round}/records/{org}/{code}/history")
}

/// The reviewer's queue.
pub fn review() -> String {
    "/review".to_owned()
}

/// An administration page: `users`, `rounds`, `catalogs`, `audit` or `rounds/{round}`.
pub fn admin(page: &str) -> String {
    format!("/admin/{page}")
}

/// Carries the preliminary view over to a link of another page of the round.
pub fn with_preliminary(href: &str, preliminary: bool) -> String {
    if !preliminary {
        return href.to_owned();
    }
    match href.split_once('?') {
        Some((path, search)) => format!("{path}{}", set_query(search, "preliminary", Some("true"))),
        None => format!("{href}?preliminary=true"),
    }
}

/// The same page for another round, keeping the rest of the address: the round picker's
/// target. Pages without a round get the overview of the new one.
pub fn with_round(path: &str, search: &str, round: &str) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        ["rounds", _, rest @ ..] => {
            let mut path = format!("/rounds/{round}");
            for segment in rest {
                path.push('/');
                path.push_str(segment);
            }
            format!("{path}{}", normalized_query(search))
        }
        ["organizations", _] => format!("{path}{}", set_query(search, "round", Some(round))),
        _ => overview(round),
    }
}

/// The value of `key` in a query string (`?a=1&b=2`), if present and not empty.
pub fn query_value(search: &str, key: &str) -> Option<String> {
    query_pairs(search)
        .find(|(k, _)| *k == key)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
        .map(str::to_owned)
}

/// The query string with `key` set to `value`, or removed for `None`, keeping every other
/// parameter in place; `""` when nothing is left.
pub fn set_query(search: &str, key: &str, value: Option<&str>) -> String {
    let mut pairs: Vec<String> = Vec::new();
    let mut replaced = false;
    for (k, v) in query_pairs(search) {
        if k == key {
            if !replaced && let Some(value) = value {
                pairs.push(format!("{key}={value}"));
            }
            replaced = true;
        } else if v.is_empty() {
            pairs.push(k.to_owned());
        } else {
            pairs.push(format!("{k}={v}"));
        }
    }
    if !replaced && let Some(value) = value {
        pairs.push(format!("{key}={value}"));
    }
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// Whether the address asks for preliminary figures.
pub fn is_preliminary(search: &str) -> bool {
    query_value(search, "preliminary").as_deref() == Some("true")
}

fn normalized_query(search: &str) -> String {
    let search = search.trim_start_matches('?');
    if search.is_empty() {
        String::new()
    } else {
        format!("?{search}")
    }
}

fn query_pairs(search: &str) -> impl Iterator<Item = (&str, &str)> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_place(path: &str, section: Section, round: Option<&str>) {
        let place = place_of(path);
        assert_eq!(place.section, section, "{path}");
        assert_eq!(place.round.as_deref(), round, "{path}");
    }

    #[test]
    fn every_page_is_read_from_its_path() {
        check_place("/rounds/2019", Section::Overview, Some("2019"));
        check_place("/rounds/2019/", Section::Overview, Some("2019"));
        check_place("/rounds/2020/rankings", Section::Rankings, Some("2020"));
        check_place("/rounds/2020/matrix", Section::Matrix, Some("2020"));
        check_place("/rounds/2019/criteria/DV-01", Section::Criterion, Some("2019"));
        check_place("/organizations/btc", Section::Organization, None);
        check_place("/trends", Section::Trends, None);
        check_place("/work", Section::Work, None);
        check_place("/rounds/2026/checklist/btc", Section::Work, Some("2026"));
        check_place(
            "/rounds/2026/records/btc/TC-01/history",
            Section::Work,
            Some("2026"),
        );
        check_place("/review", Section::Review, None);
        check_place("/admin/rounds/2026", Section::Admin, None);
        check_place("/", Section::Other, None);
        check_place("/rounds/2019/nothing", Section::Other, None);
    }

    #[test]
    fn paths_are_built_for_every_page() {
        assert_eq!(overview("2019"), "/rounds/2019");
        assert_eq!(rankings("2019", "all"), "/rounds/2019/rankings");
        assert_eq!(rankings("2019", "agency"), "/rounds/2019/rankings?scope=agency");
        assert_eq!(matrix("2019"), "/rounds/2019/matrix");
        assert_eq!(
            matrix_cell("2019", "btc", "DV-01"),
            "/rounds/2019/matrix?org=btc&criterion=DV-01"
        );
        assert_eq!(criterion("2019", "DV-01"), "/rounds/2019/criteria/DV-01");
        assert_eq!(organization("btc", None), "/organizations/btc");
        assert_eq!(organization("btc", Some("2020")), "/organizations/btc?round=2020");
        assert_eq!(trends(), "/trends");
    }

    #[test]
    fn picking_another_round_keeps_the_page_and_its_parameters() {
        assert_eq!(
            with_round("/rounds/2019/rankings", "?scope=ministry", "2020"),
            "/rounds/2020/rankings?scope=ministry"
        );
        assert_eq!(with_round("/rounds/2019", "", "2021"), "/rounds/2021");
        assert_eq!(
            with_round("/rounds/2019/criteria/DV-01", "", "2025"),
            "/rounds/2025/criteria/DV-01"
        );
        assert_eq!(
            with_round("/organizations/btc", "?round=2019", "2020"),
            "/organizations/btc?round=2020"
        );
        assert_eq!(with_round("/trends", "", "2020"), "/rounds/2020");
        assert_eq!(with_round("/", "?round=2019", "2020"), "/rounds/2020");
    }

    #[test]
    fn signing_in_returns_to_the_page_or_the_roles_own() {
        assert_eq!(sign_in("/review"), "/sign-in?next=/review");
        assert_eq!(sign_in("/"), "/sign-in");
        assert_eq!(after_sign_in(Some("/review"), "reviewer"), "/review");
        assert_eq!(after_sign_in(None, "inspector"), "/work");
        assert_eq!(after_sign_in(None, "admin"), "/admin/users");
        assert_eq!(after_sign_in(None, "leader"), "/");
        assert_eq!(after_sign_in(Some("//evil.example"), "leader"), "/");
        assert_eq!(checklist("2026", "btc"), "/rounds/2026/checklist/btc");
        assert_eq!(
            record_history("2026", "btc", "TC-01"),
            "/rounds/2026/records/btc/TC-01/history"
        );
    }

    #[test]
    fn links_keep_the_preliminary_view() {
        assert_eq!(
            with_preliminary("/rounds/2019/matrix", false),
            "/rounds/2019/matrix"
        );
        assert_eq!(
            with_preliminary("/rounds/2019/matrix", true),
            "/rounds/2019/matrix?preliminary=true"
        );
        assert_eq!(
            with_preliminary("/rounds/2019/matrix?org=btc&criterion=DV-01", true),
            "/rounds/2019/matrix?org=btc&criterion=DV-01&preliminary=true"
        );
    }

    #[test]
    fn query_values_are_read_by_key() {
        assert_eq!(query_value("?round=2019", "round").as_deref(), Some("2019"));
        assert_eq!(
            query_value("?lang=vi&round=2021", "round").as_deref(),
            Some("2021")
        );
        assert_eq!(query_value("?round=", "round"), None);
        assert_eq!(query_value("?rounds=2019", "round"), None);
        assert_eq!(query_value("", "round"), None);
    }

    #[test]
    fn setting_a_parameter_keeps_the_others() {
        assert_eq!(set_query("", "round", Some("2019")), "?round=2019");
        assert_eq!(set_query("?round=2019", "round", Some("2021")), "?round=2021");
        assert_eq!(
            set_query("?lang=en&round=2019&x", "round", Some("2021")),
            "?lang=en&round=2021&x"
        );
        assert_eq!(
            set_query("?lang=en", "round", Some("2021")),
            "?lang=en&round=2021"
        );
        assert_eq!(set_query("?round=1&round=2", "round", Some("3")), "?round=3");
    }

    #[test]
    fn removing_a_parameter_keeps_the_others_and_may_leave_nothing() {
        assert_eq!(set_query("?scope=agency&sort=name", "scope", None), "?sort=name");
        assert_eq!(set_query("?scope=agency", "scope", None), "");
        assert_eq!(set_query("", "scope", None), "");
    }

    #[test]
    fn only_an_explicit_true_asks_for_preliminary_figures() {
        assert!(is_preliminary("?preliminary=true"));
        assert!(!is_preliminary("?preliminary=false"));
        assert!(!is_preliminary("?preliminary"));
        assert!(!is_preliminary(""));
    }
}
