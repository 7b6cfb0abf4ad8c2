//! The OpenAPI document: what the handlers declare, plus what every operation shares —
//! the `API-Version` header on every success, problem+json answers for the errors each
//! kind of operation can give (NL API Design Rules, checked with Spectral in CI).

use crate::problem::{InvalidParam, Problem};
use utoipa::OpenApi;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{HttpMethod, Operation};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "continuum API",
        version = "1.0.0",
        description = "Het register van continuum: organisaties, leerlingen en hun gegevens (inschrijvingen, TLV's, indicaties, ondersteuningsbehoeften). Een organisatie ziet alleen leerlingen waarmee zij een relatie heeft; voor andere leerlingen is het antwoord 404. Elke inzage en wijziging komt in het auditlog van de leerling.",
        contact(name = "continuum", email = "continuum@example.org", url = "https://example.org/continuum"),
        license(name = "EUPL-1.2", identifier = "EUPL-1.2")
    ),
    servers((url = "/api/v1", description = "deze server")),
    components(schemas(Problem, InvalidParam)),
    modifiers(&BearerAuth),
    tags(
        (name = "sessies", description = "Aanmelden en afmelden"),
        (name = "organisaties", description = "Het register van organisaties, klassen en leerlingen per school"),
        (name = "leerlingen", description = "Het dossier van een leerling"),
        (name = "verzuim", description = "Verzuimsignalen van een school en verzuimmeldingen aan de leerplichtambtenaar"),
        (name = "zaken", description = "Zaken rond een kind, escalatie naar de partij met doorzettingsmacht, OOGO-afspraken en berichten"),
        (name = "vrijstellingen", description = "Het vrijstellingenregister van de gemeente (Leerplichtwet art. 5, 5a, 15), aanvragen 5 onder a met de toets op volledigheid, en de jaartelling van art. 25"),
        (name = "arrangementen", description = "Onderwijszorgarrangementen en minder onderwijstijd met toestemming van de inspectie, met herinneringen voor ze aflopen"),
        (name = "regels", description = "De regels van wet en beleid, met hun grondslag: leerplicht, wie is aan zet, EMB, vrijstelling, TLV")
    )
)]
pub struct ApiDoc;

struct BearerAuth;
impl utoipa::Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "sessie",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("Het token uit POST /sessions"))
                    .build(),
            ),
        );
    }
}

fn problem(description: &str) -> RefOr<Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build(),
    )
}

/// Adds the shared responses and headers to every operation.
pub fn finish(mut doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    for (path, item) in doc.paths.paths.iter_mut() {
        let public = path == "/sessions";
        // Evaluating a rule reads and writes nothing of the register.
        let register = !path.starts_with("/rules/");
        for method in [
            HttpMethod::Get,
            HttpMethod::Post,
            HttpMethod::Put,
            HttpMethod::Delete,
            HttpMethod::Patch,
        ] {
            let op: Option<&mut Operation> = match method {
                HttpMethod::Get => item.get.as_mut(),
                HttpMethod::Post => item.post.as_mut(),
                HttpMethod::Put => item.put.as_mut(),
                HttpMethod::Delete => item.delete.as_mut(),
                HttpMethod::Patch => item.patch.as_mut(),
                _ => None,
            };
            let Some(op) = op else { continue };
            let has_params = op.parameters.as_ref().is_some_and(|p| !p.is_empty());
            let responses = &mut op.responses.responses;
            for (status, response) in responses.iter_mut() {
                if (status.starts_with('2') || status.starts_with('3'))
                    && let RefOr::T(r) = response
                {
                    r.headers.insert(
                        "API-Version".into(),
                        HeaderBuilder::new()
                            .schema(utoipa::openapi::Object::with_type(
                                utoipa::openapi::Type::String,
                            ))
                            .description(Some("De volledige versie van de API, bijv. 1.0.0"))
                            .build(),
                    );
                }
            }
            let mut add = |status: &str, description: &str| {
                responses
                    .entry(status.to_owned())
                    .or_insert_with(|| problem(description));
            };
            if has_params || !matches!(method, HttpMethod::Get | HttpMethod::Delete) {
                add("400", "Ongeldige invoer; invalidParams noemt elk fout veld");
            }
            if public {
                add("401", "Onbekende gebruikersnaam of onjuist wachtwoord");
            } else {
                add("401", "Niet aangemeld of sessie verlopen");
                add("404", "Bestaat niet, of niet voor uw organisatie");
            }
            if !public && register && matches!(method, HttpMethod::Post | HttpMethod::Put) {
                add(
                    "403",
                    "Uw organisatie heeft een relatie, maar uw rol of die relatie staat dit niet toe",
                );
                add(
                    "409",
                    "Botst met het register (een dubbel gegeven of een verwijzing naar iets dat niet bestaat)",
                );
            }
            if matches!(method, HttpMethod::Put) {
                add("412", "Het gegeven is gewijzigd sinds u het las (If-Match)");
                add("428", "If-Match ontbreekt");
            }
            add("500", "Interne fout");
            add("503", "Opslag tijdelijk niet bereikbaar");
        }
    }
    doc
}
