#![doc = include_str!("../README.md")]

pub mod aan_zet;
pub mod api;
pub mod arrangements;
pub mod artikel25;
pub mod auth;
pub mod cases;
mod context;
pub mod exemptions;
pub mod problem;
pub mod rules;
pub mod verzuim;
pub mod web;
pub mod zio;

pub use context::{AppState, Clock, FixedClock, SystemClock};

use axum::Router;

/// The version of the API, returned in the `API-Version` header of every response.
pub const API_VERSION: &str = "1.0.0";

/// The whole application: API, web pages and static files.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(web::router())
        .nest("/api/v1", api::router())
        .layer(axum::middleware::from_fn(context::response_headers))
        .with_state(state)
}
