//! The root certificates an admin trusts (in a real deployment the national root and the
//! government-specialised root). A chain that ends elsewhere is "not verified against a
//! trusted root": a warning, never a failure.

use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

/// Why a root certificate file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrustError {
    #[error("the file holds no certificate (PEM \"CERTIFICATE\" blocks or one DER certificate)")]
    NoCertificate,
    #[error("the certificate cannot be read: {0}")]
    Unreadable(String),
}

impl TrustError {
    /// The reason in Vietnamese.
    pub fn vietnamese(&self) -> String {
        match self {
            TrustError::NoCertificate => {
                "Tệp không chứa chứng thư số nào (khối PEM \"CERTIFICATE\" hoặc một chứng thư DER).".into()
            }
            TrustError::Unreadable(reason) => format!("Không đọc được chứng thư số: {reason}"),
        }
    }
}

/// The trusted roots.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    roots: Vec<Certificate>,
}

/// What people read about a root: whose it is, until when, and its SHA-256 fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RootSummary {
    pub subject: String,
    pub not_after: String,
    pub sha256: String,
}

impl TrustStore {
    /// A store with no roots: chains are reported as not verified against a trusted root.
    pub fn empty() -> Self {
        TrustStore::default()
    }

    /// Reads certificates from PEM (any number of blocks) or from one DER certificate.
    pub fn parse_certificates(bytes: &[u8]) -> Result<Vec<Certificate>, TrustError> {
        if bytes.windows(11).any(|w| w == b"-----BEGIN ") {
            let certs =
                Certificate::load_pem_chain(bytes).map_err(|err| TrustError::Unreadable(err.to_string()))?;
            if certs.is_empty() {
                return Err(TrustError::NoCertificate);
            }
            return Ok(certs);
        }
        Certificate::from_der(bytes)
            .map(|cert| vec![cert])
            .map_err(|_| TrustError::NoCertificate)
    }

    /// Adds the certificates of one file.
    pub fn add(&mut self, bytes: &[u8]) -> Result<usize, TrustError> {
        let certs = Self::parse_certificates(bytes)?;
        let count = certs.len();
        for cert in certs {
            if !self.roots.contains(&cert) {
                self.roots.push(cert);
            }
        }
        Ok(count)
    }

    pub fn roots(&self) -> &[Certificate] {
        &self.roots
    }

    pub fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }

    /// The certificate is itself one of the roots.
    pub fn contains(&self, cert: &Certificate) -> bool {
        self.roots.contains(cert)
    }

    /// The roots of a bundle of PEM (or one DER certificate); nothing at all (or only
    /// whitespace) is an empty store, as when no root is loaded.
    pub fn from_bundle(bytes: &[u8]) -> Result<TrustStore, TrustError> {
        let mut trust = TrustStore::empty();
        if !bytes.iter().all(u8::is_ascii_whitespace) {
            trust.add(bytes)?;
        }
        Ok(trust)
    }
}

/// A certificate summarised for people.
pub fn summary(cert: &Certificate) -> RootSummary {
    let fingerprint = cert
        .to_der()
        .map(Sha256::digest)
        .map(|d| hex(&d))
        .unwrap_or_default();
    RootSummary {
        subject: crate::cms::describe(&cert.tbs_certificate.subject),
        not_after: cert.tbs_certificate.validity.not_after.to_string(),
        sha256: fingerprint,
    }
}

/// A certificate as PEM.
pub fn pem(cert: &Certificate) -> Result<String, der::Error> {
    use der::EncodePem;
    cert.to_pem(der::pem::LineEnding::LF)
}

/// Lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
