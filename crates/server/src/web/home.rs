use super::{Chrome, WebError, WebUser, html};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use continuum_domain::register::{OrgDetails, OrgKind};
use continuum_store::Page;

pub struct SchoolLink {
    pub id: String,
    pub name: String,
    pub kind: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    own_school: Option<String>,
    schools: Vec<SchoolLink>,
}

pub async fn page(
    State(state): State<AppState>,
    WebUser(me): WebUser,
) -> Result<Response, WebError> {
    let chrome = Chrome::of(&state, &me).await;
    let own = state.store.organisation(me.user.org).await?;
    let own_school = (own.record.details.kind() == OrgKind::School).then(|| own.id.to_string());
    let (schools, _) = state
        .store
        .organisations(Some(OrgKind::School), Page::all())
        .await?;
    let schools = schools
        .into_iter()
        .map(|s| {
            let kind = match &s.record.details {
                OrgDetails::School {
                    school_type,
                    cluster,
                    ..
                } => match cluster {
                    Some(c) => format!(
                        "{} cluster {}",
                        school_type.code().to_uppercase(),
                        c.number()
                    ),
                    None => school_type.code().to_uppercase(),
                },
                _ => String::new(),
            };
            SchoolLink {
                id: s.id.to_string(),
                name: s.record.name,
                kind,
            }
        })
        .collect();
    html(&HomePage {
        chrome,
        own_school,
        schools,
    })
}
