//! `/notices` (issue 13): what concerns the signed-in user now, newest first, each a link to
//! the page where it is dealt with; unread ones stand out, and opening the page marks them
//! read.

use leptos::prelude::*;
use scorecard_api::Notices;

use crate::api::{self, CallError};
use crate::components::guard::{EVERY_ROLE, for_roles};
use crate::components::status::{ErrorNotice, Loading};
use crate::context::{tr, use_lang};
use crate::pages::keep_title;
use crate::view_model::files::vietnam_time;

/// `/notices`.
#[component]
pub fn NoticesPage() -> impl IntoView {
    keep_title(|t| t.notices, String::new);
    view! {
        <div class="card">
            <h1 class="page-title">{tr(|t| t.notices)}</h1>
            {for_roles(EVERY_ROLE, |_| view! { <NoticeList /> })}
        </div>
    }
}

#[component]
fn NoticeList() -> impl IntoView {
    let lang = use_lang();
    // The list as it was when the page opened (what was unread stays marked as such), then
    // everything marked read.
    let data = LocalResource::new(|| async {
        let notices: Notices = api::notices().await?;
        if notices.unread > 0 {
            api::mark_notices_read(Vec::new()).await?;
        }
        Ok::<_, CallError>(notices)
    });
    let retry = Callback::new(move |()| data.refetch());
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                    Ok(notices) if notices.items.is_empty() => view! {
                        <p class="muted" id="no-notices">{move || lang.get().pick("Không có thông báo nào.", "Nothing new.")}</p>
                    }
                    .into_any(),
                    Ok(notices) => {
                        let items = notices
                            .items
                            .into_iter()
                            .map(|notice| {
                                let class = if notice.read { "notice" } else { "notice notice-unread" };
                                let at = notice.at.clone();
                                view! {
                                    <li class=class>
                                        <a href=notice.link.clone()>
                                            {move || lang.get().pick(&notice.message_vi, &notice.message).to_owned()}
                                        </a>
                                        <span class="muted">" · " {move || vietnam_time(lang.get(), &at)}</span>
                                    </li>
                                }
                            })
                            .collect_view();
                        view! { <ul class="notice-list" id="notice-list">{items}</ul> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
