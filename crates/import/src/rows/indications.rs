//! `indications.csv`: a funder's decision granting care. The funder's kind follows from
//! the law: a zorgkantoor for the Wlz, an insurer for the Zvw, a gemeente for the Jeugdwet
//! and the Wmo (DOMAIN §3.3).

use super::{Ctx, org, pupil, push_fact};
use crate::error::FieldError;
use crate::export::{Out, Refs};
use crate::row::{self, Col, Row, required};
use continuum_domain::register::{
    CareLaw, DeliveryForm, Fact, HoursPerWeek, NeedCategory, OrgKind,
};

pub(crate) const COLS: &[Col] = &[
    Col::required("pgn", "pgn"),
    Col::required("law", "law"),
    Col::required("funder", "funder"),
    Col::required("delivery", "delivery"),
    Col::required("category", "category"),
    Col::required("hours_per_week", "hoursPerWeek"),
    Col::required("hours_in_school_time", "hoursInSchoolTime"),
    Col::required("valid_from", "validFrom"),
    Col::optional("valid_until", "validUntil"),
];
const PGN: usize = 0;
const LAW: usize = 1;
const FUNDER: usize = 2;
const DELIVERY: usize = 3;
const CATEGORY: usize = 4;
const HOURS: usize = 5;
const HOURS_IN_SCHOOL: usize = 6;
const FROM: usize = 7;
const UNTIL: usize = 8;

pub(crate) fn funder_kind(law: CareLaw) -> OrgKind {
    match law {
        CareLaw::Wlz => OrgKind::Zorgkantoor,
        CareLaw::Zvw => OrgKind::Zorgverzekeraar,
        CareLaw::Jeugdwet | CareLaw::Wmo => OrgKind::Gemeente,
    }
}

pub(crate) fn category(r: &dyn Row, col: usize) -> Result<NeedCategory, FieldError> {
    let codes: Vec<&str> = NeedCategory::ALL.iter().map(NeedCategory::code).collect();
    row::code(r, col, NeedCategory::parse, &codes.join(", "))
}

fn hours(r: &dyn Row, col: usize) -> Result<HoursPerWeek, FieldError> {
    HoursPerWeek::parse(required(r, col)?).map_err(|e| FieldError::new(col, e))
}

pub(crate) fn row(r: &dyn Row, ctx: &mut Ctx) -> Result<(), FieldError> {
    let pupil = pupil(r, PGN, ctx.known)?;
    let law = row::code(r, LAW, CareLaw::parse, "wlz, zvw, jeugdwet of wmo")?;
    let funder = org(r, FUNDER, funder_kind(law), ctx.known)?;
    let delivery = row::code(r, DELIVERY, DeliveryForm::parse, "zin of pgb")?;
    let category = category(r, CATEGORY)?;
    if category == NeedCategory::Onderwijsondersteuning {
        return Err(FieldError::new(
            CATEGORY,
            "onderwijsondersteuning valt onder geen zorgwet",
        ));
    }
    let hours_per_week = hours(r, HOURS)?;
    let hours_in_school_time = hours(r, HOURS_IN_SCHOOL)?;
    if hours_in_school_time > hours_per_week {
        return Err(FieldError::new(
            HOURS_IN_SCHOOL,
            format!("{hours_in_school_time} uur is meer dan de {hours_per_week} uur per week"),
        ));
    }
    let period = row::period(r, FROM, UNTIL, None)?;
    let fact = Fact::Indication {
        law,
        funder,
        delivery,
        category,
        hours_per_week,
        hours_in_school_time,
    };
    push_fact(ctx, pupil, period, fact);
    Ok(())
}

/// `law` … `hours_in_school_time`.
pub(crate) fn export(fact: &Fact, refs: &Refs) -> Result<Vec<Out>, String> {
    let Fact::Indication {
        law,
        funder,
        delivery,
        category,
        hours_per_week,
        hours_in_school_time,
    } = fact
    else {
        return Ok(Vec::new());
    };
    Ok(vec![
        Out::text(law.code()),
        refs.org(*funder)?,
        Out::text(delivery.code()),
        Out::text(category.code()),
        Out::Hours(*hours_per_week),
        Out::Hours(*hours_in_school_time),
    ])
}
