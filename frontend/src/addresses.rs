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
//! | the signed-in user's notices | `/notices` |
//! | findings and their follow-up (`?org=ID&state=open\|overdue\|closed`) | `/findings` |
//! | administration | `/admin/users`, `/admin/rounds[/{round}]`, `/admin/catalogs`, `/admin/audit`, `/admin/trust-roots` |
//!
//! Any page takes `?lang=en` or `?lang=vi` to open in that language (and remember it).
//! Round pages take `?preliminary=true` to add submitted records, and say so. `/` sends the
//! reader to the newest round, and `/?round=ID` (the first slice's address) to that round.
//! Ids and codes are slugs of letters, digits, `-` and `_`, so they need no escaping.

use scorecard_domain::Role;

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
    /// Findings and their follow-up (issue 13).
    Findings,
    /// The signed-in user's notices.
    Notices,
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

/// Every page of the app, once: its path (`:name` matches one segment), its section for the
/// navigation, and its view. The router of `app.rs` and [`place_of`] are both made from this
/// list: `pages!(m)` calls the macro `m` with it.
macro_rules! pages {
    ($then:ident) => {
        $then! {
            "/" => Other, Home;
            "/rounds/:round" => Overview, OverviewPage;
            "/rounds/:round/rankings" => Rankings, RankingsPage;
            "/rounds/:round/matrix" => Matrix, MatrixPage;
            "/rounds/:round/criteria/:code" => Criterion, CriterionPage;
            "/organizations/:org" => Organization, OrganizationPage;
            "/trends" => Trends, TrendsPage;
            "/sign-in" => Other, SignInPage;
            "/work" => Work, WorkPage;
            "/rounds/:round/checklist/:org" => Work, ChecklistPage;
            "/rounds/:round/records/:org/:code/history" => Work, HistoryPage;
            "/review" => Review, ReviewPage;
            "/findings" => Findings, FindingsPage;
            "/notices" => Notices, NoticesPage;
            "/admin/users" => Admin, AdminUsers;
            "/admin/rounds" => Admin, AdminRounds;
            "/admin/rounds/:round" => Admin, AdminRound;
            "/admin/catalogs" => Admin, AdminCatalogs;
            "/admin/audit" => Admin, AdminAudit;
            "/admin/trust-roots" => Admin, AdminTrustRoots;
        }
    };
}
// Used by `app.rs`, which builds for wasm32 only.
#[cfg_attr(not(target_arch = "wasm32"), allow(unused_imports))]
pub(crate) use pages;

/// The path patterns of [`pages!`] with their sections.
macro_rules! patterns {
    ($($path:tt => $section:ident, $view:ident;)*) => {
        /// Every page's path pattern and section, in the order of [`pages!`].
        pub const PAGES: &[(&str, Section)] = &[$(($path, Section::$section)),*];
    };
}
pages!(patterns);

/// Whether a path matches a pattern of [`PAGES`], and the `:round` it names if any.
fn matches<'a>(pattern: &str, segments: &[&'a str]) -> Option<Option<&'a str>> {
    let parts: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut round = None;
    for (part, segment) in parts.iter().zip(segments) {
        match part.strip_prefix(':') {
            Some("round") => round = Some(*segment),
            Some(_) => {}
            None if part == segment => {}
            None => return None,
        }
    }
    Some(round)
}

/// Reads the page and round of a path such as `/rounds/2019/rankings`. Administration pages
/// name a round to manage, not one to show, so the navigation keeps its own.
pub fn place_of(path: &str) -> Place {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    PAGES
        .iter()
        .find_map(|(pattern, section)| Some((*section, matches(pattern, &segments)?)))
        .map_or(
            Place {
                section: Section::Other,
                round: None,
            },
            |(section, round)| Place {
                section,
                round: round.filter(|_| section != Section::Admin).map(str::to_owned),
            },
        )
}

/// Whether an id or code taken from an address can stand in a path as it is: a slug of
/// letters, digits, `-` and `_`, as every id of the catalog and the rounds is. Anything else
/// (a `/`, a `..`, a `?`) would change which page the path names.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
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
    match same_site_path(next) {
        Some(next) if next != "/" && !next.starts_with("/sign-in") => {
            format!("/sign-in?next={}", encode_query_value(&next))
        }
        _ => "/sign-in".to_owned(),
    }
}

/// Where a reader lands after signing in: the page they came from when it is a page of this
/// site, else their role's page (issue 16: `next` must never take anyone to another site).
pub fn after_sign_in(next: Option<&str>, role: Role) -> String {
    match next.and_then(same_site_path) {
        Some(path) => path,
        None => home_of(role),
    }
}

/// The page a role starts on.
pub fn home_of(role: Role) -> String {
    match role {
        Role::Inspector => work(),
        Role::Reviewer => review(),
        Role::Admin => admin("users"),
        Role::Leader => "/".to_owned(),
        Role::Unit => work(),
    }
}

/// A navigation target taken from an address, a form or a file, resolved the way a browser
/// resolves it against this site's own origin; `Some` only when the result stays on this site
/// and names one of its pages, written back in a canonical form (`/a/b?query#fragment`) that
/// every browser reads as the same path.
///
/// Browsers forgive a great deal on the way from a string to a URL: they drop tabs and line
/// breaks anywhere, trim control characters and spaces at both ends, read `\` as `/`, and
/// resolve `.` and `..` segments. `/\host`, `/<tab>/host` and `/.//host` all reach another host
/// or an empty first segment that way, so the check runs on the resolved path, never on a
/// prefix of the raw string. Anything with a scheme (`https:host`, `javascript:`) or an
/// authority (`//host`) is refused outright: a page of ours is always a path.
pub fn same_site_path(target: &str) -> Option<String> {
    // As the URL parser does: C0 controls and spaces go at both ends, tabs and newlines
    // anywhere; for http(s) a backslash is a slash.
    let cleaned: String = target
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect();
    let rest = cleaned.strip_prefix('/')?;
    if rest.starts_with('/') {
        return None;
    }
    let (path, suffix) = match rest.find(['?', '#']) {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment.to_ascii_lowercase().as_str() {
            "" | "." | "%2e" => {}
            ".." | ".%2e" | "%2e." | "%2e%2e" => {
                segments.pop();
            }
            _ if segment.contains('%') && is_encoded_separator(segment) => return None,
            _ => segments.push(segment),
        }
    }
    let path = format!("/{}", segments.join("/"));
    let ours = path == "/" || path == "/sign-in" || place_of(&path).section != Section::Other;
    ours.then(|| format!("{path}{suffix}"))
}

/// Whether a path segment hides a separator or a control character behind percent-encoding
/// (`%2F`, `%5C`, `%09`): no page of ours has one, and a second decoding would turn it into a
/// path that leaves the site.
fn is_encoded_separator(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    ["%2f", "%5c", "%09", "%0a", "%0d", "%00"]
        .iter()
        .any(|encoded| lower.contains(encoded))
}

/// A value percent-encoded for a query string: what would end the value or the address
/// (`&`, `#`, `+`, `%`, spaces and controls) is escaped, so `next=` carries the path whole.
fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'&' | b'#' | b'+' | b'%' | b'=' | b'?' | 0..=b' ' | 0x7f..=0xff => {
                out.push_str(&format!("%{byte:02X}"))
            }
            _ => out.push(byte as char),
        }
    }
    out
}

/// An address a person wrote (the evidence link) when it may be opened as a link: `http:`
/// or `https:` with a host. Anything else (`javascript:`, `data:`, a relative path) is shown
/// as text only.
pub fn external_link(text: &str) -> Option<&str> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let host_ends = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_ends];
    let plain = text
        .chars()
        .all(|c| c > ' ' && c != '\\' && c != '"' && c != '<' && c != '>');
    (!host.is_empty() && !host.starts_with('@') && plain).then_some(text)
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

/// Findings and their follow-up.
pub fn findings() -> String {
    "/findings".to_owned()
}

/// The signed-in user's notices.
pub fn notices() -> String {
    "/notices".to_owned()
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
        assert_eq!(after_sign_in(Some("/review"), Role::Reviewer), "/review");
        assert_eq!(after_sign_in(None, Role::Inspector), "/work");
        assert_eq!(after_sign_in(None, Role::Admin), "/admin/users");
        assert_eq!(after_sign_in(None, Role::Leader), "/");
        assert_eq!(after_sign_in(Some("//evil.example"), Role::Leader), "/");
        assert_eq!(
            after_sign_in(Some("/rounds/2019/rankings?scope=agency"), Role::Leader),
            "/rounds/2019/rankings?scope=agency"
        );
        assert_eq!(
            sign_in("/rounds/2019/rankings?scope=agency&sort=name"),
            "/sign-in?next=/rounds/2019/rankings%3Fscope%3Dagency%26sort%3Dname"
        );
        assert_eq!(checklist("2026", "btc"), "/rounds/2026/checklist/btc");
        assert_eq!(
            record_history("2026", "btc", "TC-01"),
            "/rounds/2026/records/btc/TC-01/history"
        );
    }

    /// Issue 16: each of these, as typed into `?next=` (and as the query decoder hands it
    /// over), must leave the reader on this site, at their role's page.
    #[test]
    fn no_next_address_leads_to_another_site() {
        let bypasses = [
            "//host",
            "//host/review",
            "/\\host",
            "/\\host/review",
            "/%5Chost",
            "/%5chost/review",
            "/%09/host",
            "/\t/host",
            "/\n/host",
            "/\r\n/host",
            "/%2F/host",
            "/%2f/host",
            "///host",
            "\\/host",
            "\\\\host",
            "https:host",
            "HTTPS:host",
            "http://host",
            "HTTP://HOST/review",
            "https://host/rounds/2019",
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "/.//host",
            "/./..//host",
            "/.%2E//host",
            "/%2e/%2E//host",
            " //host",
            "\u{0}//host",
            "\u{1f}/\\host",
            "  /\t/\thost",
            "/ /host",
            "host",
            "review",
            "",
            "/rounds/2019/%2F%2Fhost",
            "/@host",
            "/\u{3000}/host",
        ];
        for next in bypasses {
            let landed = after_sign_in(Some(next), Role::Reviewer);
            assert_eq!(landed, "/review", "next={next:?} went to {landed:?}");
            assert!(!landed.starts_with("//"), "{next:?}");
        }
    }

    #[test]
    fn a_path_of_ours_survives_in_canonical_form() {
        let check = |next: &str, expected: &str| {
            assert_eq!(after_sign_in(Some(next), Role::Leader), expected, "next={next:?}");
        };
        check("/review", "/review");
        check("/", "/");
        check("/admin/users", "/admin/users");
        check("/rounds/2026/checklist/btc", "/rounds/2026/checklist/btc");
        check("/rounds//2026///checklist/btc", "/rounds/2026/checklist/btc");
        check("/./rounds/2019", "/rounds/2019");
        check("/trends/../rounds/2019", "/rounds/2019");
        check("\t/review\n", "/review");
        check(
            "/rounds/2019/matrix?org=btc&criterion=DV-01",
            "/rounds/2019/matrix?org=btc&criterion=DV-01",
        );
        check("/rounds/2019#ranking", "/rounds/2019#ranking");
        check("/nowhere", "/");
    }

    #[test]
    fn only_http_and_https_addresses_become_links() {
        let check = |text: &str, expected: Option<&str>| {
            assert_eq!(external_link(text), expected, "{text:?}");
        };
        check("https://btc.gov.vn/qd12", Some("https://btc.gov.vn/qd12"));
        check(" http://dichvucong.gov.vn ", Some("http://dichvucong.gov.vn"));
        check("HTTPS://BTC.GOV.VN", Some("HTTPS://BTC.GOV.VN"));
        check("javascript:alert(1)", None);
        check("JaVaScRiPt:alert(1)", None);
        check("data:text/html,x", None);
        check("vbscript:x", None);
        check("//btc.gov.vn", None);
        check("/rounds/2019", None);
        check("https://", None);
        check("https:///path", None);
        check("https://@host", None);
        check("https://host/a b", None);
        check("https://host/\"onmouseover=x", None);
        check("Số 12/QĐ-BTC", None);
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
