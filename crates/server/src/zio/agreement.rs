//! The bestuurlijke afspraak (ZiO agreement) of a school, drawn up from a plan: its terms
//! (stored as a new version of the agreement), and the document the parties sign — one
//! model of sections, written as a printable web page and as a PDF.

use super::planned::Planned;
use continuum_domain::Date;
use continuum_domain::ids::OrgId;
use continuum_domain::register::{
    AgreedClass, AgreedProvider, AgreedShare, Agreement, AgreementTerms, NeedCategory,
};
use continuum_rules::zio::ZioShares;
use std::collections::{BTreeMap, BTreeSet};

/// The terms of a plan and its shares, drawn up on `on`; the evaluation falls three months
/// before the agreement ends (or a year after drawing up for an open agreement).
pub fn terms(
    planned: &Planned,
    shares: &ZioShares,
    agreement: &Agreement,
    on: Date,
) -> AgreementTerms {
    let data = planned.instance.data();
    let plan = &planned.plan;
    let quals: BTreeMap<&str, &Vec<String>> = data
        .providers
        .iter()
        .flat_map(|p| p.workers.iter())
        .map(|w| (w.worker_id.as_str(), &w.qualifications))
        .collect();
    let classes = data
        .classes
        .iter()
        .map(|c| {
            let workers: Vec<&String> = plan
                .class_workers
                .iter()
                .flatten()
                .find(|w| w.class_id == c.class_id)
                .map(|w| w.worker_ids.iter().collect())
                .unwrap_or_default();
            let qualifications: BTreeSet<String> = workers
                .iter()
                .filter_map(|w| quals.get(w.as_str()))
                .flat_map(|q| q.iter().cloned())
                .collect();
            AgreedClass {
                class: c.name.clone(),
                workers: u32::try_from(workers.len()).unwrap_or(u32::MAX),
                qualifications: qualifications.into_iter().collect(),
            }
        })
        .collect();
    let providers = plan
        .provider_ids
        .iter()
        .flatten()
        .filter_map(|id| data.providers.iter().find(|p| &p.provider_id == id))
        .filter_map(|p| {
            Some(AgreedProvider {
                organisation: OrgId(p.provider_id.parse().ok()?),
                name: p.name.clone(),
            })
        })
        .collect();
    let evaluation_on = agreement
        .period
        .end()
        .and_then(|e| e.checked_sub_months(chrono::Months::new(3)))
        .or_else(|| on.checked_add_months(chrono::Months::new(12)))
        .unwrap_or(on);
    AgreementTerms {
        drawn_up_on: on,
        providers,
        classes,
        budget_per_week: shares.total,
        shares: shares
            .shares
            .iter()
            .map(|s| AgreedShare {
                funder: s.funder,
                name: s.name.clone(),
                law: s.law.code().to_owned(),
                per_week: s.amount,
            })
            .collect(),
        workers_before: u32::try_from(planned.before.values().sum::<usize>()).unwrap_or(u32::MAX),
        workers_after: u32::try_from(
            plan.objective
                .as_ref()
                .map_or(0, |o| o.distinct_workers_per_class),
        )
        .unwrap_or(u32::MAX),
        evaluation_on,
    }
}

/// One section of the document.
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub table: Option<(Vec<String>, Vec<Vec<String>>)>,
}

pub struct Document {
    pub title: String,
    pub sections: Vec<Section>,
}

fn nl_date(d: Date) -> String {
    crate::web::nl_date(d)
}

fn section(heading: &str, paragraphs: Vec<String>) -> Section {
    Section {
        heading: heading.to_owned(),
        paragraphs,
        table: None,
    }
}

/// The agreement as the parties read it, in Dutch. `names` holds the parties' names.
pub fn document(agreement: &Agreement, school: &str, names: &BTreeMap<OrgId, String>) -> Document {
    let name = |id: &OrgId| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    let period = match agreement.period.end() {
        Some(end) => format!(
            "van {} tot en met {}",
            nl_date(agreement.period.start()),
            nl_date(end)
        ),
        None => format!("vanaf {}", nl_date(agreement.period.start())),
    };
    let mut sections = vec![
        Section {
            heading: "1. Partijen".into(),
            paragraphs: vec![format!(
                "Deze afspraak over zorg in onderwijstijd op {school} geldt {period}. De partijen zijn:"
            )],
            table: Some((
                vec!["Partij".into(), "Rol".into(), "Tarief per uur".into()],
                agreement
                    .parties
                    .iter()
                    .map(|p| {
                        vec![
                            name(&p.organisation),
                            p.role.clone(),
                            p.tariff_per_hour.map(|c| c.to_string()).unwrap_or_default(),
                        ]
                    })
                    .collect(),
            )),
        },
        section(
            "2. Welke zorg",
            vec![
                format!(
                    "De afspraak gaat over de zorg die leerlingen in lestijd nodig hebben: {}.",
                    agreement
                        .categories
                        .iter()
                        .map(|c| c.label().to_lowercase())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                format!(
                    "{} blijft bij de school en het samenwerkingsverband: dat is onderwijs, geen zorg (WPO art. 18a; seed 004).",
                    NeedCategory::Onderwijsondersteuning.label()
                ),
                agreement.scope.clone(),
            ],
        ),
    ];
    let Some(t) = &agreement.terms else {
        sections.push(section(
            "3. Uitwerking",
            vec!["De school heeft nog geen rooster vastgelegd in deze afspraak.".into()],
        ));
        return Document {
            title: format!("Bestuurlijke afspraak zorg in onderwijstijd — {school}"),
            sections,
        };
    };
    sections.push(section(
        "3. Zorgaanbieders",
        vec![format!(
            "De zorg wordt geleverd door {}. Zij zetten vaste zorgmedewerkers in per klas.",
            t.providers
                .iter()
                .map(|p| p.name.clone())
                .collect::<Vec<_>>()
                .join(" en ")
        )],
    ));
    sections.push(Section {
        heading: "4. Vaste zorgmedewerkers per klas".into(),
        paragraphs: vec![
            "Elke klas heeft een vast team. Voorbehouden handelingen (Wet BIG art. 36) doet alleen een medewerker met de bevoegdheid 'voorbehouden'.".into(),
        ],
        table: Some((
            vec!["Klas".into(), "Vaste zorgmedewerkers".into(), "Bevoegdheden in het team".into()],
            t.classes
                .iter()
                .map(|c| vec![c.class.clone(), c.workers.to_string(), c.qualifications.join(", ")])
                .collect(),
        )),
    });
    sections.push(Section {
        heading: "5. Budget en verdeling".into(),
        paragraphs: vec![
            format!(
                "Het gezamenlijke budget is {} per lesweek. Verdeelsleutel: {}. De aandelen tellen precies op tot het budget.",
                t.budget_per_week,
                agreement.allocation_key.label()
            ),
        ],
        table: Some((
            vec!["Financier".into(), "Wet".into(), "Aandeel per lesweek".into()],
            t.shares
                .iter()
                .map(|s| vec![s.name.clone(), s.law.clone(), s.per_week.to_string()])
                .collect(),
        )),
    });
    let penvoerder = agreement
        .parties
        .iter()
        .find(|p| p.role.contains("penvoerder"))
        .map(|p| name(&p.organisation));
    sections.push(section(
        "6. Afspraak is realisatie",
        vec![
            "De afspraak zelf is de verantwoording. Partijen betalen hun aandeel volgens deze afspraak, niet per geleverd uur. Als een leerling ziek is of afwezig, verandert het bedrag niet (seed 001).".into(),
            "Komt een leerling erbij of vertrekt een leerling in de loop van het schooljaar, dan verandert het aandeel van de financier naar rato van de dagen.".into(),
        ],
    ));
    sections.push(section(
        "7. Persoonsgebonden budget",
        vec!["Ouders kunnen kiezen voor een persoonsgebonden budget (pgb). Dat is de uitzondering: de zorg in de klas wordt dan geleverd door de zorgverlener die de ouders inhuren, in afstemming met de school.".into()],
    ));
    sections.push(section(
        "8. Geschillen en doorzettingsmacht",
        vec![
            "Komen partijen er samen niet uit, dan leggen zij het geschil voor aan de regionale geschillencommissie (geschillenregeling).".into(),
            match &penvoerder {
                Some(p) => format!("Doorzettingsmacht: als partijen vastlopen, beslist {p} als penvoerder over de inzet, zodat geen leerling zonder zorg blijft."),
                None => "Doorzettingsmacht: partijen wijzen in het OOGO aan wie beslist als zij vastlopen, zodat geen leerling zonder zorg blijft.".into(),
            },
        ],
    ));
    sections.push(section(
        "9. Gegevens delen",
        vec!["Partijen delen alleen de gegevens die nodig zijn voor de zorg en de verdeling, volgens de AVG. Wie een dossier inziet of wijzigt, staat in het auditlog van de leerling; ouders kunnen dat inzien.".into()],
    ));
    sections.push(section(
        "10. Evaluatie en monitoring",
        vec![
            format!("Partijen evalueren de afspraak op {}.", nl_date(t.evaluation_on)),
            format!(
                "Zij volgen: het aantal verschillende zorgmedewerkers per klas per week (rust in de klas: was {} in alle klassen samen, met dit rooster {}), het aantal zorgaanbieders, leerlingen buiten de afspraak, en thuiszitters.",
                t.workers_before, t.workers_after
            ),
        ],
    ));
    sections.push(section(
        "Ondertekening",
        vec![format!(
            "Opgesteld op {} uit het rooster van de school. Elke partij tekent voor akkoord.",
            nl_date(t.drawn_up_on)
        )],
    ));
    Document {
        title: format!("Bestuurlijke afspraak zorg in onderwijstijd — {school}"),
        sections,
    }
}

/// The document as an A4 PDF in Helvetica (one of the 14 fonts every PDF reader has).
pub fn pdf(doc: &Document) -> Result<Vec<u8>, String> {
    use pdf_canvas::{BuiltinFont, FontSource, Pdf};
    use std::io::{Read, Seek, SeekFrom};
    const W: f32 = 595.0;
    const H: f32 = 842.0;
    const MARGIN: f32 = 56.0;
    // Lines first (font, size, indent, text), then pages of them.
    let regular = BuiltinFont::Helvetica;
    let bold = BuiltinFont::Helvetica_Bold;
    let mut lines: Vec<(BuiltinFont, f32, f32, String)> = Vec::new();
    let wrap = |font: BuiltinFont, size: f32, indent: f32, text: &str, out: &mut Vec<_>| {
        let width = W - 2.0 * MARGIN - indent;
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if font.get_width(size, &candidate) > width && !line.is_empty() {
                out.push((font, size, indent, std::mem::take(&mut line)));
                line = word.to_owned();
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() {
            out.push((font, size, indent, line));
        }
    };
    wrap(bold, 15.0, 0.0, &doc.title, &mut lines);
    for s in &doc.sections {
        lines.push((regular, 6.0, 0.0, String::new()));
        wrap(bold, 12.0, 0.0, &s.heading, &mut lines);
        for p in &s.paragraphs {
            wrap(regular, 10.0, 0.0, p, &mut lines);
        }
        if let Some((header, rows)) = &s.table {
            wrap(bold, 10.0, 12.0, &header.join(" | "), &mut lines);
            for r in rows {
                wrap(regular, 10.0, 12.0, &r.join(" | "), &mut lines);
            }
        }
    }
    let file = tempfile::tempfile().map_err(|e| e.to_string())?;
    let mut reader = file.try_clone().map_err(|e| e.to_string())?;
    let mut pdf = Pdf::new(file).map_err(|e| e.to_string())?;
    pdf.set_title(&doc.title);
    let per_line = |size: f32| size * 1.35;
    let mut rest: &[(BuiltinFont, f32, f32, String)] = &lines;
    while !rest.is_empty() {
        let mut used = 0.0;
        let mut n = 0;
        while n < rest.len() && used + per_line(rest[n].1) < H - 2.0 * MARGIN {
            used += per_line(rest[n].1);
            n += 1;
        }
        let (page, next) = rest.split_at(n.max(1));
        pdf.render_page(W, H, |c| {
            let mut y = H - MARGIN;
            for (font, size, indent, text) in page {
                y -= per_line(*size);
                if !text.is_empty() {
                    c.left_text(MARGIN + indent, y, *font, *size, text)?;
                }
            }
            Ok(())
        })
        .map_err(|e| e.to_string())?;
        rest = next;
    }
    pdf.finish().map_err(|e| e.to_string())?;
    reader.seek(SeekFrom::Start(0)).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    Ok(bytes)
}
