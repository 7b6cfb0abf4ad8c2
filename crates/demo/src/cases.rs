//! Cases and the OOGO agreements on doorzettingsmacht for the demo region: one agreement
//! per SWV (all municipalities of the region, the SWV for education, the child's own
//! municipality for youth help, 6 weeks), and two cases of the demo municipality's
//! leerplichtambtenaar about pupils of the demo school — a thuiszitter without an offer
//! since September (the escalation job escalates it to the SWV when the demo starts) and a
//! zorgplicht case that is still within its term.

use continuum_domain::Date;
use continuum_domain::case::{CaseEvent, CaseType, OogoEscalation, YouthHelpHolder};
use continuum_domain::ids::{ActionId, CaseId, OrgId, PupilId};
use continuum_domain::register::Fact;

use crate::builder::{Builder, date};
use crate::region::Region;

/// A case to record after the import: each event with the organisation that records it.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoCase {
    pub id: CaseId,
    pub events: Vec<(OrgId, CaseEvent)>,
}

pub(crate) fn oogo(r: &Region) -> Vec<OogoEscalation> {
    let municipalities: Vec<OrgId> = r.munis.iter().map(|m| m.id).collect();
    [r.swv_po, r.swv_vo]
        .into_iter()
        .filter_map(|swv| {
            OogoEscalation::new(
                swv,
                municipalities.clone(),
                swv,
                YouthHelpHolder::Woonplaats,
                6,
                "Regionale geschillencommissie OOGO Midden-Brabant: een onafhankelijke voorzitter en een lid namens gemeenten en samenwerkingsverband; uitspraak binnen 6 weken".to_owned(),
            )
            .ok()
        })
        .collect()
}

/// Pupils of `school` living in `municipality` today.
fn pupils_of(b: &Builder, school: OrgId, municipality: OrgId, on: Date) -> Vec<PupilId> {
    b.batch
        .pupils
        .iter()
        // Leerplichtig: at least 6 on the day the cases start.
        .filter(|(_, p)| p.municipality == municipality && p.birth_date <= date(2020, 9, 1))
        .filter(|(id, _)| {
            b.batch.facts.iter().any(|(_, f)| {
                f.pupil == *id
                    && f.period.contains(on)
                    && matches!(f.fact, Fact::Enrolment { school: s, .. } if s == school)
            })
        })
        .map(|(id, _)| *id)
        .collect()
}

pub(crate) fn cases(b: &Builder, r: &Region, school: OrgId, municipality: OrgId) -> Vec<DemoCase> {
    let today = date(2026, 11, 23);
    let pupils = pupils_of(b, school, municipality, today);
    let (Some(&first), Some(&second)) = (pupils.first(), pupils.get(1)) else {
        return Vec::new();
    };
    let thuiszitter = DemoCase {
        id: CaseId::from_u128(0xCA5E_0001),
        events: vec![
            (municipality, CaseEvent::Opened {
                case_type: CaseType::Thuiszitter,
                pupil: first,
                municipality,
                registered_on: date(2026, 9, 7),
                reason: "Sinds de zomervakantie niet meer op school; melding langdurig relatief verzuim van de school".into(),
            }),
            (municipality, CaseEvent::RegisseurNamed { name: "Karim El Amrani".into(), org: municipality }),
            (municipality, CaseEvent::PartyInvolved { org: school, role: "school".into() }),
            (municipality, CaseEvent::ParentsInvolved { note: "Huisbezoek met moeder en vader".into() }),
            (municipality, CaseEvent::ConsentRecorded { given: true, scope: "gegevens delen met school en samenwerkingsverband".into(), on: date(2026, 9, 14) }),
            (municipality, CaseEvent::PupilHeard { view: "De klas is te druk. Ik wil wel leren, maar in een kleine groep.".into(), on: date(2026, 9, 14) }),
            (municipality, CaseEvent::ActionAgreed {
                action: ActionId::from_u128(0xAC_0001),
                description: "Onderwijskundig rapport en wat de school nog kan bieden".into(),
                owner: school,
                deadline: date(2026, 10, 2),
            }),
            (school, CaseEvent::ActionDone { action: ActionId::from_u128(0xAC_0001), on: date(2026, 10, 1) }),
            (municipality, CaseEvent::StatusChanged { to: continuum_domain::case::CaseStatus::InBehandeling, note: "rapport ontvangen, passende plek gezocht".into() }),
        ],
    };
    let zorgplicht = DemoCase {
        id: CaseId::from_u128(0xCA5E_0002),
        events: vec![
            (
                school,
                CaseEvent::Opened {
                    case_type: CaseType::Zorgplicht,
                    pupil: second,
                    municipality,
                    registered_on: date(2026, 11, 9),
                    reason:
                        "Aanmelding voor het volgende schooljaar; de school zoekt een passende plek"
                            .into(),
                },
            ),
            (
                school,
                CaseEvent::PartyInvolved {
                    org: r.swv_po,
                    role: "onderwijsconsulent".into(),
                },
            ),
            (
                school,
                CaseEvent::ActionAgreed {
                    action: ActionId::from_u128(0xAC_0002),
                    description: "Toelaatbaarheidsverklaring aanvragen".into(),
                    owner: r.swv_po,
                    deadline: date(2026, 12, 4),
                },
            ),
        ],
    };
    vec![thuiszitter, zorgplicht]
}
