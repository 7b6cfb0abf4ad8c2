pub mod demo;
pub mod export;
pub mod import;
pub mod migrate;
pub mod rules;
pub mod serve;
pub mod user;
pub mod verzuim;
