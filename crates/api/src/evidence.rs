//! The signature check of a PDF as the API and `scorecard pdf check --json` give it
//! (docs/formats.md, "Command line"; docs/rules.md, "Signature check"), and the evidence files
//! of records. `crates/evidence` fills these in; the browser reads them.

use chrono::NaiveDate;
use scorecard_domain::{CriterionCode, OrgId, RoundId};
use serde::{Deserialize, Serialize};

/// Who a certificate belongs to, read from its subject (the signs are `scorecard_evidence::rules::ROLE_SIGNS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum SignerRole {
    Person,
    Organization,
    Unknown,
}

/// Where a signature shows on a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Appearance {
    /// The page, counted from 1.
    pub page: usize,
    /// The rectangle in PDF points, `[left, bottom, right, top]`.
    pub rect: [f64; 4],
    pub page_width: f64,
    pub page_height: f64,
    /// The appearance draws an image (the signature's or the seal's picture).
    pub has_image: bool,
    /// The text the appearance draws, when it is drawn with readable codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// One signature, as the analysis found it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignatureCheck {
    /// The signature field's name.
    pub field: String,
    pub signer: Option<String>,
    pub issuer: Option<String>,
    pub role: SignerRole,
    /// The signing time as the PDF records it (`/M`, with its offset), else from the CMS in UTC.
    pub signing_time: Option<String>,
    /// The UTC offset of the recorded signing time ("+07:00"), when the PDF records one.
    pub utc_offset: Option<String>,
    /// The signature verifies over its byte range.
    pub intact: bool,
    /// The byte range covers the whole file but the signature value.
    pub covers_whole_file: bool,
    /// The byte range ends exactly at the end of a revision of the file.
    pub covers_revision: bool,
    /// Something other than later signatures and their fields changed after this signature.
    pub modified_after: bool,
    /// What changed after the signature that a later signature does not explain.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes_after: Vec<String>,
    pub certificate_valid_at_signing: Option<bool>,
    /// The chain reaches a trusted root; `null` when no root was given.
    pub trusted: Option<bool>,
    pub digest_algorithm: Option<String>,
    pub sub_filter: Option<String>,
    pub appearance: Option<Appearance>,
    /// Why something could not be checked, in English.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
    /// The same reasons in Vietnamese.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems_vi: Vec<String>,
}

/// The analysis of one PDF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PdfAnalysis {
    pub analysable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_vi: Option<String>,
    pub pages: usize,
    /// In signing order.
    pub signatures: Vec<SignatureCheck>,
    pub rules: Vec<RuleOutcome>,
    /// Revocation (CRL, OCSP) is never checked: the analysis makes no network calls.
    pub revocation_checked: bool,
}

/// A rule's verdict on one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Fail,
    /// The file does not say enough to decide ("không xác định được").
    Unknown,
}

/// One rule's verdict with its reason in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleOutcome {
    pub id: String,
    pub citation: String,
    pub verdict: Verdict,
    pub reason_vi: String,
    pub reason_en: String,
    /// The rule only warns: an "unknown" here does not count against the file when an outcome
    /// is suggested from the files.
    pub advisory: bool,
}

/// An outcome suggested from the files; the inspector decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suggestion {
    pub met: bool,
    pub files: usize,
    pub failing: Vec<String>,
}

/// A file attached to a record (docs/formats.md, "Evidence files").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileView {
    pub id: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub round: RoundId,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub organization: OrgId,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub criterion: CriterionCode,
    /// The name it was uploaded with.
    pub name: String,
    pub size: i64,
    /// The type read from its content.
    pub media_type: String,
    /// A short name of the type ("PDF", "DOCX").
    pub kind: String,
    pub sha256: String,
    /// The date of the document itself (not of the upload).
    #[serde(with = "scorecard_domain::iso_date::optional")]
    pub document_date: Option<NaiveDate>,
    pub uploaded_by: String,
    pub uploaded_at: String,
    /// The signature check, for PDFs.
    pub analysis: Option<PdfAnalysis>,
}

/// A root certificate the signature check trusts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrustRootView {
    /// The SHA-256 of the certificate (DER), in hexadecimal.
    pub sha256: String,
    pub subject: String,
    pub not_after: String,
    pub added_at: String,
}

/// What changing the trusted roots did: the roots now, and how many PDFs were checked again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrustRoots {
    pub roots: Vec<TrustRootView>,
    pub rechecked: usize,
}
