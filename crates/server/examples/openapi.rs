//! Prints the OpenAPI document (the CLI's `continuum openapi` does the same).
fn main() {
    println!("{}", continuum_server::api::openapi_json());
}
