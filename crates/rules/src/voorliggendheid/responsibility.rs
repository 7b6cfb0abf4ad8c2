//! Which law applies to a need, who pays, by which route, and where the parents go — in the
//! order of DOMAIN §3.3 (voorliggendheid), one trace step per check:
//!
//! 1. Onderwijsondersteuning belongs to the school and its SWV (WPO art. 18a; seed 004),
//!    never to a care law.
//! 2. A Wlz indication goes before the Jeugdwet and the Zvw for guidance, personal care and
//!    nursing (Wlz art. 3.2.1; Jeugdwet art. 1.2 lid 1). Payer: the zorgkantoor of the region.
//! 3. Zvw: nursing, medical and paramedical care, and personal care tied to a medical need
//!    (Zvw art. 10). Payer: the insurer (art. 11 lid 1).
//! 4. Jeugdwet for a jeugdige, under 18 (art. 1.1, parameter `jeugdwet.jeugdige_age_limit`).
//!    Payer: the municipality of the woonplaats (art. 2.3 lid 1).
//! 5. Wmo 2015 from 18. Payer: the municipality of residence (Wmo 2015 art. 2.1.1).
//!
//! Route: PGB when the indication under that law is a PGB (Jeugdwet art. 8.1.1, Wlz art.
//! 3.3.3, Wmo 2015 art. 2.3.6; Zvw: the policy, seed 004); else collectively when a ZiO
//! agreement of the school covers this need category and this payer (seeds 000, 001, 004);
//! else individual zorg in natura.
//!
//! Article numbers to verify against the law text (docs/rules.md, "To verify"): Wlz art.
//! 3.2.1 and 3.3.3, Jeugdwet art. 1.2 lid 1 (the onderdeel), Wmo 2015 art. 2.1.1 and 2.3.6.
//! DOMAIN §3.3 also names "Zvw art. 2.1" for the Wlz going first; the Zvw has no article 2.1
//! (it numbers 1, 2, 3, …), so the Zvw side is not cited until it is found. The zorgkantoor
//! as the regional Wlz payer cites seed 004 until the Wlz article is verified.
//! Cases: `responsibility.cases.toml` beside this file.

use super::facts::{
    Domain, IndicationRef, Need, Party, Payer, PayerKind, Responsibility, ResponsibilityFacts,
    Route,
};
use crate::citation::{Citation, Law};
use crate::dates::birthday;
use crate::error::RuleError;
use crate::params::Params;
use crate::trace::{Step, Tracer};
use continuum_domain::Date;
use continuum_domain::register::{CareLaw, DeliveryForm, NeedCategory};

const ONDERWIJS_POLICY: &str = "seed 004";
const ZIO_POLICY: &str = "seed 000; seed 001; seed 004";

fn yes_no(b: bool) -> &'static str {
    if b { "ja" } else { "nee" }
}

/// Who is "aan zet" for `facts.need` on `on`, with the reasoning in `trace`.
pub fn responsibility<'a, T: Tracer>(
    facts: &'a ResponsibilityFacts,
    on: Date,
    p: &Params,
    trace: &mut T,
) -> Result<Responsibility<'a>, RuleError> {
    if on < facts.birth_date {
        let reason = format!("{on} ligt voor de geboortedatum {}", facts.birth_date);
        return Err(RuleError::invalid("on", reason));
    }
    let need = facts.need;

    // 1. Onderwijsondersteuning.
    let education = need.category == NeedCategory::Onderwijsondersteuning || need.education_related;
    trace.step(|| {
        Step::new(
            "Hoort deze ondersteuning bij het onderwijs?",
            Citation::policy(ONDERWIJS_POLICY),
        )
        .input("behoefte", need.category.label())
        .input(
            "onderdeel van het onderwijs",
            yes_no(need.education_related),
        )
        .outcome(if education {
            "ja: onderwijsondersteuning, de school en het samenwerkingsverband zijn aan zet"
        } else {
            "nee: zorg, verder met de zorgwetten"
        })
    });
    if education {
        return onderwijs(facts, trace);
    }

    // 2. Wlz: guidance, personal care, nursing and related treatment; medical and
    // paramedical care of a child living at home stay with the Zvw.
    let wlz = facts.indications.iter().any(|i| i.law == CareLaw::Wlz);
    let wlz_care = !matches!(
        need.category,
        NeedCategory::Geneeskundig | NeedCategory::Paramedisch
    );
    trace.step(|| {
        Step::new(
            "Heeft het kind een Wlz-indicatie die deze zorg dekt?",
            Citation::law(Law::Wlz, "3.2.1", Some(1), None),
        )
        .input("Wlz-indicatie", yes_no(wlz))
        .input("behoefte", need.category.label())
        .outcome(match (wlz, wlz_care) {
            (true, true) => "ja: de Wlz gaat voor",
            (true, false) => "nee: deze zorg valt niet onder de Wlz-indicatie",
            (false, _) => "nee: geen Wlz-indicatie",
        })
    });
    if wlz && wlz_care {
        trace.step(|| {
            Step::new(
                "De Wlz gaat voor de Jeugdwet",
                Citation::law(Law::Jeugdwet, "1.2", Some(1), None),
            )
            .outcome("geen jeugdhulp voor zorg die de Wlz dekt")
        });
        return care(Domain::Wlz, facts, trace);
    }

    // 3. Zvw.
    let zvw = match need.category {
        NeedCategory::Verpleging | NeedCategory::Geneeskundig | NeedCategory::Paramedisch => true,
        NeedCategory::Verzorging => need.medical,
        _ => false,
    };
    trace.step(|| {
        Step::new(
            "Is dit verpleging, geneeskundige of paramedische zorg, of verzorging bij een medische behoefte?",
            Citation::law(Law::Zvw, "10", None, None),
        )
        .input("behoefte", need.category.label())
        .input("medische behoefte", yes_no(need.medical))
        .outcome(if zvw {
            "ja: Zorgverzekeringswet"
        } else {
            "nee"
        })
    });
    if zvw {
        return care(Domain::Zvw, facts, trace);
    }

    // 4 and 5. Jeugdwet for a jeugdige, else Wmo 2015.
    let limit = p.jeugdwet.jeugdige_age_limit.at(on)?;
    let adult_on = birthday(facts.birth_date, limit.value)?;
    let jeugdige = on < adult_on;
    trace.step(|| {
        Step::new(
            "Is het kind een jeugdige (jonger dan 18)?",
            limit.cite.clone(),
        )
        .input("geboortedatum", facts.birth_date)
        .input("peildatum", on)
        .input("leeftijdsgrens", limit.value)
        .outcome(if jeugdige {
            format!("ja, tot {adult_on}: Jeugdwet")
        } else {
            format!("nee, volwassen sinds {adult_on}: Wmo 2015")
        })
    });
    care(
        if jeugdige {
            Domain::Jeugdwet
        } else {
            Domain::Wmo
        },
        facts,
        trace,
    )
}

/// The school and its SWV: the SWV pays, the parents talk to the school.
fn onderwijs<'a, T: Tracer>(
    facts: &'a ResponsibilityFacts,
    trace: &mut T,
) -> Result<Responsibility<'a>, RuleError> {
    let swv = required(&facts.swv, "swv", "swv.name", Domain::Onderwijs)?;
    let school = facts.school.as_ref().map(|s| s.name.as_str());
    trace.step(|| {
        Step::new(
            "Wie betaalt: het samenwerkingsverband van de school",
            Citation::law(Law::Wpo, "18a", None, None),
        )
        .input("school", school.unwrap_or("onbekend"))
        .outcome(&swv.name)
    });
    Ok(Responsibility {
        domain: Domain::Onderwijs,
        payer: Payer {
            kind: PayerKind::Swv,
            id: swv.id,
            name: &swv.name,
        },
        route: Route::School,
        has_indication: false,
        school,
    })
}

/// Payer and route under a care law.
fn care<'a, T: Tracer>(
    domain: Domain,
    facts: &'a ResponsibilityFacts,
    trace: &mut T,
) -> Result<Responsibility<'a>, RuleError> {
    let (party, kind, field, name_field) = match domain {
        Domain::Wlz => (
            &facts.zorgkantoor,
            PayerKind::Zorgkantoor,
            "zorgkantoor",
            "zorgkantoor.name",
        ),
        Domain::Zvw => (
            &facts.insurer,
            PayerKind::Zorgverzekeraar,
            "insurer",
            "insurer.name",
        ),
        _ => (
            &facts.municipality,
            PayerKind::Gemeente,
            "municipality",
            "municipality.name",
        ),
    };
    let party = required(party, field, name_field, domain)?;
    trace.step(|| {
        Step::new(payer_question(domain), payer_basis(domain))
            .input("soort financier", kind.label())
            .outcome(&party.name)
    });

    let need = facts.need;
    let law = domain.care_law();
    // An indication under this law, the one for this category first.
    let indication = facts
        .indications
        .iter()
        .filter(|i| Some(i.law) == law)
        .min_by_key(|i| i.category != need.category);
    let route = route(facts, need, party, indication, domain, trace);
    Ok(Responsibility {
        domain,
        payer: Payer {
            kind,
            id: party.id,
            name: &party.name,
        },
        route,
        has_indication: indication.is_some(),
        school: None,
    })
}

fn route<'a, T: Tracer>(
    facts: &'a ResponsibilityFacts,
    need: Need,
    payer: &Party,
    indication: Option<&IndicationRef>,
    domain: Domain,
    trace: &mut T,
) -> Route<'a> {
    if let Some(ind) = indication {
        let pgb = ind.delivery == DeliveryForm::Pgb;
        trace.step(|| {
            Step::new(
                "Is de indicatie een persoonsgebonden budget?",
                pgb_basis(domain),
            )
            .input("leveringsvorm", ind.delivery.code())
            .outcome(if pgb {
                "ja: pgb"
            } else {
                "nee: zorg in natura"
            })
        });
        if pgb {
            return Route::Pgb;
        }
    }
    let agreement = facts
        .zio_agreements
        .iter()
        .find(|a| a.categories.contains(&need.category) && a.funders.contains(&payer.id));
    trace.step(|| {
        Step::new(
            "Dekt een ZiO-afspraak van de school deze zorg en deze financier?",
            Citation::policy(ZIO_POLICY),
        )
        .input("afspraken van de school", facts.zio_agreements.len())
        .input("behoefte", need.category.label())
        .input("financier", &payer.name)
        .outcome(match agreement {
            Some(a) => format!("ja: collectief via {}", a.name),
            None => "nee: individuele zorg in natura".to_owned(),
        })
    });
    match agreement {
        Some(a) => Route::Collectief { agreement: &a.name },
        None => Route::IndividueelZin,
    }
}

fn required<'a>(
    party: &'a Option<std::sync::Arc<Party>>,
    field: &'static str,
    name_field: &'static str,
    domain: Domain,
) -> Result<&'a Party, RuleError> {
    let Some(party) = party.as_deref() else {
        let article = if domain == Domain::Onderwijs {
            ""
        } else {
            "de "
        };
        let reason = format!("ontbreekt; nodig omdat deze behoefte onder {article}{domain} valt");
        return Err(RuleError::invalid(field, reason));
    };
    if party.name.trim().is_empty() {
        return Err(RuleError::invalid(
            name_field,
            "een naam is nodig voor de ouders",
        ));
    }
    Ok(party)
}

fn payer_question(domain: Domain) -> &'static str {
    match domain {
        Domain::Wlz => "Wie betaalt: het zorgkantoor van de regio waar het kind woont",
        Domain::Zvw => "Wie betaalt: de zorgverzekeraar van het kind",
        Domain::Jeugdwet => "Wie betaalt: de gemeente waar het kind woont (woonplaats)",
        _ => "Wie betaalt: de gemeente waar de jongere woont",
    }
}

fn payer_basis(domain: Domain) -> Citation {
    match domain {
        // The zorgkantoor regions: Wlz article not verified (4.2.4?); the seed says it.
        Domain::Wlz => Citation::policy(ONDERWIJS_POLICY),
        Domain::Zvw => Citation::law(Law::Zvw, "11", Some(1), None),
        Domain::Jeugdwet => Citation::law(Law::Jeugdwet, "2.3", Some(1), None),
        Domain::Wmo => Citation::law(Law::Wmo, "2.1.1", None, None),
        Domain::Onderwijs => Citation::law(Law::Wpo, "18a", None, None),
    }
}

fn pgb_basis(domain: Domain) -> Citation {
    match domain {
        Domain::Wlz => Citation::law(Law::Wlz, "3.3.3", None, None),
        Domain::Jeugdwet => Citation::law(Law::Jeugdwet, "8.1.1", None, None),
        Domain::Wmo => Citation::law(Law::Wmo, "2.3.6", None, None),
        // A Zvw pgb (verpleging en verzorging) rests on the insurer's policy terms.
        Domain::Zvw | Domain::Onderwijs => Citation::policy(ONDERWIJS_POLICY),
    }
}

#[cfg(test)]
#[path = "responsibility_tests.rs"]
mod tests;
