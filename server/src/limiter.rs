//! Failed sign-ins, limited per account and per client address with growing delays. The
//! failures are counted in the database, so that every server instance on it applies the same
//! limit: five wrong passwords through one instance and a sixth through another still wait.

use std::net::IpAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use scorecard_store::{Result, Store};

/// Failures allowed before delays start.
const FREE_FAILURES: i64 = 5;
/// Failures are forgotten after this long without one.
const FORGET_AFTER: Duration = Duration::from_secs(15 * 60);
/// The longest delay.
const MAX_DELAY: Duration = Duration::from_secs(15 * 60);
/// Longer account names are never counted (no user has one): a key's length stays bounded.
pub const LONGEST_ACCOUNT: usize = 64;

/// How long to wait after `count` failures, the last `since_last` ago: 2, 4, 8 … seconds
/// after the free failures, up to the maximum; `None` when nothing is left to wait.
fn wait(count: i64, since_last: Duration) -> Option<Duration> {
    let over = count.checked_sub(FREE_FAILURES)?;
    if over < 0 || since_last >= FORGET_AFTER {
        return None;
    }
    let exponent = u32::try_from(over + 1).unwrap_or(u32::MAX);
    let delay = Duration::from_secs(2u64.saturating_pow(exponent)).min(MAX_DELAY);
    delay.checked_sub(since_last).filter(|d| !d.is_zero())
}

fn now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

fn account_key(account: &str) -> String {
    format!("account:{}", account.to_lowercase())
}

fn keys(account: &str, address: Option<IpAddr>) -> Vec<String> {
    let mut keys = vec![account_key(account)];
    keys.extend(address.map(|a| format!("address:{a}")));
    keys
}

/// How long this account and address must wait before trying again, if at all.
pub async fn retry_after(
    store: &dyn Store,
    account: &str,
    address: Option<IpAddr>,
) -> Result<Option<Duration>> {
    let now = now();
    let failures = store.sign_in_failures(&keys(account, address)).await?;
    Ok(failures
        .into_iter()
        .filter_map(|(_, count, last)| wait(count, Duration::from_secs_f64((now - last).max(0.0))))
        .max())
}

/// Counts a failed attempt by account and address.
pub async fn failed(store: &dyn Store, account: &str, address: Option<IpAddr>) -> Result<()> {
    store
        .count_sign_in_failure(&keys(account, address), now(), FORGET_AFTER.as_secs_f64())
        .await
}

/// Forgets an account's failures after it signs in.
pub async fn succeeded(store: &dyn Store, account: &str) -> Result<()> {
    store.forget_sign_in_failures(&account_key(account)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_start_after_five_failures_grow_and_pass() {
        let recent = Duration::from_millis(100);
        for count in 0..FREE_FAILURES {
            assert_eq!(wait(count, recent), None, "{count}");
        }
        let first = wait(FREE_FAILURES, recent).unwrap();
        let second = wait(FREE_FAILURES + 1, recent).unwrap();
        assert!(second > first, "{first:?} then {second:?}");
        assert_eq!(
            wait(FREE_FAILURES, Duration::from_secs(3)),
            None,
            "the 2 s have passed"
        );
        assert_eq!(
            wait(60, Duration::from_secs(14 * 60)),
            Some(Duration::from_secs(60))
        );
        assert_eq!(wait(60, FORGET_AFTER), None);
    }
}

/// Downloads of exports and chart images that an anonymous client may take per minute: each
/// can cost up to half a second of work, and a reader clicks far fewer.
pub const ANONYMOUS_DOWNLOADS_PER_MINUTE: u32 = 30;
/// Clients remembered at most; past this, windows that ended are dropped first, then all.
const CLIENTS_KEPT: usize = 10_000;

/// Counts anonymous downloads per client address in one-minute windows, in this instance.
#[derive(Debug, Default)]
pub struct DownloadLimiter {
    windows: std::sync::Mutex<std::collections::HashMap<IpAddr, (std::time::Instant, u32)>>,
}

impl DownloadLimiter {
    /// Counts a download by `client`; how long it must wait when it is over the limit.
    pub fn take(&self, client: IpAddr) -> Option<Duration> {
        let window = Duration::from_secs(60);
        let now = std::time::Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() >= CLIENTS_KEPT {
            windows.retain(|_, (start, _)| now.duration_since(*start) < window);
            if windows.len() >= CLIENTS_KEPT {
                windows.clear();
            }
        }
        let (start, count) = windows.entry(client).or_insert((now, 0));
        if now.duration_since(*start) >= window {
            (*start, *count) = (now, 0);
        }
        if *count >= ANONYMOUS_DOWNLOADS_PER_MINUTE {
            return Some(
                window
                    .saturating_sub(now.duration_since(*start))
                    .max(Duration::from_secs(1)),
            );
        }
        *count += 1;
        None
    }
}

#[cfg(test)]
mod download_tests {
    use super::*;

    #[test]
    fn a_client_over_the_limit_waits_and_others_do_not() {
        let limiter = DownloadLimiter::default();
        let (one, two): (IpAddr, IpAddr) = ("198.51.100.1".parse().unwrap(), "198.51.100.2".parse().unwrap());
        for _ in 0..ANONYMOUS_DOWNLOADS_PER_MINUTE {
            assert_eq!(limiter.take(one), None);
        }
        let wait = limiter.take(one).unwrap();
        assert!(
            wait <= Duration::from_secs(60) && wait >= Duration::from_secs(1),
            "{wait:?}"
        );
        assert_eq!(limiter.take(two), None);
    }
}
