//! Whole pages, one per address of `crate::addresses`.

pub mod admin;
pub mod checklist;
pub mod criterion;
pub mod findings;
pub mod history;
pub mod home;
pub mod later;
pub mod matrix;
pub mod not_found;
pub mod notices;
pub mod organization;
pub mod overview;
pub mod rankings;
pub mod review;
pub mod sign_in;
pub mod staff;
pub mod trends;
pub mod work;

use leptos::prelude::*;

use crate::context::use_lang;
use crate::i18n::Labels;
use crate::i18n::Texts;

/// Keeps the window's title on the page and the round in view, in the reader's language.
pub fn keep_title(page: fn(&Texts) -> &'static str, detail: impl Fn() -> String + 'static) {
    let lang = use_lang();
    Effect::new(move |_| {
        let texts = lang.get().texts();
        let detail = detail();
        let title = if detail.is_empty() {
            format!("{} · {}", page(texts), texts.product)
        } else {
            format!("{} · {detail} · {}", page(texts), texts.product)
        };
        document().set_title(&title);
    });
}
