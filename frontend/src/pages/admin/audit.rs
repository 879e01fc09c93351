//! `/admin/audit`: the audit trail with filters, and the verification of its chain.

use leptos::prelude::*;
use leptos::task::spawn_local;
use scorecard_domain::{AuditEntry, AuditVerdict};

use super::{Head, frame, resource_table, text_field};
use crate::api::{self, CallError};
use crate::context::{tr, use_lang};
use crate::i18n::Lang;
use crate::view_model::checklist::{audit_time, change_summary};

/// The columns of the audit table.
const HEADS: &[Head] = &[
    Head::Text("#"),
    Head::Shown(|t| t.time),
    Head::Shown(|t| t.actor),
    Head::Shown(|t| t.action),
    Head::Shown(|t| t.target),
    Head::Shown(|t| t.change),
];

/// `/admin/audit`: the trail with filters, and the verification of its chain.
#[component]
pub fn AdminAudit() -> impl IntoView {
    frame(|t| t.admin_audit, || view! { <Audit /> })
}

#[component]
fn Audit() -> impl IntoView {
    let lang = use_lang();
    let fields: [RwSignal<String>; 4] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let [target, actor, since, until] = fields;
    let query = RwSignal::new("limit=200".to_owned());
    let entries = LocalResource::new(move || api::audit(query.get()));
    let filter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut parts = vec!["limit=200".to_owned()];
        for (key, value) in [
            ("target", target),
            ("actor", actor),
            ("since", since),
            ("until", until),
        ] {
            let value = value.get_untracked();
            let value = value.trim();
            if !value.is_empty() {
                // The until day is inclusive: every entry of that day is before the next.
                let value = if key == "until" {
                    format!("{value}T23:59:59.999Z")
                } else {
                    value.to_owned()
                };
                parts.push(format!("{key}={}", encode(&value)));
            }
        }
        query.set(parts.join("&"));
    };
    let verdict = RwSignal::new(None::<Result<AuditVerdict, CallError>>);
    let verify = move |_| spawn_local(async move { verdict.set(Some(api::verify_audit().await)) });
    view! {
        <p class="muted">{tr(|t| t.audit_note)}</p>
        <div class="verify">
            <button type="button" class="button" id="verify-audit" on:click=verify>{tr(|t| t.verify)}</button>
            <p id="verify-result" role="status">
                {move || verdict.get().map(|v| match (v, lang.get()) {
                    (Ok(AuditVerdict::Intact { entries }), Lang::Vi) => format!("Chuỗi nhật ký nguyên vẹn: {entries} mục, không mục nào bị sửa, xoá hay đảo thứ tự."),
                    (Ok(AuditVerdict::Intact { entries }), Lang::En) => format!("The chain is intact: {entries} entries, none changed, deleted or reordered."),
                    (Ok(AuditVerdict::Broken { seq, problem }), Lang::Vi) => format!("Chuỗi nhật ký bị hỏng tại mục {seq}: {problem}"),
                    (Ok(AuditVerdict::Broken { seq, problem }), Lang::En) => format!("The chain is broken at entry {seq}: {problem}"),
                    (Err(error), lang) => error.detail_in(lang).to_owned(),
                })}
            </p>
        </div>
        <form class="form form-grid" on:submit=filter>
            {text_field("audit-target", |t| t.target_filter, target, "text")}
            {text_field("audit-actor", |t| t.actor, actor, "text")}
            {text_field("audit-since", |t| t.since, since, "date")}
            {text_field("audit-until", |t| t.until, until, "date")}
            <button type="submit" class="button">{tr(|t| t.filter)}</button>
        </form>
        {resource_table("audit-table", HEADS, Some(|t| t.no_audit), entries, |e: AuditEntry, l: Lang| view! {
            <tr>
                <td>{e.seq}</td>
                <td>{audit_time(l, &e.at)}</td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td>{e.target}</td>
                <td>{change_summary(&e.after)}</td>
            </tr>
        })}
    }
}

/// Escapes a filter value for the query string (targets hold `:` and `/`).
fn encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
