//! The finishing touches of the demo region: parents' households with guardianships, two
//! bestuurlijke afspraken for the cluster 3 school, and one demo login per role and kind
//! of organisation.

use std::collections::BTreeMap;

use continuum_domain::ids::{AgreementId, OrgId, PupilId};
use continuum_domain::money::Cents;
use continuum_domain::period::Period;
use continuum_domain::register::{
    Agreement, AgreementParty, AllocationKey, CareLaw, Fact, NeedCategory, OrgDetails,
};
use continuum_domain::role::Role;

use crate::DemoLogin;
use crate::builder::{Builder, school_year};
use crate::region::Region;
use crate::tables::{SCHOOLS, SO_REGENBOOG, VSO_BAKEN, VSO_REGENBOOG};

/// How many further pupils (besides the demo parent's child) get a parents' household.
const MORE_HOUSEHOLDS: usize = 9;

/// Adds parents' households and their guardianship of a handful of pupils; returns the
/// household and the pupil for the demo parent login.
fn households(b: &mut Builder, r: &Region) -> Option<(OrgId, PupilId)> {
    let regenboog = *r.schools.get(SO_REGENBOOG)?;
    let mut school_of: BTreeMap<PupilId, OrgId> = BTreeMap::new();
    let mut indications: BTreeMap<PupilId, usize> = BTreeMap::new();
    for (_, f) in &b.batch.facts {
        match &f.fact {
            Fact::Enrolment { school, .. } => {
                school_of.insert(f.pupil, *school);
            }
            Fact::Indication {
                law: CareLaw::Jeugdwet,
                ..
            } => {
                *indications.entry(f.pupil).or_default() += 1;
            }
            _ => {}
        }
    }
    // The demo parent's child: at SO De Regenboog, with the most Jeugdwet indications
    // (the first such pupil when several tie).
    let mut child: Option<(PupilId, usize)> = None;
    for p in &r.special {
        let n = indications.get(&p.born.id).copied().unwrap_or(0);
        if school_of.get(&p.born.id) == Some(&regenboog) && child.is_none_or(|(_, best)| n > best) {
            child = Some((p.born.id, n));
        }
    }
    let (child, _) = child?;
    let mut chosen = vec![child];
    chosen.extend(
        r.special
            .iter()
            .filter(|p| p.emb)
            .take(3)
            .map(|p| p.born.id),
    );
    let others: Vec<PupilId> = r
        .special
        .iter()
        .map(|p| p.born.id)
        .filter(|id| !chosen.contains(id))
        .collect();
    chosen.extend(
        b.rng
            .choose_multiple(others, MORE_HOUSEHOLDS.saturating_sub(chosen.len() - 1)),
    );
    let mut household = None;
    for id in chosen {
        let (given, birth) = b
            .batch
            .pupils
            .iter()
            .find(|(p, _)| *p == id)
            .map(|(_, p)| (p.given_name.clone(), p.birth_date))?;
        let parents = b.org(format!("Ouders van {given}"), OrgDetails::Ouders);
        b.fact(id, Period::from(birth), Fact::Guardianship { parents });
        household.get_or_insert((parents, id));
    }
    household
}

/// Bestuurlijke afspraken on care in school time at the cluster 3 locations of De Regenboog,
/// with the municipalities and the zorgkantoor of Hart van Brabant.
fn agreements(b: &mut Builder, r: &Region) -> Option<()> {
    let tilburg = r.munis.iter().find(|m| m.code == "GM0855")?.id;
    let zk = r
        .zorgkantoren
        .iter()
        .find(|(_, n)| n == "Midden-Brabant")?
        .0;
    for (school, swv) in [(SO_REGENBOOG, r.swv_po), (VSO_REGENBOOG, r.swv_vo)] {
        let spec = SCHOOLS.get(school)?;
        let party = |organisation: OrgId, role: &str| AgreementParty {
            organisation,
            role: role.to_owned(),
            // Funders agree an hourly tariff for their route; the others have none.
            tariff_per_hour: role.contains("financier").then_some(Cents(6_400)),
            share_basis_points: None,
        };
        let mut parties = vec![
            party(*r.schools.get(school)?, "school"),
            party(*r.boards.get(spec.board)?, "schoolbestuur"),
            party(swv, "samenwerkingsverband"),
        ];
        // VSO pupils of 18 and over receive Wmo support instead of youth help.
        let laws = if school == VSO_REGENBOOG {
            "Jeugdwet, Wmo"
        } else {
            "Jeugdwet"
        };
        parties.push(party(tilburg, &format!("penvoerder en financier ({laws})")));
        for m in r
            .munis
            .iter()
            .filter(|m| m.region == "Midden-Brabant" && m.id != tilburg)
        {
            parties.push(party(m.id, &format!("financier ({laws})")));
        }
        parties.push(party(zk, "financier (Wlz)"));
        parties.push(party(*r.providers.get(spec.provider)?, "zorgaanbieder"));
        parties.push(party(
            *r.providers.get(2)?,
            "zorgaanbieder (verpleging en paramedische zorg)",
        ));
        let scope = format!(
            "Zorg in onderwijstijd op {}: de gemeenten van Hart van Brabant en Zorgkantoor \
             Midden-Brabant brengen hun deel van de geïndiceerde begeleiding, verzorging en \
             verpleging in één budget in; de gemeente Tilburg koopt namens hen in bij vaste \
             zorgaanbieders met vaste zorgassistenten per klas. Verdeelsleutel: geïndiceerde \
             uren maal tarief per financier. Afspraak is realisatie; geschillen gaan naar de \
             regionale geschillencommissie.",
            spec.name
        );
        let id = AgreementId::from_u128(b.rng.u128(..));
        let agreement = Agreement {
            school: *r.schools.get(school)?,
            parties,
            period: school_year(),
            scope,
            categories: NeedCategory::care(),
            allocation_key: AllocationKey::IndicatedHoursTimesTariff,
            terms: None,
        };
        b.batch.agreements.push((id, agreement));
    }
    Some(())
}

/// The insurer with the most Zvw indications (the first on a tie).
fn busiest_insurer(b: &Builder, r: &Region) -> Option<OrgId> {
    let count = |org: OrgId| {
        b.batch
            .facts
            .iter()
            .filter(|(_, f)| matches!(f.fact, Fact::Indication { law: CareLaw::Zvw, funder, .. } if funder == org))
            .count()
    };
    let mut best: Option<(OrgId, usize)> = None;
    for &i in &r.insurers {
        let n = count(i);
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((i, n));
        }
    }
    best.map(|(i, _)| i)
}

pub(crate) fn finish(b: &mut Builder, r: &Region) -> Option<Vec<DemoLogin>> {
    let (parents, child) = households(b, r)?;
    agreements(b, r)?;
    let child_name = b
        .batch
        .pupils
        .iter()
        .find(|(id, _)| *id == child)
        .map(|(_, p)| (p.given_name.clone(), p.family_name.clone()))?;
    let name_of = |b: &Builder, org: OrgId| {
        b.batch
            .organisations
            .iter()
            .find(|(id, _)| *id == org)
            .map(|(_, o)| o.name.clone())
            .unwrap_or_default()
    };
    let tilburg = r.munis.iter().find(|m| m.code == "GM0855")?;
    let zk = r
        .zorgkantoren
        .iter()
        .find(|(_, n)| n == "Midden-Brabant")?
        .0;
    let insurer = busiest_insurer(b, r)?;
    let regenboog = *r.schools.get(SO_REGENBOOG)?;
    let baken = *r.schools.get(VSO_BAKEN)?;
    let provider = *r.providers.first()?;
    let rows: Vec<(&str, &str, Role, OrgId, String)> = vec![
        ("school", "Marieke van den Heuvel", Role::Registrator, regenboog,
            "ziet de leerlingen van SO De Regenboog (cluster 3) per klas en legt inschrijvingen, ondersteuningsbehoeften en zorgaanbieders vast".to_owned()),
        ("leerkracht", "Joost Verhoeven", Role::Medewerker, baken,
            "ziet de leerlingen van VSO Het Baken (cluster 4) per klas met hun zorg; kan niets vastleggen".to_owned()),
        ("swv", "Anouk Smulders", Role::Registrator, r.swv_po,
            "ziet de leerlingen van de PO-, SBO- en SO-scholen van het samenwerkingsverband en legt toelaatbaarheidsverklaringen (TLV) vast".to_owned()),
        ("gemeente", "Karim El Amrani", Role::Registrator, tilburg.id,
            format!("leerplichtambtenaar van {}: ziet alleen de leerlingen die in {} wonen, op welke school ook, en legt Jeugdwet-indicaties vast", tilburg.name, tilburg.name)),
        ("zorgkantoor", "Ingrid de Kort", Role::Registrator, zk,
            "ziet alleen leerlingen uit de regio Midden-Brabant met een Wlz-indicatie en legt Wlz-indicaties vast".to_owned()),
        ("verzekeraar", "Peter Hendriks", Role::Registrator, insurer,
            "ziet alleen eigen verzekerden met een Zvw-indicatie (verpleging, geneeskundige en paramedische zorg)".to_owned()),
        ("zorgaanbieder", "Sanne de Laat", Role::Medewerker, provider,
            "ziet alleen de leerlingen aan wie deze zorgaanbieder is toegewezen; kan niets vastleggen".to_owned()),
        ("beheer", "Ruud van Gils", Role::Beheerder, regenboog,
            "beheert de gebruikers van SO De Regenboog en leest mee zoals een medewerker".to_owned()),
        ("ouder", "", Role::Ouder, parents,
            format!("ziet alleen het dossier van {} op SO De Regenboog: het plan en bij wie de ouders per behoefte terechtkunnen", child_name.0)),
    ];
    Some(
        rows.into_iter()
            .map(|(key, person, role, org, note)| DemoLogin {
                login: format!("{key}@demo"),
                password: format!("demo-{key}-2026"),
                display_name: if person.is_empty() {
                    format!("Linda {}", child_name.1)
                } else {
                    person.to_owned()
                },
                role,
                org,
                org_name: name_of(b, org),
                note,
            })
            .collect(),
    )
}
