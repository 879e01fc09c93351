//! The credit one record earns towards its criterion's weight (docs/rules.md, "Credits"): what
//! the catalog's kinds produce and the scores add up, so both depend on it and not on each other.

use serde::{Deserialize, Serialize};

/// The credit a record earns, in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
pub struct Credit(f64);

impl Credit {
    /// Clamps into [0, 1]; callers have already checked the inputs, so this only guards
    /// against floating-point drift.
    pub fn new(value: f64) -> Credit {
        Credit(if value.is_nan() {
            0.0
        } else {
            value.clamp(0.0, 1.0)
        })
    }

    /// The credit as a number.
    pub fn get(self) -> f64 {
        self.0
    }
}
