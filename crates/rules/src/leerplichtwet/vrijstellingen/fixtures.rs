//! What the tests of the vrijstellingenregister start from: a complete request and the
//! exemption it becomes (5 onder a, notified 2026-06-15 by a parent, statement of 2026-05-01
//! by a designated physician who does not treat the child, for 2026-08-01 to 2028-07-31).

#![allow(clippy::unwrap_used)] // tests: fail loudly

use continuum_domain::Date;
use continuum_domain::exemption::{
    Casusregisseur, DevelopmentOffer, Dossier5a, EducationalPerspective, Evaluation, Exemption,
    ExemptionGround, ExemptionRequest, Notification, Statement5a, StatementBy,
};
use continuum_domain::ids::{OrgId, PupilId};
use continuum_domain::period::Period;
use continuum_domain::register::HoursPerWeek;

pub fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

pub fn statement(date: Date) -> Statement5a {
    Statement5a {
        by: StatementBy::Arts,
        name: "dr. A. Jansen (jeugdarts GGD)".to_owned(),
        designated_by_municipality: true,
        treating_physician: false,
        date,
        never_fit: false,
    }
}

pub fn request() -> ExemptionRequest {
    let notification = Notification {
        received_on: d(2026, 6, 15),
        by_parent: true,
        period: Period::new(d(2026, 8, 1), Some(d(2028, 7, 31))).unwrap(),
    };
    let mut r = ExemptionRequest::new(PupilId::from_u128(7), OrgId::from_u128(1), notification);
    r.statement = Some(statement(d(2026, 5, 1)));
    r.perspective = Some(EducationalPerspective {
        swv: OrgId::from_u128(2),
        date: d(2026, 5, 20),
        summary: "Op dit moment geen passend aanbod in de regio.".to_owned(),
    });
    r.casusregisseur = Some(Casusregisseur {
        name: "J. de Vries (leerplichtambtenaar)".to_owned(),
        organisation: OrgId::from_u128(1),
    });
    r.evaluations = vec![Evaluation::planned(d(2027, 2, 1))];
    r.development_offers = vec![DevelopmentOffer {
        provider: Some(OrgId::from_u128(30)),
        description: "Zorgboerderij De Hoeve: dagbesteding met leeractiviteiten".to_owned(),
        hours_per_week: HoursPerWeek(1600),
        from: d(2026, 8, 1),
    }];
    r
}

pub fn exemption() -> Exemption {
    let r = request();
    Exemption {
        pupil: r.pupil,
        municipality: r.municipality,
        ground: ExemptionGround::Art5OnderA,
        period: r.notification.period,
        notified_on: r.notification.received_on,
        renewals: Vec::new(),
        dossier: Some(Dossier5a {
            statement: r.statement.unwrap(),
            perspective: r.perspective.unwrap(),
            casusregisseur: r.casusregisseur.unwrap(),
            evaluations: r.evaluations,
            development_offers: r.development_offers,
        }),
    }
}
