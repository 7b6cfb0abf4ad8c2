//! Readers for the benchmark data of `/work/shared/formats/verzuim/gen_data.py --csv`
//! (`pupils.csv`, `school_days.csv`) and the conversion of its `absence.csv` into the bulk
//! absence format (docs/formats/verzuim.md), so the benchmark loads the same data the peer
//! tools are measured on through the documented import.
//!
//! gen_data.py marks exemptions and startkwalificaties as booleans; here an exemption holds
//! for the whole calendar and a startkwalificatie counts as obtained on
//! [`STARTKWALIFICATIE_ON`], before the school year 2025-2026.

use crate::calendar::Region;
use crate::import::{ImportError, split_chunks};
use crate::record::{Pupil, PupilKey};
use continuum_domain::Date;
use continuum_domain::period::Period;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

/// The date a `startkwalificatie = true` of gen_data.py is taken to have been obtained.
pub const STARTKWALIFICATIE_ON: Date = match Date::from_ymd_opt(2025, 7, 31) {
    Some(d) => d,
    None => Date::MIN,
};

fn io(path: &Path, e: std::io::Error) -> ImportError {
    ImportError::Io {
        file: path.display().to_string(),
        message: e.to_string(),
    }
}

fn row(path: &Path, line: usize, field: &str, reason: impl Into<String>) -> ImportError {
    ImportError::Row {
        file: path.display().to_string(),
        line,
        field: field.to_owned(),
        reason: reason.into(),
    }
}

fn unquoted(f: &[u8]) -> &[u8] {
    f.strip_prefix(b"\"")
        .and_then(|f| f.strip_suffix(b"\""))
        .unwrap_or(f)
}

fn date(f: &[u8]) -> Option<Date> {
    let num = |a: &[u8]| {
        a.iter().try_fold(0u32, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    if f.len() != 10 || f[4] != b'-' || f[7] != b'-' {
        return None;
    }
    let y = i32::try_from(num(&f[0..4])?).ok()?;
    Date::from_ymd_opt(y, num(&f[5..7])?, num(&f[8..10])?)
}

fn flag(f: &[u8]) -> Option<bool> {
    match f {
        b"true" => Some(true),
        b"false" => Some(false),
        _ => None,
    }
}

/// `pupils.csv`: `pupil_id, birth_date, region, enrolled, exempt, startkwalificatie`.
pub fn read_pupils(path: &Path) -> Result<Vec<Pupil>, ImportError> {
    let bytes = std::fs::read(path).map_err(|e| io(path, e))?;
    let header_end = bytes
        .iter()
        .position(|b| *b == b'\n')
        .unwrap_or(bytes.len());
    let header: Vec<u8> = bytes[..header_end]
        .iter()
        .copied()
        .filter(|b| *b != b'"')
        .collect();
    if header != b"pupil_id,birth_date,region,enrolled,exempt,startkwalificatie" {
        return Err(row(path, 1, "", "geen pupils.csv van gen_data.py"));
    }
    let body = bytes.get(header_end + 1..).unwrap_or(&[]);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunks = split_chunks(body, threads);
    type Part = Result<Vec<Pupil>, (usize, &'static str, &'static str)>;
    let parse = |chunk: &[u8]| -> Part {
        let mut out = Vec::with_capacity(chunk.len() / 40 + 1);
        let mut f: [&[u8]; 6] = [&[]; 6];
        for (i, line) in chunk.split(|b| *b == b'\n').enumerate() {
            if line.is_empty() {
                continue;
            }
            let n = i + 1;
            let mut parts = line.split(|b| *b == b',');
            for slot in f.iter_mut() {
                *slot = parts
                    .next()
                    .map(unquoted)
                    .ok_or((n, "", "te weinig velden"))?;
            }
            if parts.next().is_some() {
                return Err((n, "", "te veel velden"));
            }
            let id = f[0]
                .iter()
                .try_fold(0u64, |n, b| {
                    b.is_ascii_digit()
                        .then(|| n.wrapping_mul(10) + u64::from(b - b'0'))
                })
                .filter(|_| (1..=18).contains(&f[0].len()));
            let bad = |field: &'static str, what: &'static str| (n, field, what);
            out.push(Pupil {
                key: PupilKey(id.ok_or(bad("pupil_id", "geen getal"))?),
                birth_date: date(f[1]).ok_or(bad("birth_date", "geen datum"))?,
                region: std::str::from_utf8(f[2])
                    .ok()
                    .and_then(Region::parse)
                    .ok_or(bad("region", "geen regio noord, midden of zuid"))?,
                school: None,
                enrolled: flag(f[3]).ok_or(bad("enrolled", "verwacht true of false"))?,
                exemption: flag(f[4])
                    .ok_or(bad("exempt", "verwacht true of false"))?
                    .then(|| Period::from(Date::MIN)),
                startkwalificatie_on: flag(f[5])
                    .ok_or(bad("startkwalificatie", "verwacht true of false"))?
                    .then_some(STARTKWALIFICATIE_ON),
            });
        }
        Ok(out)
    };
    let results: Vec<Part> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks.iter().map(|c| s.spawn(|| parse(c))).collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or(Err((1, "", "interne fout"))))
            .collect()
    });
    let mut out = Vec::new();
    let mut lines_before = 1;
    for (chunk, r) in chunks.iter().zip(results) {
        match r {
            Ok(v) => out.extend(v),
            Err((line, field, reason)) => {
                return Err(row(path, lines_before + line, field, reason));
            }
        }
        lines_before += chunk.iter().filter(|b| **b == b'\n').count();
    }
    Ok(out)
}

/// `school_days.csv`: `region, date` — every school day per region.
pub fn read_school_days(path: &Path) -> Result<Vec<(Region, Date)>, ImportError> {
    let file = std::fs::File::open(path).map_err(|e| io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| io(path, e))?;
        if i == 0 || line.is_empty() {
            continue;
        }
        let (r, d) = line
            .split_once(',')
            .ok_or_else(|| row(path, i + 1, "", "verwacht region,date"))?;
        let region = Region::parse(r.trim_matches('"'))
            .ok_or_else(|| row(path, i + 1, "region", "geen regio"))?;
        let date = date(d.trim_matches('"').as_bytes())
            .ok_or_else(|| row(path, i + 1, "date", "geen datum"))?;
        out.push((region, date));
    }
    Ok(out)
}

/// Writes gen_data.py's `absence.csv` (`pupil_id, date, hours, kind`) as a bulk absence
/// file (`leerling,datum,uren,soort,grond`). Returns the number of rows. The rows are not
/// checked here: loading the result with [`crate::parse_csv`] does that.
pub fn convert_absence(src: &Path, dst: &Path) -> Result<u64, ImportError> {
    let input = std::fs::File::open(src).map_err(|e| io(src, e))?;
    let output = std::fs::File::create(dst).map_err(|e| io(dst, e))?;
    let mut r = BufReader::with_capacity(1 << 20, input);
    let mut w = BufWriter::with_capacity(1 << 20, output);
    let mut line = Vec::with_capacity(64);
    let mut rows = 0u64;
    let mut first = true;
    loop {
        line.clear();
        let n = r.read_until(b'\n', &mut line).map_err(|e| io(src, e))?;
        if n == 0 {
            break;
        }
        while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            line.pop();
        }
        if first {
            first = false;
            let header: Vec<u8> = line.iter().copied().filter(|b| *b != b'"').collect();
            if header != b"pupil_id,date,hours,kind" {
                return Err(row(src, 1, "", "geen absence.csv van gen_data.py"));
            }
            w.write_all(b"leerling,datum,uren,soort,grond\n")
                .map_err(|e| io(dst, e))?;
            continue;
        }
        if line.is_empty() {
            continue;
        }
        line.retain(|b| *b != b'"');
        line.extend_from_slice(b",\n");
        w.write_all(&line).map_err(|e| io(dst, e))?;
        rows += 1;
    }
    w.flush().map_err(|e| io(dst, e))?;
    Ok(rows)
}
