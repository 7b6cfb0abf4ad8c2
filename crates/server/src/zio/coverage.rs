//! OOGO coverage: for every cluster 3/4 school, the funders its pupils come from — the
//! municipalities of residence (Jeugdwet), their zorgkantoren (Wlz) and the school's SWV —
//! and whether a current agreement of the school has that funder as a party. A funder
//! without one is a gap: its pupils' care in school time is not arranged collectively
//! (seeds 000, 001, 004).

use continuum_domain::Date;
use continuum_domain::ids::OrgId;
use continuum_domain::register::{OrgDetails, OrgKind};
use continuum_store::{Page, Store, StoreError};
use std::collections::{BTreeMap, BTreeSet};

/// One funder of one school.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageRow {
    pub school: OrgId,
    pub school_name: String,
    pub school_code: String,
    pub funder: OrgId,
    /// gemeente, zorgkantoor or samenwerkingsverband
    pub funder_kind: &'static str,
    pub funder_name: String,
    /// Pupils of the school that fall to this funder.
    pub pupils: u64,
    pub covered: bool,
}

/// Coverage on `on` for every cluster 3/4 school in the register, by school, then funder
/// kind and name.
pub async fn coverage(store: &dyn Store, on: Date) -> Result<Vec<CoverageRow>, StoreError> {
    let (schools, _) = store
        .organisations(Some(OrgKind::School), Page::all())
        .await?;
    let mut names: BTreeMap<OrgId, (String, OrgDetails)> = BTreeMap::new();
    let mut out = Vec::new();
    for school in schools {
        let OrgDetails::School { cluster, swv, .. } = &school.record.details else {
            continue;
        };
        if !cluster.is_some_and(|c| matches!(c.number(), 3 | 4)) {
            continue;
        }
        let parties: BTreeSet<OrgId> = store
            .agreements_of_school(school.id)
            .await?
            .into_iter()
            .filter(|a| a.record.period.contains(on))
            .flat_map(|a| a.record.parties.into_iter().map(|p| p.organisation))
            .collect();
        let residences = store.residences_of_school(school.id, on).await?;
        let mut funders: BTreeMap<OrgId, (&'static str, u64)> = BTreeMap::new();
        let total: u64 = residences.iter().map(|(_, n)| n).sum();
        for (municipality, n) in residences {
            funders.entry(municipality).or_insert(("gemeente", 0)).1 += n;
            if let Some((_, OrgDetails::Gemeente { zorgkantoor, .. })) =
                lookup(store, &mut names, municipality).await
            {
                funders.entry(zorgkantoor).or_insert(("zorgkantoor", 0)).1 += n;
            }
        }
        if total > 0 {
            funders.insert(*swv, ("samenwerkingsverband", total));
        }
        let code = school.record.details.code().unwrap_or_default();
        let mut rows = Vec::new();
        for (funder, (kind, pupils)) in funders {
            let name = lookup(store, &mut names, funder)
                .await
                .map_or_else(|| funder.to_string(), |(n, _)| n);
            rows.push(CoverageRow {
                school: school.id,
                school_name: school.record.name.clone(),
                school_code: code.clone(),
                funder,
                funder_kind: kind,
                funder_name: name,
                pupils,
                covered: parties.contains(&funder),
            });
        }
        rows.sort_by(|a, b| {
            (kind_order(a.funder_kind), &a.funder_name)
                .cmp(&(kind_order(b.funder_kind), &b.funder_name))
        });
        out.extend(rows);
    }
    Ok(out)
}

/// One school's agreement share of a funder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunderShareRow {
    pub school: OrgId,
    pub school_name: String,
    pub per_week: continuum_domain::money::Cents,
    pub drawn_up_on: Date,
}

/// The funder's shares in the current agreements of every school that drew its agreement
/// up from a plan, by school name.
pub async fn shares_of_funder(
    store: &dyn Store,
    funder: OrgId,
    on: Date,
) -> Result<Vec<FunderShareRow>, StoreError> {
    let (schools, _) = store
        .organisations(Some(OrgKind::School), Page::all())
        .await?;
    let mut out = Vec::new();
    for school in schools {
        for a in store.agreements_of_school(school.id).await? {
            if !a.record.period.contains(on) {
                continue;
            }
            let Some(terms) = &a.record.terms else {
                continue;
            };
            for s in terms.shares.iter().filter(|s| s.funder == funder) {
                out.push(FunderShareRow {
                    school: school.id,
                    school_name: school.record.name.clone(),
                    per_week: s.per_week,
                    drawn_up_on: terms.drawn_up_on,
                });
            }
        }
    }
    out.sort_by(|a, b| a.school_name.cmp(&b.school_name));
    Ok(out)
}

fn kind_order(kind: &str) -> u8 {
    match kind {
        "gemeente" => 0,
        "zorgkantoor" => 1,
        _ => 2,
    }
}

async fn lookup(
    store: &dyn Store,
    cache: &mut BTreeMap<OrgId, (String, OrgDetails)>,
    id: OrgId,
) -> Option<(String, OrgDetails)> {
    if let Some(found) = cache.get(&id) {
        return Some(found.clone());
    }
    let org = store.organisation(id).await.ok()?;
    let found = (org.record.name, org.record.details);
    cache.insert(id, found.clone());
    Some(found)
}

/// The rows as CSV for a Dutch spreadsheet (`;`-separated): one line per school and funder.
/// A name a spreadsheet would run as a formula is quoted with a leading `'`.
pub fn to_csv(rows: &[CoverageRow]) -> Result<String, String> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let cell = |s: &str| {
        if s.starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s.to_owned()
        }
    };
    let fail = |e: csv::Error| e.to_string();
    w.write_record([
        "school",
        "school_naam",
        "financier_soort",
        "financier",
        "leerlingen",
        "afspraak",
    ])
    .map_err(fail)?;
    for r in rows {
        w.write_record([
            cell(&r.school_code).as_str(),
            cell(&r.school_name).as_str(),
            r.funder_kind,
            cell(&r.funder_name).as_str(),
            r.pupils.to_string().as_str(),
            if r.covered { "ja" } else { "nee" },
        ])
        .map_err(fail)?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}
