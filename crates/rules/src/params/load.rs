//! Reading one parameter file (format: docs/rules.md). The file is checked as a whole
//! first — keys, units, citations, periods — so errors come in file order; the typed
//! structs then [`ParamFile::take`] each parameter with the type and unit their rule needs.
//! Every refusal names the file, the line and the field.

use super::dated::{Dated, DatedValue, ParamValue, Unit};
use super::error::{ParamsError, Problem};
use crate::citation::{Citation, Law};
use continuum_domain::Date;
use continuum_domain::period::Period;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The `[law]` section: which law the file's article citations refer to, which text
/// versions its values were compared with, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LawSection {
    pub law: Law,
    pub text_versions: Vec<Date>,
    pub checked_on: Date,
    pub line: usize,
}

struct RawValue<'t> {
    field: String,
    period: Period,
    value: Spanned<DeValue<'t>>,
    cite: Citation,
}

struct RawParam<'t> {
    key: String,
    line: usize,
    unit: Unit,
    unit_span: Range<usize>,
    meaning: String,
    values: Vec<RawValue<'t>>,
}

/// One checked parameter file, its parameters not yet typed.
pub struct ParamFile<'t> {
    file: String,
    text: &'t str,
    pub(crate) law: Option<LawSection>,
    params: Vec<RawParam<'t>>,
}

type Entry<'t> = (Spanned<std::borrow::Cow<'t, str>>, Spanned<DeValue<'t>>);

const PARAM_KEYS: &str = "unit, meaning, values";
const VALUE_KEYS: &str = "from, until, value, cite";
const CITE_KEYS: &str = "law, article, lid, onder, policy";
const LAW_KEYS: &str = "bwb, text_versions, checked_on";

impl<'t> ParamFile<'t> {
    pub fn parse(file: &str, text: &'t str) -> Result<ParamFile<'t>, ParamsError> {
        let mut f = ParamFile {
            file: file.to_owned(),
            text,
            law: None,
            params: Vec::new(),
        };
        let doc = DeTable::parse(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            f.err(span, "", Problem::Syntax(e.message().trim().to_owned()))
        })?;
        // The law section first: parameters' citations may need it.
        let entries = in_file_order(doc.into_inner());
        if let Some((_, v)) = entries.iter().find(|(k, _)| k.get_ref() == "law") {
            f.law = Some(f.law_section(v)?);
        }
        for (k, v) in &entries {
            if k.get_ref() != "law" {
                let p = f.param(k, v)?;
                f.params.push(p);
            }
        }
        Ok(f)
    }

    /// The parameter `key`, typed; refused when missing or in another unit.
    pub fn take<T: ParamValue>(&mut self, key: &str, unit: Unit) -> Result<Dated<T>, ParamsError> {
        let Some(i) = self.params.iter().position(|p| p.key == key) else {
            return Err(self.err(0..0, key, Problem::Missing));
        };
        let p = self.params.remove(i);
        if p.unit != unit {
            let problem = Problem::UnitMismatch {
                found: p.unit,
                expected: unit,
            };
            return Err(self.err(p.unit_span, format!("{key}.unit"), problem));
        }
        let mut values = Vec::with_capacity(p.values.len());
        for v in p.values {
            let Some(value) = T::from_toml(v.value.get_ref()) else {
                let problem = Problem::WrongType {
                    expected: T::EXPECTED,
                };
                return Err(self.err(v.value.span(), format!("{}.value", v.field), problem));
            };
            values.push(DatedValue {
                period: v.period,
                value,
                cite: v.cite,
            });
        }
        let name = format!("{}.{key}", self.file.trim_end_matches(".toml"));
        Ok(Dated::new(name, unit, p.meaning, values))
    }

    /// Refuses parameters no rule took: a misspelt name must not be silently ignored.
    pub fn finish(self) -> Result<(), ParamsError> {
        match self.params.first() {
            Some(p) => Err(ParamsError {
                file: self.file.clone(),
                line: p.line,
                field: p.key.clone(),
                problem: Problem::UnknownParam,
            }),
            None => Ok(()),
        }
    }

    pub fn file(&self) -> &str {
        &self.file
    }

    fn err(&self, span: Range<usize>, field: impl Into<String>, problem: Problem) -> ParamsError {
        ParamsError {
            file: self.file.clone(),
            line: self.line(span.start),
            field: field.into(),
            problem,
        }
    }

    fn line(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    }

    fn table<'a>(
        &self,
        v: &'a Spanned<DeValue<'t>>,
        field: &str,
        allowed: &'static str,
    ) -> Result<&'a DeTable<'t>, ParamsError> {
        let DeValue::Table(t) = v.get_ref() else {
            let problem = Problem::WrongType {
                expected: "een tabel",
            };
            return Err(self.err(v.span(), field, problem));
        };
        let mut keys: Vec<_> = t.keys().collect();
        keys.sort_by_key(|k| k.span().start);
        let names: Vec<&str> = allowed.split(", ").collect();
        if let Some(k) = keys
            .into_iter()
            .find(|k| !names.contains(&k.get_ref().as_ref()))
        {
            let problem = Problem::UnknownKey { allowed };
            return Err(self.err(k.span(), format!("{field}.{}", k.get_ref()), problem));
        }
        Ok(t)
    }

    fn law_section(&self, v: &Spanned<DeValue<'t>>) -> Result<LawSection, ParamsError> {
        let t = self.table(v, "law", LAW_KEYS)?;
        let bwb = self.required(t, v, "law", "bwb")?;
        let Some(code) = bwb.get_ref().as_str() else {
            let expected = "een BWB-id als tekst";
            return Err(self.err(bwb.span(), "law.bwb", Problem::WrongType { expected }));
        };
        let law = Law::from_bwb(code)
            .ok_or_else(|| self.err(bwb.span(), "law.bwb", Problem::UnknownLaw(code.into())))?;
        let tv = self.required(t, v, "law", "text_versions")?;
        let DeValue::Array(items) = tv.get_ref() else {
            let expected = "een lijst van datums";
            return Err(self.err(
                tv.span(),
                "law.text_versions",
                Problem::WrongType { expected },
            ));
        };
        let mut text_versions = Vec::new();
        for item in items {
            text_versions.push(self.date(item, "law.text_versions")?);
        }
        if text_versions.is_empty() || text_versions.windows(2).any(|w| w[0] >= w[1]) {
            return Err(self.err(tv.span(), "law.text_versions", Problem::TextVersionsOrder));
        }
        let checked_on = self.date(self.required(t, v, "law", "checked_on")?, "law.checked_on")?;
        Ok(LawSection {
            law,
            text_versions,
            checked_on,
            line: self.line(v.span().start),
        })
    }

    fn param(
        &self,
        k: &Spanned<std::borrow::Cow<'t, str>>,
        v: &Spanned<DeValue<'t>>,
    ) -> Result<RawParam<'t>, ParamsError> {
        let key = k.get_ref().to_string();
        let t = self.table(v, &key, PARAM_KEYS)?;
        let unit_v = self.required(t, k, &key, "unit")?;
        let unit = unit_v
            .get_ref()
            .as_str()
            .ok_or_else(|| {
                let expected = "een eenheid als tekst";
                self.err(
                    unit_v.span(),
                    format!("{key}.unit"),
                    Problem::WrongType { expected },
                )
            })
            .and_then(|s| {
                Unit::parse(s).ok_or_else(|| {
                    let problem = Problem::UnknownUnit {
                        found: s.to_owned(),
                        known: Unit::known(),
                    };
                    self.err(unit_v.span(), format!("{key}.unit"), problem)
                })
            })?;
        let meaning_v = self.required(t, k, &key, "meaning")?;
        let meaning = meaning_v
            .get_ref()
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| {
                let expected = "een omschrijving als tekst";
                self.err(
                    meaning_v.span(),
                    format!("{key}.meaning"),
                    Problem::WrongType { expected },
                )
            })?;
        let values_v = self.required(t, k, &key, "values")?;
        let DeValue::Array(items) = values_v.get_ref() else {
            let expected = "een lijst [[…values]]";
            return Err(self.err(
                values_v.span(),
                format!("{key}.values"),
                Problem::WrongType { expected },
            ));
        };
        if items.is_empty() {
            return Err(self.err(values_v.span(), format!("{key}.values"), Problem::NoValues));
        }
        let mut values = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            values.push(self.value(item, format!("{key}.values[{i}]"))?);
        }
        self.no_overlap(&mut values)?;
        Ok(RawParam {
            key,
            line: self.line(k.span().start),
            unit,
            unit_span: unit_v.span(),
            meaning,
            values,
        })
    }

    fn value(
        &self,
        item: &Spanned<DeValue<'t>>,
        field: String,
    ) -> Result<RawValue<'t>, ParamsError> {
        let t = self.table(item, &field, VALUE_KEYS)?;
        let from_v = self.required(t, item, &field, "from")?;
        let from = self.date(from_v, &format!("{field}.from"))?;
        let until = match get(t, "until") {
            Some(u) => {
                let until = self.date(u, &format!("{field}.until"))?;
                if until < from {
                    let problem = Problem::UntilBeforeFrom { from, until };
                    return Err(self.err(u.span(), format!("{field}.until"), problem));
                }
                Some(until)
            }
            None => None,
        };
        let value = self.required(t, item, &field, "value")?.clone();
        let Some(cite_v) = get(t, "cite") else {
            return Err(self.err(value.span(), format!("{field}.cite"), Problem::NoCitation));
        };
        let cite = self.cite(cite_v, &format!("{field}.cite"))?;
        // `until < from` was refused above, so the period is valid.
        let period = Period::new(from, until).unwrap_or(Period::from(from));
        Ok(RawValue {
            field,
            period,
            value,
            cite,
        })
    }

    fn no_overlap(&self, values: &mut [RawValue<'t>]) -> Result<(), ParamsError> {
        values.sort_by_key(|v| v.period.start());
        for w in values.windows(2) {
            if w[0].period.overlaps(&w[1].period) {
                let problem = Problem::Overlap {
                    from: w[1].period.start(),
                    other_from: w[0].period.start(),
                    other_line: self.line(w[0].value.span().start),
                };
                return Err(self.err(w[1].value.span(), format!("{}.from", w[1].field), problem));
            }
        }
        Ok(())
    }

    fn cite(&self, v: &Spanned<DeValue<'t>>, field: &str) -> Result<Citation, ParamsError> {
        let t = self.table(v, field, CITE_KEYS)?;
        let text = |key: &str| -> Result<Option<String>, ParamsError> {
            let Some(x) = get(t, key) else {
                return Ok(None);
            };
            match x.get_ref() {
                DeValue::String(s) => Ok(Some(s.to_string())),
                DeValue::Integer(i) if key == "article" => Ok(Some(i.as_str().to_owned())),
                _ => {
                    let expected = "tekst";
                    Err(self.err(
                        x.span(),
                        format!("{field}.{key}"),
                        Problem::WrongType { expected },
                    ))
                }
            }
        };
        let policy = text("policy")?;
        let article = text("article")?;
        match (policy, article) {
            (Some(source), None) if t.len() == 1 => Ok(Citation::Policy { source }),
            (Some(_), _) => Err(self.err(v.span(), field, Problem::CiteBoth)),
            (None, None) => Err(self.err(v.span(), format!("{field}.article"), Problem::Missing)),
            (None, Some(article)) => {
                let law = match text("law")? {
                    Some(code) => Law::from_bwb(&code).ok_or_else(|| {
                        self.err(v.span(), format!("{field}.law"), Problem::UnknownLaw(code))
                    })?,
                    None => match &self.law {
                        Some(l) => l.law,
                        None => return Err(self.err(v.span(), field, Problem::LawNeeded)),
                    },
                };
                let lid = match get(t, "lid") {
                    Some(l) => Some(u32::from_toml(l.get_ref()).filter(|n| *n > 0).ok_or_else(
                        || {
                            let expected = "een lidnummer (1 of meer)";
                            self.err(
                                l.span(),
                                format!("{field}.lid"),
                                Problem::WrongType { expected },
                            )
                        },
                    )?),
                    None => None,
                };
                let onder = text("onder")?;
                Ok(Citation::Law {
                    law,
                    article,
                    lid,
                    onder,
                })
            }
        }
    }

    fn required<'a, S>(
        &self,
        t: &'a DeTable<'t>,
        parent: &Spanned<S>,
        path: &str,
        key: &str,
    ) -> Result<&'a Spanned<DeValue<'t>>, ParamsError> {
        get(t, key)
            .ok_or_else(|| self.err(parent.span(), format!("{path}.{key}"), Problem::Missing))
    }

    fn date(&self, v: &Spanned<DeValue<'t>>, field: &str) -> Result<Date, ParamsError> {
        let date = match v.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt
                .date
                .and_then(|d| Date::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())),
            _ => None,
        };
        date.ok_or_else(|| {
            let expected = "een datum als 2026-08-01";
            self.err(v.span(), field, Problem::WrongType { expected })
        })
    }
}

fn get<'a, 't>(t: &'a DeTable<'t>, key: &str) -> Option<&'a Spanned<DeValue<'t>>> {
    t.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
}

fn in_file_order(doc: DeTable<'_>) -> Vec<Entry<'_>> {
    let mut entries: Vec<_> = doc.into_iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}
