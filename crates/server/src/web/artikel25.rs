//! The yearly count of Leerplichtwet art. 25 for the municipality
//! (`/leerplicht/artikel25?schooljaar=2025-2026`), also as CSV and PDF. What is counted is
//! written in `crate::artikel25` and docs/formats/artikel25.md.

use super::{Chrome, WebError, WebUser, html, nl_date};
use crate::AppState;
use crate::artikel25::{self, Artikel25, Line};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use continuum_domain::period::SchoolYear;
use continuum_store::Actor;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct YearQuery {
    #[serde(default)]
    schooljaar: String,
}

impl YearQuery {
    /// The school year asked for; the current one when none is given.
    fn year(&self, actor: &Actor) -> Result<SchoolYear, WebError> {
        if self.schooljaar.trim().is_empty() {
            return Ok(SchoolYear::containing(actor.today));
        }
        SchoolYear::parse(&self.schooljaar).ok_or_else(|| {
            WebError::BadRequest("Kies een schooljaar, bijvoorbeeld 2025-2026.".into())
        })
    }
}

#[derive(Template)]
#[template(path = "artikel25.html")]
struct CountPage {
    chrome: Chrome,
    year: String,
    years: Vec<(String, bool)>,
    running: bool,
    peildatum: String,
    residents: u32,
    verzuim: Vec<Line>,
    exemptions: Vec<Line>,
    pupils_with_exemption: u32,
    basis: String,
}

async fn counted(
    state: &AppState,
    me: &crate::auth::SignedIn,
    q: &YearQuery,
    purpose: &str,
) -> Result<(Actor, Artikel25), WebError> {
    let actor = state.actor(&me.user, me.origin.clone(), purpose).await;
    let year = q.year(&actor)?;
    let count = artikel25::count(state, &actor, year).await?;
    Ok((actor, count))
}

/// `GET /leerplicht/artikel25`.
pub async fn page(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Query(q): Query<YearQuery>,
) -> Result<Response, WebError> {
    let (actor, c) = counted(&state, &me, &q, "jaartelling leerplicht (art. 25)").await?;
    let current = SchoolYear::containing(actor.today);
    let (verzuim, exemptions): (Vec<Line>, Vec<Line>) =
        c.lines().into_iter().partition(|l| l.ground.is_none());
    let chrome = Chrome::of(&state, &me).await;
    html(&CountPage {
        chrome,
        year: c.school_year.label(),
        years: (0..4)
            .map(|i| {
                let y = SchoolYear(current.0 - i);
                (y.label(), y == c.school_year)
            })
            .collect(),
        running: c.school_year == current,
        peildatum: nl_date(c.peildatum),
        residents: c.residents,
        verzuim,
        exemptions,
        pupils_with_exemption: c.exemptions.pupils_in_force,
        basis: c.basis.to_string(),
    })
}

/// `GET /leerplicht/artikel25.csv`.
pub async fn csv(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Query(q): Query<YearQuery>,
) -> Result<Response, WebError> {
    let (_, c) = counted(&state, &me, &q, "jaartelling leerplicht exporteren").await?;
    let body = c.csv().map_err(WebError::Internal)?;
    download(
        body.into_bytes(),
        "text/csv; charset=utf-8",
        &format!("{}.csv", c.file_stem()),
    )
}

/// `GET /leerplicht/artikel25.pdf`.
pub async fn pdf(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Query(q): Query<YearQuery>,
) -> Result<Response, WebError> {
    let (_, c) = counted(&state, &me, &q, "jaartelling leerplicht afdrukken").await?;
    let body = c.pdf().map_err(WebError::Internal)?;
    download(body, "application/pdf", &format!("{}.pdf", c.file_stem()))
}

fn download(body: Vec<u8>, kind: &'static str, name: &str) -> Result<Response, WebError> {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}
