//! `/admin/catalogs`: every catalog version with the rounds that use it, and a new version
//! made from one of them (new id, names, weights and ratio targets).

use leptos::prelude::*;
use leptos::task::spawn_local;
use scorecard_domain::{Catalog, CatalogId, CriterionKind};

use super::{Head, Outcome, frame, resource_table, text_field};
use crate::api::{self, CallError};
use crate::context::{tr, use_lang};
use crate::format;
use crate::i18n::{Labels, Lang};
use crate::view_model::checklist::parse_percent;

/// The columns of the catalogs table.
const HEADS: &[Head] = &[
    Head::Shown(|t| t.catalog),
    Head::Shown(|t| t.version),
    Head::Shown(|t| t.round),
    Head::Shown(|t| t.used_by),
    Head::Hidden(|t| t.action),
];

/// `/admin/catalogs`.
#[component]
pub fn AdminCatalogs() -> impl IntoView {
    frame(|t| t.admin_catalogs, || view! { <Catalogs /> })
}

#[component]
fn Catalogs() -> impl IntoView {
    let data = LocalResource::new(|| async {
        let (catalogs, rounds) = (api::catalogs().await?, api::rounds().await?);
        let listed = catalogs
            .into_iter()
            .map(|catalog| {
                let used: Vec<String> = rounds
                    .iter()
                    .filter(|r| r.catalog == catalog.id)
                    .map(|r| r.id.to_string())
                    .collect();
                (catalog, used)
            })
            .collect::<Vec<_>>();
        Ok::<_, CallError>(listed)
    });
    let editing = RwSignal::new(None::<Catalog>);
    let row = move |(catalog, used): (Catalog, Vec<String>), lang: Lang| {
        let t = lang.texts();
        let source = catalog.clone();
        view! {
            <tr>
                <td>{catalog.id.to_string()}</td>
                <td>{catalog.version}</td>
                <td>{lang.pick(&catalog.name_vi, &catalog.name_en).to_owned()}</td>
                <td>{used.join(", ")}</td>
                <td>
                    <button type="button" class="button button-quiet" on:click=move |_| editing.set(Some(source.clone()))>
                        {t.new_version}
                    </button>
                </td>
            </tr>
        }
    };
    view! {
        <p class="muted">{tr(|t| t.catalog_note)}</p>
        {resource_table("catalogs-table", HEADS, None, data, row)}
        {move || editing.get().map(|source| view! { <NewVersion source /> })}
    }
}

/// A new catalog version from an old one: new id, names, weights and ratio targets.
#[component]
fn NewVersion(source: Catalog) -> impl IntoView {
    let lang = use_lang();
    let outcome: Outcome = RwSignal::new(None);
    let id = RwSignal::new(format!("{}-v{}", source.family, source.version + 1));
    let name_vi = RwSignal::new(source.name_vi.clone());
    let weights: Vec<RwSignal<String>> = source
        .criteria
        .iter()
        .map(|c| RwSignal::new(format::number(Lang::Vi, c.weight, 2)))
        .collect();
    let targets: Vec<RwSignal<String>> = source
        .criteria
        .iter()
        .map(|c| match c.kind {
            CriterionKind::Ratio { target } => RwSignal::new(format::number(Lang::Vi, target * 100.0, 2)),
            _ => RwSignal::new(String::new()),
        })
        .collect();
    let rows = source
        .criteria
        .iter()
        .zip(weights.iter().zip(targets.iter()))
        .map(|(c, (weight, target))| {
            let (weight, target) = (*weight, *target);
            let code = c.code.to_string();
            let is_ratio = matches!(c.kind, CriterionKind::Ratio { .. });
            let weight_id = format!("weight-{code}");
            let target_id = format!("target-{code}");
            view! {
                <tr>
                    <th scope="row">{code.clone()} " " {lang.get_untracked().pick(&c.name_vi, &c.name_en).to_owned()}</th>
                    <td>
                        <label class="visually-hidden" for=weight_id.clone()>{tr(|t| t.weight)}</label>
                        <input id=weight_id inputmode="decimal" class="narrow" prop:value=move || weight.get() on:input=move |ev| weight.set(event_target_value(&ev)) />
                    </td>
                    <td>
                        {is_ratio.then(|| view! {
                            <label class="visually-hidden" for=target_id.clone()>{tr(|t| t.target)}</label>
                            <input id=target_id.clone() inputmode="decimal" class="narrow" prop:value=move || target.get() on:input=move |ev| target.set(event_target_value(&ev)) />
                            " %"
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let source = StoredValue::new(source);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut catalog = source.get_value();
        let bad = |field: &str| CallError {
            detail: format!("Giá trị của {field} không hợp lệ: hãy nhập một số, ví dụ 15 hoặc 12,5."),
            detail_en: format!("The value of {field} is not valid: type a number such as 15 or 12.5."),
            status: None,
        };
        let parsed = CatalogId::parse(&id.get_untracked()).map_err(|_| bad("id"));
        let mut result: Result<(), CallError> = parsed.map(|new_id| catalog.id = new_id);
        catalog.version += 1;
        catalog.name_vi = name_vi.get_untracked();
        for (criterion, (weight, target)) in catalog
            .criteria
            .iter_mut()
            .zip(weights.iter().zip(targets.iter()))
        {
            // Weights up to 999 with up to 4 decimals read the same way as percentages.
            match parse_percent(&weight.get_untracked()) {
                Some(share) => criterion.weight = share * 100.0,
                None => result = Err(bad(criterion.code.as_str())),
            }
            if let CriterionKind::Ratio { target: t } = &mut criterion.kind {
                match parse_percent(&target.get_untracked()) {
                    Some(share) if share > 0.0 => *t = share,
                    _ => result = Err(bad(criterion.code.as_str())),
                }
            }
        }
        match result {
            Err(error) => outcome.set(Some(Err(error))),
            Ok(()) => spawn_local(async move { outcome.set(Some(api::add_catalog(&catalog).await)) }),
        }
    };
    view! {
        <form class="form new-version" on:submit=create>
            <h2>{tr(|t| t.new_version)}</h2>
            {text_field("catalog-id", |t| t.new_catalog_id, id, "text")}
            {text_field("catalog-name-vi", |t| t.name_vi, name_vi, "text")}
            <table class="data-table">
                <thead><tr>
                    <th scope="col">{tr(|t| t.criterion)}</th>
                    <th scope="col">{tr(|t| t.weight)}</th>
                    <th scope="col">{tr(|t| t.target)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {move || outcome.get().map(|result| match result {
                Ok(()) => view! { <p class="status status-done" role="status">{tr(|t| t.catalog_created)}</p> }.into_any(),
                Err(error) => view! { <p class="status status-error" role="alert">{error.detail_in(lang.get()).to_owned()}</p> }.into_any(),
            })}
            <button type="submit" class="button">{tr(|t| t.create_version)}</button>
        </form>
    }
}
