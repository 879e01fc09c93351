//! Failed sign-ins, limited per account and per address with growing delays.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed before delays start.
const FREE_FAILURES: u32 = 5;
/// Failures are forgotten after this long without one.
const FORGET_AFTER: Duration = Duration::from_secs(15 * 60);
/// The longest delay.
const MAX_DELAY: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

impl Failures {
    /// 2, 4, 8 … seconds after the free failures, up to the maximum.
    fn blocked_until(&self) -> Option<Instant> {
        let over = self.count.checked_sub(FREE_FAILURES)?;
        let delay = Duration::from_secs(2u64.saturating_pow(over + 1)).min(MAX_DELAY);
        Some(self.last + delay)
    }
}

/// Counts failed sign-ins by account name and by client address.
#[derive(Default)]
pub struct LoginLimiter {
    accounts: Mutex<HashMap<String, Failures>>,
    addresses: Mutex<HashMap<IpAddr, Failures>>,
}

fn wait<K: std::hash::Hash + Eq>(map: &Mutex<HashMap<K, Failures>>, key: &K) -> Option<Duration> {
    let map = map.lock().ok()?;
    let failures = map.get(key)?;
    let until = failures.blocked_until()?;
    until.checked_duration_since(Instant::now())
}

fn fail<K: std::hash::Hash + Eq>(map: &Mutex<HashMap<K, Failures>>, key: K) {
    if let Ok(mut map) = map.lock() {
        let now = Instant::now();
        map.retain(|_, f| now.duration_since(f.last) < FORGET_AFTER);
        let entry = map.entry(key).or_insert(Failures { count: 0, last: now });
        entry.count += 1;
        entry.last = now;
    }
}

impl LoginLimiter {
    /// How long this account and address must wait before trying again, if at all.
    pub fn retry_after(&self, account: &str, address: Option<IpAddr>) -> Option<Duration> {
        let by_account = wait(&self.accounts, &account.to_lowercase());
        let by_address = address.and_then(|a| wait(&self.addresses, &a));
        by_account.into_iter().chain(by_address).max()
    }

    /// Counts a failed attempt.
    pub fn failed(&self, account: &str, address: Option<IpAddr>) {
        fail(&self.accounts, account.to_lowercase());
        if let Some(address) = address {
            fail(&self.addresses, address);
        }
    }

    /// Forgets an account's failures after it signs in.
    pub fn succeeded(&self, account: &str) {
        if let Ok(mut map) = self.accounts.lock() {
            map.remove(&account.to_lowercase());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_start_after_five_failures_and_grow() {
        let limiter = LoginLimiter::default();
        let address: IpAddr = "127.0.0.1".parse().unwrap();
        for _ in 0..FREE_FAILURES {
            assert_eq!(limiter.retry_after("an", Some(address)), None);
            limiter.failed("an", Some(address));
        }
        let first = limiter.retry_after("an", Some(address)).unwrap();
        limiter.failed("an", Some(address));
        let second = limiter.retry_after("an", Some(address)).unwrap();
        assert!(second > first, "{first:?} then {second:?}");
        assert!(
            limiter.retry_after("AN", None).is_some(),
            "account names are compared without case"
        );
        assert!(
            limiter.retry_after("binh", Some(address)).is_some(),
            "the address is limited too"
        );
        assert!(
            limiter
                .retry_after("binh", Some("10.0.0.9".parse().unwrap()))
                .is_none()
        );
    }

    #[test]
    fn a_sign_in_forgets_the_accounts_failures() {
        let limiter = LoginLimiter::default();
        for _ in 0..10 {
            limiter.failed("an", None);
        }
        limiter.succeeded("an");
        assert_eq!(limiter.retry_after("an", None), None);
    }
}
