//! The rounds in order, newest first as the picker lists them, and finding one by id.
//!
//! Pure logic over the domain's `Round`, unit-tested natively.

use scorecard_domain::{Round, RoundState};

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

/// The round a reader sees first: the newest published one, whose figures anyone may read;
/// the newest of all when none is published yet.
pub fn default_round(rounds: &[Round]) -> Option<&Round> {
    let published: Vec<Round> = rounds
        .iter()
        .filter(|r| r.state == RoundState::Published)
        .cloned()
        .collect();
    match newest(&published) {
        Some(round) => rounds.iter().find(|r| r.id == round.id),
        None => newest(rounds),
    }
}

/// The round with this id, if there is one.
pub fn find<'a>(rounds: &'a [Round], id: &str) -> Option<&'a Round> {
    rounds.iter().find(|r| r.id.as_str() == id)
}

/// The rounds oldest first, for charts and tables across rounds.
pub fn oldest_first(rounds: Vec<Round>) -> Vec<Round> {
    let mut rounds = newest_first(rounds);
    rounds.reverse();
    rounds
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use scorecard_domain::{CatalogId, RoundId};

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

    #[test]
    fn a_round_is_found_by_its_id() {
        let rounds = rounds();
        assert_eq!(find(&rounds, "2019").map(|r| r.id.as_str()), Some("2019"));
        assert_eq!(find(&rounds, "1999"), None);
    }

    #[test]
    fn the_newest_round_is_found_whatever_order_arrives() {
        assert_eq!(newest(&rounds()).map(|r| r.id.as_str()), Some("2023"));
        assert_eq!(newest(&[]), None);
    }

    #[test]
    fn readers_first_see_the_newest_published_round() {
        let mut rounds = rounds();
        rounds[2].state = RoundState::Open;
        assert_eq!(default_round(&rounds).map(|r| r.id.as_str()), Some("2021"));
        for round in &mut rounds {
            round.state = RoundState::Open;
        }
        assert_eq!(default_round(&rounds).map(|r| r.id.as_str()), Some("2023"));
        assert_eq!(default_round(&[]), None);
    }

    #[test]
    fn rounds_are_listed_oldest_first_for_charts() {
        assert_eq!(ids(&oldest_first(rounds())), ["2019", "2021", "2023"]);
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
}
