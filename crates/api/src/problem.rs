//! The body of every error answer: `application/problem+json` (RFC 9457) with the sentence in
//! Vietnamese (`detail`) and English (`detail_en`) and the field at fault.

use serde::{Deserialize, Serialize};

/// An error answer. Every field but `status` may be missing when a proxy, not the server,
/// answered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "type": "about:blank", "title": "Precondition Failed", "status": 412,
    "detail": "Kết quả này vừa được người khác thay đổi. Hãy tải lại để xem phiên bản mới rồi quyết định.",
    "detail_en": "Someone else changed this record meanwhile. Reload it to see the new version, then decide.",
    "current_etag": "\"v4\""
})))]
pub struct Problem {
    /// Always `about:blank`: the status says what kind of problem it is.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The status's reason phrase.
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub status: u16,
    /// What went wrong and what to do, in Vietnamese.
    #[serde(default)]
    pub detail: String,
    /// The same in English.
    #[serde(default)]
    pub detail_en: String,
    /// The field, parameter or header at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Each field at fault of a 422, with its sentence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    /// Each rejected line of an import.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<RejectedLine>,
    /// On a 412, the ETag of the version now stored (absent when the record does not exist).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_etag: Option<String>,
}

/// One reason a value was refused, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldProblem {
    pub field: Option<String>,
    /// In English.
    pub message: String,
    /// In Vietnamese.
    pub message_vi: String,
    /// For a workbook, the cell at fault as the spreadsheet program names it: `Kết quả!D12`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
}

/// A line (or the position of a JSON item) of an import that was not taken, with its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectedLine {
    pub line: usize,
    pub problems: Vec<FieldProblem>,
}
