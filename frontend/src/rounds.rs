//! Which round the page shows: the one the address asks for, or else the newest.
//!
//! Pure logic over the domain's `Round`, unit-tested natively.

use scorecard_domain::Round;

/// The round the page shows, and the requested id when the address asked for one that does
/// not exist.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// The round to show.
    pub round: Round,
    /// Set when `?round=` named no known round, so the page can say it fell back.
    pub unknown_request: Option<String>,
}

/// Sorts rounds newest first: by start date, then end date, then id, all descending.
///
/// The server already sends them in this order; sorting again keeps the default round and the
/// picker's order the same whatever order arrives, so the page is deterministic.
pub fn newest_first(mut rounds: Vec<Round>) -> Vec<Round> {
    rounds.sort_by(|a, b| (b.starts_on, b.ends_on, &b.id).cmp(&(a.starts_on, a.ends_on, &a.id)));
    rounds
}

/// The newest round of a list, by the order of [`newest_first`].
pub fn newest(rounds: &[Round]) -> Option<&Round> {
    rounds.iter().max_by_key(|r| (r.starts_on, r.ends_on, &r.id))
}

/// Picks the requested round if it exists, the newest otherwise; `None` only without rounds.
pub fn choose_round(rounds: &[Round], requested: Option<&str>) -> Option<Choice> {
    if let Some(id) = requested
        && let Some(round) = rounds.iter().find(|r| r.id.as_str() == id)
    {
        return Some(Choice {
            round: round.clone(),
            unknown_request: None,
        });
    }
    newest(rounds).map(|round| Choice {
        round: round.clone(),
        unknown_request: requested.map(str::to_owned),
    })
}

/// The value of `round` in a location's query string (`?round=2019&x=1`), if present and not
/// empty.
///
/// Round ids are slugs of lowercase letters, digits, `-` and `_`, so they need no
/// percent-decoding; an encoded value simply matches no round.
pub fn round_in_query(search: &str) -> Option<String> {
    query_pairs(search)
        .find(|(key, _)| *key == "round")
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
        .map(str::to_owned)
}

/// The query string with `round` set to `id`, keeping every other parameter in place.
pub fn query_with_round(search: &str, id: &str) -> String {
    let mut pairs: Vec<String> = Vec::new();
    let mut replaced = false;
    for pair in search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let key = pair.split_once('=').map_or(pair, |(key, _)| key);
        if key == "round" {
            if !replaced {
                pairs.push(format!("round={id}"));
                replaced = true;
            }
        } else {
            pairs.push(pair.to_owned());
        }
    }
    if !replaced {
        pairs.push(format!("round={id}"));
    }
    format!("?{}", pairs.join("&"))
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
    use chrono::NaiveDate;
    use scorecard_domain::{CatalogId, RoundId, RoundState};

    fn round(id: &str, starts_on: &str) -> Round {
        let date = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("valid date");
        Round {
            id: RoundId::parse(id).expect("valid id"),
            name_vi: format!("Đợt {id}"),
            name_en: format!("Round {id}"),
            catalog: CatalogId::parse("cpdt-2019").expect("valid id"),
            starts_on: date(starts_on),
            ends_on: date(starts_on),
            state: RoundState::Published,
            illustrative: true,
        }
    }

    fn rounds() -> Vec<Round> {
        vec![
            round("2021", "2021-07-01"),
            round("2019", "2019-07-01"),
            round("2023", "2023-07-01"),
        ]
    }

    fn ids(rounds: &[Round]) -> Vec<&str> {
        rounds.iter().map(|r| r.id.as_str()).collect()
    }

    fn check_choice(requested: Option<&str>, expected: &str, unknown: Option<&str>) {
        let choice = choose_round(&rounds(), requested).expect("there are rounds");
        assert_eq!(choice.round.id.as_str(), expected, "requested {requested:?}");
        assert_eq!(
            choice.unknown_request.as_deref(),
            unknown,
            "requested {requested:?}"
        );
    }

    #[test]
    fn the_newest_round_is_shown_by_default_whatever_order_arrives() {
        check_choice(None, "2023", None);
    }

    #[test]
    fn a_requested_round_is_shown_when_it_exists() {
        check_choice(Some("2019"), "2019", None);
    }

    #[test]
    fn an_unknown_requested_round_falls_back_to_the_newest_and_says_so() {
        check_choice(Some("1999"), "2023", Some("1999"));
    }

    #[test]
    fn no_rounds_means_no_choice() {
        assert_eq!(choose_round(&[], Some("2019")), None);
    }

    #[test]
    fn rounds_are_listed_newest_first() {
        assert_eq!(ids(&newest_first(rounds())), ["2023", "2021", "2019"]);
    }

    #[test]
    fn rounds_starting_on_the_same_day_are_ordered_by_id() {
        let same_day = vec![round("a", "2020-01-01"), round("b", "2020-01-01")];
        assert_eq!(ids(&newest_first(same_day.clone())), ["b", "a"]);
        assert_eq!(newest(&same_day).map(|r| r.id.as_str()), Some("b"));
    }

    #[test]
    fn the_round_is_read_from_the_query_string() {
        assert_eq!(round_in_query("?round=2019").as_deref(), Some("2019"));
        assert_eq!(round_in_query("?lang=vi&round=2021").as_deref(), Some("2021"));
        assert_eq!(round_in_query("?round=").as_deref(), None);
        assert_eq!(round_in_query("?rounds=2019").as_deref(), None);
        assert_eq!(round_in_query("").as_deref(), None);
    }

    #[test]
    fn setting_the_round_keeps_other_parameters() {
        assert_eq!(query_with_round("", "2019"), "?round=2019");
        assert_eq!(query_with_round("?round=2019", "2021"), "?round=2021");
        assert_eq!(
            query_with_round("?lang=en&round=2019&x", "2021"),
            "?lang=en&round=2021&x"
        );
        assert_eq!(query_with_round("?lang=en", "2021"), "?lang=en&round=2021");
        assert_eq!(query_with_round("?round=1&round=2", "3"), "?round=3");
    }
}
