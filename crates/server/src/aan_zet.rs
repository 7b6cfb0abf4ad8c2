//! "Wie is aan zet?": for every current need of a pupil, the rules engine's answer — which
//! law, who pays, by which route, and whom the parents should contact — with the
//! reasoning and its articles. This module turns the register into the rule's input.

use crate::AppState;
use crate::rules::ReasonRow;
use continuum_domain::Date;
use continuum_domain::ids::OrgId;
use continuum_domain::register::{Fact, NeedCategory, OrgDetails};
use continuum_rules::voorliggendheid::{
    IndicationRef, Need, Party, ResponsibilityFacts, Route, ZioAgreementRef, responsibility,
};
use continuum_store::PupilFile;
use std::collections::HashMap;
use std::sync::Arc;

/// The answer for one need: codes for programs, labels and the contact sentence for people.
pub struct NeedAnswer {
    pub domain_code: String,
    pub domain: String,
    pub payer_id: OrgId,
    pub payer_kind: String,
    pub payer: String,
    pub route_code: String,
    pub route: String,
    pub contact: String,
    pub steps: Vec<ReasonRow>,
}

/// One need and its answer, or why there is none (a missing fact, named).
pub struct AanZetRow {
    pub need_code: String,
    pub need: String,
    pub answer: Result<NeedAnswer, String>,
}

struct Orgs<'a> {
    state: &'a AppState,
    cache: HashMap<OrgId, Option<(String, OrgDetails)>>,
}

impl Orgs<'_> {
    async fn get(&mut self, id: OrgId) -> Option<(String, OrgDetails)> {
        if !self.cache.contains_key(&id) {
            let found = self
                .state
                .store
                .organisation(id)
                .await
                .ok()
                .map(|o| (o.record.name, o.record.details));
            self.cache.insert(id, found);
        }
        self.cache.get(&id).cloned().flatten()
    }
    async fn party(&mut self, id: OrgId) -> Option<Arc<Party>> {
        self.get(id)
            .await
            .map(|(name, _)| Arc::new(Party { id, name }))
    }
}

fn route_label(route: &Route<'_>) -> String {
    match route {
        Route::School => "via de school (onderwijsondersteuning)".to_owned(),
        Route::Collectief { agreement } => {
            format!("collectief, via de afspraak van de school ({agreement})")
        }
        Route::IndividueelZin => "individueel, als zorg in natura".to_owned(),
        Route::Pgb => "met een persoonsgebonden budget (pgb)".to_owned(),
    }
}

/// The answers for every need of the pupil that is current on `on`.
pub async fn answers(state: &AppState, file: &PupilFile, on: Date) -> Vec<AanZetRow> {
    let Ok(params) = crate::rules::params() else {
        return vec![AanZetRow {
            need_code: String::new(),
            need: "alle behoeften".into(),
            answer: Err("de regels konden niet worden geladen".into()),
        }];
    };
    let pupil = &file.pupil.record;
    let current = || {
        file.facts
            .iter()
            .map(|f| &f.record)
            .filter(|f| f.period.contains(on))
    };
    let mut orgs = Orgs {
        state,
        cache: HashMap::new(),
    };

    let municipality = orgs.get(pupil.municipality).await;
    let zorgkantoor = match municipality.as_ref().map(|(_, d)| d) {
        Some(OrgDetails::Gemeente { zorgkantoor, .. }) => orgs.party(*zorgkantoor).await,
        _ => None,
    };
    let municipality = municipality.map(|(name, _)| {
        Arc::new(Party {
            id: pupil.municipality,
            name,
        })
    });
    let insurer = match pupil.insurer {
        Some(i) => orgs.party(i).await,
        None => None,
    };
    let school_id = current().find_map(|f| match f.fact {
        Fact::Enrolment { school, .. } => Some(school),
        _ => None,
    });
    let (school, swv, zio_agreements) = match school_id {
        Some(id) => {
            let found = orgs.get(id).await;
            let swv = match found.as_ref().map(|(_, d)| d) {
                Some(OrgDetails::School { swv, .. }) => orgs.party(*swv).await,
                _ => None,
            };
            // An agreement covers the care categories it names, for the funders among its parties.
            let agreements = state
                .store
                .agreements_of_school(id)
                .await
                .unwrap_or_default();
            let zio = agreements
                .into_iter()
                .filter(|a| a.record.period.contains(on))
                .map(|a| ZioAgreementRef {
                    name: match a.record.period.end() {
                        Some(end) => format!(
                            "zorg in onderwijstijd, {} tot en met {}",
                            crate::web::nl_date(a.record.period.start()),
                            crate::web::nl_date(end)
                        ),
                        None => format!(
                            "zorg in onderwijstijd, vanaf {}",
                            crate::web::nl_date(a.record.period.start())
                        ),
                    },
                    funders: a.record.parties.iter().map(|p| p.organisation).collect(),
                    categories: a.record.categories,
                })
                .collect();
            (
                found.map(|(name, _)| Arc::new(Party { id, name })),
                swv,
                zio,
            )
        }
        None => (None, None, Vec::new()),
    };
    let indications: Vec<IndicationRef> = current()
        .filter_map(|f| match f.fact {
            Fact::Indication {
                law,
                funder,
                delivery,
                category,
                ..
            } => Some(IndicationRef {
                law,
                funder,
                delivery,
                category,
            }),
            _ => None,
        })
        .collect();

    let mut rows = Vec::new();
    for f in current() {
        let Fact::Need { category, .. } = f.fact else {
            continue;
        };
        let facts = ResponsibilityFacts {
            need: Need {
                category,
                education_related: category == NeedCategory::Onderwijsondersteuning,
                medical: matches!(
                    category,
                    NeedCategory::Verpleging | NeedCategory::Geneeskundig
                ),
            },
            birth_date: pupil.birth_date,
            indications: indications.clone(),
            municipality: municipality.clone(),
            insurer: insurer.clone(),
            zorgkantoor: zorgkantoor.clone(),
            school: school.clone(),
            swv: swv.clone(),
            zio_agreements: zio_agreements.clone(),
        };
        let mut trace = continuum_rules::Trace::default();
        let answer = match responsibility(&facts, on, params, &mut trace) {
            Ok(r) => Ok(NeedAnswer {
                domain_code: serde_json::to_value(r.domain)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                domain: r.domain.label().to_owned(),
                payer_id: r.payer.id,
                payer_kind: r.payer.kind.label().to_owned(),
                payer: r.payer.name.to_owned(),
                route_code: r.route.code().to_owned(),
                route: route_label(&r.route),
                contact: r.contact(),
                steps: trace
                    .steps
                    .into_iter()
                    .map(|s| ReasonRow::from_step(s, on))
                    .collect(),
            }),
            Err(e) => Err(e.to_string()),
        };
        rows.push(AanZetRow {
            need_code: category.code().to_owned(),
            need: category.label().to_owned(),
            answer,
        });
    }
    rows
}
