//! HTTP tests of the API and the web pages: one binary, modules mirror the routes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod api;
mod exemptions;
mod helpers;
mod openapi;
mod web;
