//! Passwords: argon2id with OWASP's parameters (19 MiB, t=2, p=1), hashed off the async
//! executor, with a cap on how many hashes run at once.

use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand_core::OsRng;
use tokio::sync::Semaphore;

/// Hashes passwords without starving the server: each hash takes ~19 MiB and tens of ms.
#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    /// A hash to verify against when the user does not exist, so both cases take as long.
    decoy: Arc<String>,
}

fn argon2() -> Argon2<'static> {
    // OWASP's first recommendation for argon2id; the parameters are constants, so valid.
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_now(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .unwrap_or_default()
}

fn verify_now(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
}

impl Hasher {
    /// At most `concurrent` hashes at a time.
    pub fn new(concurrent: usize) -> Hasher {
        Hasher {
            permits: Arc::new(Semaphore::new(concurrent.max(1))),
            decoy: Arc::new(hash_now("decoy password")),
        }
    }

    /// The PHC string of a new hash of `password`.
    pub async fn hash(&self, password: String) -> String {
        let _permit = self.permits.acquire().await;
        tokio::task::spawn_blocking(move || hash_now(&password))
            .await
            .unwrap_or_default()
    }

    /// Whether `password` matches `hash`; `None` checks against a decoy and answers false.
    pub async fn verify(&self, password: String, hash: Option<String>) -> bool {
        let _permit = self.permits.acquire().await;
        let real = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.decoy.to_string());
        let matches = tokio::task::spawn_blocking(move || verify_now(&password, &hash))
            .await
            .unwrap_or(false);
        matches && real
    }
}

/// A new random password for demo users: 16 letters and digits.
pub fn random_password() -> String {
    use rand_core::RngCore;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_password_verifies_against_its_own_hash_only() {
        let hasher = Hasher::new(2);
        let hash = hasher.hash("mật khẩu đúng".into()).await;
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(hasher.verify("mật khẩu đúng".into(), Some(hash.clone())).await);
        assert!(!hasher.verify("mật khẩu sai".into(), Some(hash)).await);
        assert!(
            !hasher.verify("decoy password".into(), None).await,
            "the decoy never signs anyone in"
        );
    }

    #[test]
    fn random_passwords_differ() {
        assert_ne!(random_password(), random_password());
        assert_eq!(random_password().len(), 16);
    }
}
