//! Why a call to the server failed, as the pages show it: in whole sentences, Vietnamese
//! first, English second. Pure, so the view models that keep an error build on the host.

use crate::i18n::Lang;

/// Why a call failed, in whole sentences for the reader: Vietnamese first, English second.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError {
    /// The sentence in Vietnamese.
    pub detail: String,
    /// The same in English.
    pub detail_en: String,
    /// The HTTP status when the server answered.
    pub status: Option<u16>,
}

impl CallError {
    /// The sentence in the reader's language.
    pub fn detail_in(&self, lang: Lang) -> &str {
        lang.pick(&self.detail, &self.detail_en)
    }

    /// The server refused because of who is asking (401 or 403), not because of the data.
    pub fn is_refusal(&self) -> bool {
        matches!(self.status, Some(401 | 403))
    }

    pub fn new(detail: &str, detail_en: &str) -> CallError {
        CallError {
            detail: detail.to_owned(),
            detail_en: detail_en.to_owned(),
            status: None,
        }
    }

    /// The request never got an answer: the network or the server is down.
    pub fn unreachable() -> CallError {
        CallError::new(
            "Không kết nối được với máy chủ. Vui lòng kiểm tra kết nối mạng rồi thử lại.",
            "The server could not be reached. Please check the network connection and try again.",
        )
    }

    /// The server answered with data this page cannot read.
    pub fn unreadable() -> CallError {
        CallError::new(
            "Không đọc được dữ liệu máy chủ gửi về. Vui lòng thử lại sau.",
            "The data the server sent could not be read. Please try again later.",
        )
    }

    /// The server answered with an error but no problem document to explain it.
    pub fn status(status: u16) -> CallError {
        CallError {
            detail: format!("Máy chủ báo lỗi (mã {status}). Vui lòng thử lại sau."),
            detail_en: format!("The server reported an error (code {status}). Please try again later."),
            status: Some(status),
        }
    }
}
