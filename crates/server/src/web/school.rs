use super::{Chrome, WebError, WebUser, html, nl_date};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use continuum_domain::ids::OrgId;
use continuum_store::Page;
use serde::Deserialize;
use uuid::Uuid;

pub struct Row {
    pub id: String,
    pub name: String,
    pub birth_date: String,
}

pub struct ClassGroup {
    pub name: String,
    pub pupils: Vec<Row>,
}

#[derive(Template)]
#[template(path = "school_pupils.html")]
struct SchoolPupils {
    chrome: Chrome,
    school_name: String,
    date: String,
    date_iso: String,
    total: u64,
    classes: Vec<ClassGroup>,
}

#[derive(Deserialize)]
pub struct DateQuery {
    datum: Option<String>,
}

pub async fn pupils(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    Query(q): Query<DateQuery>,
) -> Result<Response, WebError> {
    let school = state.store.organisation(OrgId(id)).await?;
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "leerlingen van een school bekijken",
        )
        .await;
    let date = match q.datum.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| WebError::BadRequest(format!("'{s}' is geen datum (jjjj-mm-dd)")))?,
        None => actor.today,
    };
    let (rows, total) = state
        .store
        .pupils_of_school(&actor, OrgId(id), date, Page::all())
        .await?;
    let mut classes: Vec<ClassGroup> = Vec::new();
    for r in rows {
        let name = r
            .class_name
            .clone()
            .unwrap_or_else(|| "Zonder klas".to_owned());
        let row = Row {
            id: r.id.to_string(),
            name: format!("{} {}", r.given_name, r.family_name),
            birth_date: nl_date(r.birth_date),
        };
        match classes.last_mut() {
            Some(g) if g.name == name => g.pupils.push(row),
            _ => classes.push(ClassGroup {
                name,
                pupils: vec![row],
            }),
        }
    }
    let chrome = Chrome::of(&state, &me).await;
    html(&SchoolPupils {
        chrome,
        school_name: school.record.name,
        date: nl_date(date),
        date_iso: date.to_string(),
        total,
        classes,
    })
}
