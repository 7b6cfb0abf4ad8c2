//! The vrijstellingenregister of the demo municipality and the arrangements of the demo
//! school, so the pages show something: an exemption under art. 5 onder a with its full
//! dossier (statement, perspective, casusregisseur, evaluations, development offer, a
//! renewal), one under art. 5 onder b whose yearly renewal for 2026-2027 is missing, one
//! under art. 15, a request still waiting for the SWV's perspective (that child, enrolled
//! nowhere and not exempt, is absoluut verzuim), and at the school reduced teaching time
//! whose permission ends within the reminder period, and a group arrangement.
//!
//! The pupils of the register are added to the batch; the records themselves are stored
//! by the caller through the store's use cases (and for art. 5 onder a through the rules
//! engine's gate), as a leerplichtambtenaar and a school would, so they are audited.

use continuum_domain::arrangement::{Arrangement, ArrangementKind, Permission, ReducedTime};
use continuum_domain::exemption::{
    Casusregisseur, DevelopmentOffer, EducationalPerspective, Evaluation, Exemption,
    ExemptionGround, ExemptionRequest, Notification, Renewal, Statement5a, StatementBy,
};
use continuum_domain::ids::{ArrangementId, ExemptionId, OrgId, PupilId};
use continuum_domain::period::{Period, SchoolYear};
use continuum_domain::register::{Fact, HoursPerWeek, OrgDetails, OrgKind, SchoolType};

use crate::absence::UNTIL;
use crate::builder::{Builder, SCHOOL_YEAR, date, school_year, span};

/// What the demo stores in the register after the import, in this order: the requests
/// (registered through the gate when `register` is set), then the renewals, the other
/// exemptions and the arrangements.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DemoRegister {
    /// The municipality whose leerplichtambtenaar registers (the gemeente login's).
    pub municipality: Option<OrgId>,
    /// The school that records the arrangements (the school login's).
    pub school: Option<OrgId>,
    pub requests: Vec<DemoRequest>,
    /// Renewals of registered requests, by the request's id.
    pub renewals: Vec<(ExemptionId, Renewal)>,
    /// Exemptions on grounds without a dossier, with the renewals received.
    pub exemptions: Vec<(ExemptionId, Exemption)>,
    pub arrangements: Vec<(ArrangementId, Arrangement)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoRequest {
    pub id: ExemptionId,
    pub request: ExemptionRequest,
    /// Register it (through the completeness check) once stored.
    pub register: bool,
}

fn first_of(b: &Builder, kind: OrgKind) -> Option<OrgId> {
    b.batch
        .organisations
        .iter()
        .find(|(_, o)| o.details.kind() == kind)
        .map(|(id, _)| *id)
}

fn statement(name: &str, on: continuum_domain::Date) -> Statement5a {
    Statement5a {
        by: StatementBy::Arts,
        name: name.into(),
        designated_by_municipality: true,
        treating_physician: false,
        date: on,
        never_fit: false,
    }
}

/// Adds the register's pupils to the batch and returns what to store.
pub(crate) fn add(b: &mut Builder, municipality: OrgId, school: OrgId) -> Option<DemoRegister> {
    let insurer = first_of(b, OrgKind::Zorgverzekeraar)?;
    let provider = first_of(b, OrgKind::Zorgaanbieder)?;
    let swv = b
        .batch
        .organisations
        .iter()
        .find_map(|(id, o)| match o.details {
            OrgDetails::School { swv, .. } if *id == school => Some(swv),
            _ => None,
        })?;
    let mut reg = DemoRegister {
        municipality: Some(municipality),
        school: Some(school),
        ..DemoRegister::default()
    };
    let new_id = |b: &mut Builder| ExemptionId::from_u128(b.rng.u128(..));

    // Art. 5 onder a, the whole dossier; she went to the demo school until summer 2025.
    let mila = b.pupil(10, municipality, insurer)?;
    b.fact(
        mila.id,
        span(date(2021, 8, 1), date(2025, 7, 31)),
        Fact::Enrolment {
            school,
            class: None,
        },
    );
    let id = new_id(b);
    let mut req = ExemptionRequest::new(
        mila.id,
        municipality,
        Notification {
            received_on: date(2025, 7, 3),
            by_parent: true,
            period: Period::from(date(2025, 9, 1)),
        },
    );
    req.statement = Some(statement(
        "drs. H. Verbeek, jeugdarts GGD Hart voor Brabant",
        date(2025, 6, 12),
    ));
    req.perspective = Some(EducationalPerspective {
        swv,
        date: date(2025, 7, 10),
        summary: "Geen school in de regio kan nu aansluiten bij wat dit kind nodig heeft; eerst zorg, met leeractiviteiten in de zorgomgeving.".into(),
    });
    req.casusregisseur = Some(Casusregisseur {
        name: "Karim El Amrani".into(),
        organisation: municipality,
    });
    req.evaluations = vec![
        Evaluation {
            planned_on: date(2026, 3, 2),
            held_on: Some(date(2026, 3, 2)),
            outcome: Some(
                "Vrijstelling blijft nodig; leeractiviteiten op de zorgboerderij uitbreiden."
                    .into(),
            ),
        },
        Evaluation::planned(date(2026, 12, 7)),
    ];
    req.development_offers = vec![DevelopmentOffer {
        provider: Some(provider),
        description: "Zorgboerderij De Hoeve: dagbesteding met leeractiviteiten".into(),
        hours_per_week: HoursPerWeek(1_200),
        from: date(2025, 9, 1),
    }];
    reg.requests.push(DemoRequest {
        id,
        request: req,
        register: true,
    });
    reg.renewals.push((
        id,
        Renewal {
            school_year: SCHOOL_YEAR,
            notified_on: date(2026, 6, 10),
            by_parent: true,
            statement: Some(statement(
                "drs. H. Verbeek, jeugdarts GGD Hart voor Brabant",
                date(2026, 5, 20),
            )),
        },
    ));

    // Art. 5 onder b: renewed for 2025-2026, the renewal for 2026-2027 never came.
    let thijs = b.pupil(8, municipality, insurer)?;
    let mut ex = Exemption::without_dossier(
        thijs.id,
        municipality,
        ExemptionGround::Art5OnderB,
        Period::from(date(2024, 8, 1)),
        date(2024, 6, 14),
    )
    .ok()?;
    ex.renewals.push(Renewal {
        school_year: SchoolYear(SCHOOL_YEAR.0 - 1),
        notified_on: date(2025, 6, 23),
        by_parent: true,
        statement: None,
    });
    reg.exemptions.push((new_id(b), ex));

    // Art. 15: a young person with enough education elsewhere, during kwalificatieplicht.
    let sem = b.pupil(17, municipality, insurer)?;
    let ex = Exemption::without_dossier(
        sem.id,
        municipality,
        ExemptionGround::Art15,
        span(date(2025, 10, 1), date(2027, 7, 31)),
        date(2025, 9, 15),
    )
    .ok()?;
    reg.exemptions.push((new_id(b), ex));

    // A request waiting for the SWV's educational perspective: not exempt yet.
    let lotte = b.pupil(7, municipality, insurer)?;
    let mut req = ExemptionRequest::new(
        lotte.id,
        municipality,
        Notification {
            received_on: date(2026, 10, 27),
            by_parent: true,
            period: span(date(2026, 12, 1), date(2027, 11, 30)),
        },
    );
    req.statement = Some(statement(
        "M. Koster, jeugdarts GGD Hart voor Brabant",
        date(2026, 10, 20),
    ));
    let id = new_id(b);
    reg.requests.push(DemoRequest {
        id,
        request: req,
        register: false,
    });

    // The school's arrangements.
    let mut pupils: Vec<PupilId> = Vec::new();
    for (_, f) in &b.batch.facts {
        if let Fact::Enrolment { school: s, .. } = f.fact
            && s == school
            && f.period == school_year()
            && !pupils.contains(&f.pupil)
        {
            pupils.push(f.pupil);
        }
    }
    let (first, group) = pupils.split_first()?;
    let permission = span(date(2026, 9, 1), date(2027, 1, 8));
    reg.arrangements.push((
        ArrangementId::from_u128(b.rng.u128(..)),
        Arrangement {
            kind: ArrangementKind::OnderwijstijdOntheffing,
            school,
            pupils: vec![*first],
            partners: Vec::new(),
            period: permission,
            description: "Vier ochtenden per week op school, de middagen thuis met zorg; opbouw na een lange ziekenhuisopname.".into(),
            reduced_time: Some(ReducedTime {
                school_type: SchoolType::So,
                teaching_hours_per_week: HoursPerWeek(1_500),
                permissions: vec![Permission {
                    period: permission,
                    granted_on: date(2026, 8, 25),
                    reference: "INSP-2026-0318".into(),
                }],
            }),
        },
    ));
    reg.arrangements.push((
        ArrangementId::from_u128(b.rng.u128(..)),
        Arrangement {
            kind: ArrangementKind::Groep,
            school,
            pupils: group.iter().take(3).copied().collect(),
            partners: vec![swv, provider, municipality],
            period: school_year(),
            description: "Woensdagochtend op zorgboerderij De Hoeve, met leerdoelen uit het ontwikkelingsperspectief.".into(),
            reduced_time: None,
        },
    ));
    let named: Vec<PupilId> = reg
        .arrangements
        .iter()
        .flat_map(|(_, a)| a.pupils.iter().copied())
        .collect();
    thuiszitter(b, municipality, school, &named);
    Some(reg)
}

/// One pupil of the school who lives in the municipality stays home without a valid
/// reason from 5 October 2026 on: more than four weeks by the end of the demo's absence,
/// a thuiszitter (langdurig relatief verzuim) in the school's signals and in the
/// municipality's yearly count.
fn thuiszitter(b: &mut Builder, municipality: OrgId, school: OrgId, avoid: &[PupilId]) {
    use continuum_domain::absence::{Absence, AbsenceKind};
    let Ok(calendar) = continuum_verzuim::Calendar::embedded() else {
        return;
    };
    let Ok(days) = calendar.school_days(SCHOOL_YEAR, continuum_verzuim::Region::Zuid, None) else {
        return;
    };
    let (from, until) = (date(2026, 10, 5), date(UNTIL.0, UNTIL.1, UNTIL.2));
    let with_absence: Vec<PupilId> = b.batch.absences.iter().map(|(p, _)| *p).collect();
    let Some(pupil) = b
        .batch
        .facts
        .iter()
        .filter_map(|(_, f)| match f.fact {
            Fact::Enrolment { school: s, .. } if s == school && f.period == school_year() => {
                Some(f.pupil)
            }
            _ => None,
        })
        .find(|p| {
            !avoid.contains(p)
                && !with_absence.contains(p)
                && b.batch
                    .pupils
                    .iter()
                    .any(|(id, x)| id == p && x.municipality == municipality)
        })
    else {
        return;
    };
    for d in days.into_iter().filter(|d| from <= *d && *d <= until) {
        b.batch.absences.push((
            pupil,
            Absence {
                date: d,
                minutes: 330,
                kind: AbsenceKind::Ongeoorloofd,
            },
        ));
    }
}
