//! A small seeded random generator (SplitMix64), so that every run with the same seed makes
//! the same choices: which record, which outcome, when to kill.

/// SplitMix64: fast, good enough to pick test inputs, and reproducible from its seed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `range` (start inclusive, end exclusive); `range` must not be empty.
    pub fn below(&mut self, end: u64) -> u64 {
        self.next_u64() % end.max(1)
    }

    /// A number in `[low, high)`.
    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high.saturating_sub(low))
    }

    /// A fraction in [0, 1) with two decimals, as inspectors write ratios.
    pub fn ratio(&mut self) -> f64 {
        self.below(101) as f64 / 100.0
    }

    /// A generator for one worker, independent of the others.
    pub fn fork(&mut self) -> Rng {
        Rng::new(self.next_u64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_choices() {
        let (mut a, mut b) = (Rng::new(42), Rng::new(42));
        let xs: Vec<u64> = (0..8).map(|_| a.below(1000)).collect();
        let ys: Vec<u64> = (0..8).map(|_| b.below(1000)).collect();
        assert_eq!(xs, ys);
        assert!(xs.iter().any(|&x| x != xs[0]));
    }

    #[test]
    fn ratios_stay_within_zero_and_one() {
        let mut rng = Rng::new(1);
        assert!((0..1000).map(|_| rng.ratio()).all(|r| (0.0..=1.0).contains(&r)));
    }
}
