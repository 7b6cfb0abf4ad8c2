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

pub struct PupilLink {
    pub id: String,
    pub name: String,
    pub birth_date: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    own_school: Option<String>,
    is_parent: bool,
    is_gemeente: bool,
    pupils: Vec<PupilLink>,
    pupils_total: u64,
    schools: Vec<SchoolLink>,
}

/// How many of "your pupils" the start page shows; the rest are a click away per school.
const SHOWN: u32 = 100;

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
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "overzicht van eigen leerlingen",
        )
        .await;
    let (rows, pupils_total) = state
        .store
        .pupils_of_actor(&actor, Page::new(1, SHOWN))
        .await?;
    let pupils = rows
        .into_iter()
        .map(|r| PupilLink {
            id: r.id.to_string(),
            name: format!("{} {}", r.given_name, r.family_name),
            birth_date: super::nl_date(r.birth_date),
        })
        .collect();
    let is_parent = own.record.details.kind() == OrgKind::Ouders;
    html(&HomePage {
        chrome,
        own_school,
        is_parent,
        is_gemeente: own.record.details.kind() == OrgKind::Gemeente,
        pupils,
        pupils_total,
        schools,
    })
}
