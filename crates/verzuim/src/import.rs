//! The bulk absence file a school administration exports (format: docs/formats/verzuim.md):
//! CSV with a header row, one row per pupil, day and kind of absence. The parser stops at
//! the first bad row with `FILE:LINE: field: reason` and returns nothing on error.
//!
//! Fast on purpose: a country's year is ~16 million rows. The file is read whole, split at
//! line ends into one chunk per core and parsed without allocating per row; the first
//! error in file order wins.

use crate::record::{AbsenceKind, AbsenceRecord, LeaveGround, PupilKey};
use continuum_domain::Date;
use std::io::Read;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// `verzuim.csv:12: uren: …`
    #[error("{file}:{line}: {field}: {reason}")]
    Row {
        file: String,
        line: usize,
        field: String,
        reason: String,
    },
    #[error("{file}: kan het bestand niet lezen: {message}")]
    Io { file: String, message: String },
}

impl ImportError {
    /// The stable code of the error catalogue.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Row { .. } => "verzuim.ongeldige_regel",
            ImportError::Io { .. } => "verzuim.bestand_onleesbaar",
        }
    }
}

/// Reads and parses a bulk absence file, block by block (memory stays at the records).
pub fn parse_csv(path: impl AsRef<Path>) -> Result<Vec<AbsenceRecord>, ImportError> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let io = |e: std::io::Error| ImportError::Io {
        file: name.clone(),
        message: e.to_string(),
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    parse_stream(&name, file, size)
}

/// Parses a bulk absence file from a reader; `name` names it in errors.
pub fn parse_csv_reader(name: &str, r: impl Read) -> Result<Vec<AbsenceRecord>, ImportError> {
    parse_stream(name, r, 0)
}

/// Parses a whole bulk absence file held in memory.
pub fn parse_csv_bytes(name: &str, bytes: &[u8]) -> Result<Vec<AbsenceRecord>, ImportError> {
    parse_stream(name, bytes, bytes.len() as u64)
}

/// The line (1-based, the header is line 1) of the record at `index` in what
/// [`parse_csv_bytes`] returned for these bytes: blank lines hold no record. For error
/// messages about a record found wrong later (an unknown pupil), so the parser itself
/// carries no line numbers and keeps its speed.
pub fn record_line(bytes: &[u8], index: usize) -> Option<usize> {
    let mut seen = 0usize;
    for (n, line) in bytes.split(|b| *b == b'\n').enumerate().skip(1) {
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        if seen == index {
            return Some(n + 1);
        }
        seen += 1;
    }
    None
}

const COLUMNS: &str = "leerling, datum, uren of minuten, soort, grond";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Leerling,
    Datum,
    Uren,
    Minuten,
    Soort,
    Grond,
}

impl Col {
    fn name(self) -> &'static str {
        match self {
            Col::Leerling => "leerling",
            Col::Datum => "datum",
            Col::Uren => "uren",
            Col::Minuten => "minuten",
            Col::Soort => "soort",
            Col::Grond => "grond",
        }
    }
}

/// A row problem: (line within the part, starting at 1; field; reason).
type RowErr = (usize, &'static str, String);

/// Bytes read and parsed at a time: the records of one block are parsed on all cores.
const BLOCK: usize = 8 << 20;

fn parse_stream(
    name: &str,
    r: impl Read,
    size_hint: u64,
) -> Result<Vec<AbsenceRecord>, ImportError> {
    parse_blocks(name, r, size_hint, BLOCK, 256 << 10)
}

/// [`parse_stream`] with the block size and the size below which no threads are started
/// (small in tests, to exercise the pipeline).
fn parse_blocks(
    name: &str,
    mut r: impl Read,
    size_hint: u64,
    block: usize,
    small: usize,
) -> Result<Vec<AbsenceRecord>, ImportError> {
    let row_err = |line: usize, field: &str, reason: String| ImportError::Row {
        file: name.to_owned(),
        line,
        field: field.to_owned(),
        reason,
    };
    let io = |e: std::io::Error| ImportError::Io {
        file: name.to_owned(),
        message: e.to_string(),
    };
    let mut reader = Blocks {
        r: &mut r,
        carry: Vec::new(),
        eof: false,
    };
    // The header, from the first block.
    let mut first = vec![0u8; block];
    let len = reader.fill(&mut first).map_err(io)?;
    let data = &first[..len];
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let header_end = data.iter().position(|b| *b == b'\n').unwrap_or(data.len());
    let (cols, sep) =
        parse_header(&data[..header_end]).map_err(|(f, reason)| row_err(1, &f, reason))?;
    let body_start = len - data.len() + (header_end + 1).min(data.len());
    first.copy_within(body_start..len, 0);
    let first_len = len - body_start;

    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 16);
    // ~30 bytes a row; only the pages written are ever touched.
    let mut out: Vec<AbsenceRecord> = Vec::with_capacity((size_hint / 24) as usize);
    if reader.eof && first_len < small {
        // Small: no threads.
        parse_rows(&first[..first_len], &cols, sep, &mut out)
            .map_err(|(line, field, reason)| row_err(1 + line, field, reason))?;
        return Ok(out);
    }
    // A pipeline: this thread reads blocks (ending at a line end) and appends the parsed
    // records in order; the workers parse blocks. Buffers go round and are reused.
    type Job = (usize, Vec<u8>, usize, Vec<AbsenceRecord>);
    type Done = (usize, Vec<u8>, Vec<AbsenceRecord>, Result<usize, RowErr>);
    let (job_tx, job_rx) = std::sync::mpsc::sync_channel::<Job>(threads);
    let job_rx = std::sync::Mutex::new(job_rx);
    let (done_tx, done_rx) = std::sync::mpsc::channel::<Done>();
    let cols = &cols;
    std::thread::scope(|s| -> Result<Vec<AbsenceRecord>, ImportError> {
        // Owned here, so that any return ends the workers (their `recv` fails).
        let job_tx = job_tx;
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let job_rx = &job_rx;
            s.spawn(move || {
                loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok((i, buf, len, mut recs)) = job else {
                        break;
                    };
                    // A panic must not leave this thread waiting for a block that never
                    // comes back: it becomes an error of that block.
                    let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        parse_rows(&buf[..len], cols, sep, &mut recs)
                    }))
                    .unwrap_or_else(|_| Err((1, "", "interne fout bij het lezen".to_owned())));
                    if done_tx.send((i, buf, recs, res)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let mut free_bufs: Vec<Vec<u8>> = Vec::new();
        let mut free_recs: Vec<Vec<AbsenceRecord>> = Vec::new();
        let mut pending: std::collections::BTreeMap<
            usize,
            (Vec<AbsenceRecord>, Result<usize, RowErr>),
        > = Default::default();
        let mut lines_done = 1usize; // the header
        let (mut sent, mut next) = (0usize, 0usize);
        let mut in_flight = 0usize;
        let mut first = (first_len > 0).then_some((first, first_len));
        let mut eof = false;
        loop {
            // Keep every worker busy: send blocks while fewer than 2 per worker are out.
            while !eof && in_flight < 2 * threads {
                let (buf, len) = match first.take() {
                    Some(f) => f,
                    None => {
                        let mut buf = free_bufs.pop().unwrap_or_else(|| vec![0u8; block]);
                        let len = reader.fill(&mut buf).map_err(io)?;
                        (buf, len)
                    }
                };
                if len == 0 {
                    eof = true;
                    break;
                }
                let recs = free_recs.pop().unwrap_or_default();
                if job_tx.send((sent, buf, len, recs)).is_err() {
                    return Err(row_err(
                        lines_done,
                        "",
                        "interne fout bij het lezen".to_owned(),
                    ));
                }
                sent += 1;
                in_flight += 1;
            }
            if next == sent && eof {
                break;
            }
            let Ok((i, buf, recs, res)) = done_rx.recv() else {
                return Err(row_err(
                    lines_done,
                    "",
                    "interne fout bij het lezen".to_owned(),
                ));
            };
            in_flight -= 1;
            free_bufs.push(buf);
            pending.insert(i, (recs, res));
            // Append, in file order, what is ready; the first error in file order wins.
            while let Some((recs, res)) = pending.remove(&next) {
                match res {
                    Ok(lines) => lines_done += lines,
                    Err((line, field, reason)) => {
                        drop(job_tx);
                        return Err(row_err(lines_done + line, field, reason));
                    }
                }
                out.extend_from_slice(&recs);
                free_recs.push(recs);
                next += 1;
            }
        }
        drop(job_tx);
        Ok(out)
    })
}

/// Reads a file in blocks that end at a line end (the rest is carried to the next block).
struct Blocks<'r, R: Read> {
    r: &'r mut R,
    carry: Vec<u8>,
    eof: bool,
}

impl<R: Read> Blocks<'_, R> {
    /// Fills `buf` (growing it if one line does not fit) and returns the length used.
    fn fill(&mut self, buf: &mut Vec<u8>) -> std::io::Result<usize> {
        if buf.len() <= self.carry.len() {
            buf.resize(self.carry.len() * 2, 0);
        }
        let mut filled = self.carry.len();
        buf[..filled].copy_from_slice(&self.carry);
        self.carry.clear();
        loop {
            while !self.eof && filled < buf.len() {
                let n = self.r.read(&mut buf[filled..])?;
                if n == 0 {
                    self.eof = true;
                }
                filled += n;
            }
            if self.eof {
                return Ok(filled);
            }
            match buf[..filled].iter().rposition(|b| *b == b'\n') {
                Some(p) => {
                    self.carry.extend_from_slice(&buf[p + 1..filled]);
                    return Ok(p + 1);
                }
                None => {
                    let more = buf.len();
                    buf.resize(buf.len() + more, 0);
                }
            }
        }
    }
}

fn parse_header(header: &[u8]) -> Result<(Vec<Col>, u8), (String, String)> {
    let header = trim_cr(header);
    if header.is_empty() {
        return Err((
            String::new(),
            format!("kopregel ontbreekt (verwacht: {COLUMNS})"),
        ));
    }
    let sep = if header.contains(&b';') && !header.contains(&b',') {
        b';'
    } else {
        b','
    };
    let mut cols: Vec<Col> = Vec::new();
    for raw in header.split(|b| *b == sep) {
        let f = unquote(raw).map_err(|r| (String::new(), r))?;
        let f = std::str::from_utf8(f)
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let col = [
            Col::Leerling,
            Col::Datum,
            Col::Uren,
            Col::Minuten,
            Col::Soort,
            Col::Grond,
        ]
        .into_iter()
        .find(|c| c.name() == f)
        .ok_or_else(|| {
            (
                f.clone(),
                format!("onbekende kolom (toegestaan: {COLUMNS})"),
            )
        })?;
        if cols.contains(&col) {
            return Err((col.name().to_owned(), "kolom staat er twee keer".to_owned()));
        }
        cols.push(col);
    }
    for need in [Col::Leerling, Col::Datum, Col::Soort] {
        if !cols.contains(&need) {
            return Err((need.name().to_owned(), "kolom ontbreekt".to_owned()));
        }
    }
    match (cols.contains(&Col::Uren), cols.contains(&Col::Minuten)) {
        (false, false) => Err((
            "uren".to_owned(),
            "kolom uren of minuten ontbreekt".to_owned(),
        )),
        (true, true) => Err((
            "minuten".to_owned(),
            "geef uren of minuten, niet beide".to_owned(),
        )),
        _ => Ok((cols, sep)),
    }
}

/// Splits `data` into `n` parts, each ending after a line end.
pub(crate) fn split_chunks(data: &[u8], n: usize) -> Vec<&[u8]> {
    let n = if data.len() < (256 << 10) {
        1
    } else {
        n.max(1)
    };
    let mut out = Vec::with_capacity(n);
    let mut start = 0;
    for i in 1..n {
        let target = (data.len() * i / n).max(start);
        let Some(nl) = data[target..].iter().position(|b| *b == b'\n') else {
            break;
        };
        let end = target + nl + 1;
        out.push(&data[start..end]);
        start = end;
    }
    out.push(&data[start..]);
    out
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// A field without its surrounding double quotes. Values in this format never contain
/// quotes or separators, except a decimal comma in a quoted `uren` field.
fn unquote(f: &[u8]) -> Result<&[u8], String> {
    match f {
        [b'"', inner @ .., b'"'] if !inner.contains(&b'"') => Ok(inner),
        _ if f.contains(&b'"') => Err("aanhalingstekens kloppen niet".to_owned()),
        _ => Ok(f),
    }
}

/// The next field of `line` from `pos`: the field (unquoted) and the position after its
/// separator; `None` at the end of the line.
#[inline]
fn next_field(line: &[u8], pos: usize, sep: u8) -> Result<Option<(&[u8], usize)>, String> {
    if pos > line.len() {
        return Ok(None);
    }
    let rest = &line[pos..];
    if rest.first() == Some(&b'"') {
        let close = rest[1..]
            .iter()
            .position(|b| *b == b'"')
            .ok_or_else(|| "aanhalingstekens kloppen niet".to_owned())?;
        let f = &rest[1..1 + close];
        return match rest.get(close + 2) {
            None => Ok(Some((f, line.len() + 1))),
            Some(b) if *b == sep => Ok(Some((f, pos + close + 3))),
            Some(_) => Err("aanhalingstekens kloppen niet".to_owned()),
        };
    }
    let end = rest.iter().position(|b| *b == sep).unwrap_or(rest.len());
    let f = &rest[..end];
    if f.contains(&b'"') {
        return Err("aanhalingstekens kloppen niet".to_owned());
    }
    Ok(Some((f, pos + end + 1)))
}

/// Parses the rows of one part into `out` (cleared first); returns the number of lines.
/// Each row is tried on the fast path (plain fields in the usual spelling); a row it does
/// not take is parsed again on the checking path, which also words the errors.
fn parse_rows(
    part: &[u8],
    cols: &[Col],
    sep: u8,
    out: &mut Vec<AbsenceRecord>,
) -> Result<usize, RowErr> {
    out.clear();
    let mut dates = DateCache::new();
    let mut lines = 0usize;
    let mut i = 0usize;
    while i < part.len() {
        lines += 1;
        if let Some((rec, next)) = fast_row(part, i, cols, sep, &mut dates) {
            out.push(rec);
            i = next;
            continue;
        }
        let end = part[i..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(part.len(), |e| i + e);
        if let Some(rec) =
            slow_row(&part[i..end], cols, sep, &mut dates).map_err(|(f, r)| (lines, f, r))?
        {
            out.push(rec);
        }
        i = end + 1;
    }
    Ok(lines)
}

/// The row at `i` when every field is plain: digits, an ISO date, hours with a `.`, a
/// lower-case kind and no ground. `None` sends the row to [`slow_row`].
#[inline]
fn fast_row(
    b: &[u8],
    mut i: usize,
    cols: &[Col],
    sep: u8,
    dates: &mut DateCache,
) -> Option<(AbsenceRecord, usize)> {
    let (mut pupil, mut date, mut minutes, mut kind) = (None, None, None, None);
    let last = cols.len() - 1;
    for (c, col) in cols.iter().enumerate() {
        let start = i;
        while i < b.len() && b[i] != sep && b[i] != b'\n' && b[i] != b'\r' {
            i += 1;
        }
        let f = &b[start..i];
        // The field must end in the separator, or the last one in the line end.
        match b.get(i) {
            Some(x) if *x == sep && c < last => i += 1,
            Some(b'\n') if c == last => i += 1,
            Some(b'\r') if c == last && b.get(i + 1) == Some(&b'\n') => i += 2,
            None if c == last => {}
            _ => return None,
        }
        match col {
            Col::Leerling => pupil = Some(PupilKey(digits(f)?)),
            Col::Datum => date = Some(dates.parse(f).ok()?),
            Col::Uren => minutes = Some(parse_hours(f).ok()?),
            Col::Minuten => minutes = Some(parse_minutes(f).ok()?),
            Col::Soort => {
                kind = Some(match f {
                    b"ziek" => AbsenceKind::Ziek,
                    b"ongeoorloofd" => AbsenceKind::Ongeoorloofd,
                    b"geoorloofd" => AbsenceKind::Geoorloofd(None),
                    b"te laat" => AbsenceKind::TeLaat,
                    _ => return None,
                })
            }
            Col::Grond if f.is_empty() => {}
            Col::Grond => return None,
        }
    }
    Some((
        AbsenceRecord {
            pupil: pupil?,
            date: date?,
            minutes: minutes?,
            kind: kind?,
        },
        i,
    ))
}

/// Counts the fields of a line (separators outside quotes, plus one).
fn count_fields(line: &[u8], sep: u8) -> usize {
    let mut quoted = false;
    let mut n = 1;
    for b in line {
        if *b == b'"' {
            quoted = !quoted;
        } else if *b == sep && !quoted {
            n += 1;
        }
    }
    n
}

/// One row on the checking path: `Ok(None)` for a blank line.
fn slow_row(
    line: &[u8],
    cols: &[Col],
    sep: u8,
    dates: &mut DateCache,
) -> Result<Option<AbsenceRecord>, (&'static str, String)> {
    let line = trim_cr(line);
    if line.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(None);
    }
    let mut pupil = None;
    let mut date = None;
    let mut minutes = None;
    let mut kind = None;
    let mut ground_raw: &[u8] = b"";
    let mut pos = 0usize;
    for col in cols {
        let Some((f, next)) = next_field(line, pos, sep).map_err(|r| (col.name(), r))? else {
            let reason = format!(
                "verwacht {} velden, gevonden {}",
                cols.len(),
                count_fields(line, sep)
            );
            return Err(("", reason));
        };
        pos = next;
        let f = trim(f);
        match col {
            Col::Leerling => pupil = Some(parse_pupil(f).map_err(|r| ("leerling", r))?),
            Col::Datum => date = Some(dates.parse(f).map_err(|r| ("datum", r))?),
            Col::Uren => minutes = Some(parse_hours(f).map_err(|r| ("uren", r))?),
            Col::Minuten => minutes = Some(parse_minutes(f).map_err(|r| ("minuten", r))?),
            Col::Soort => kind = Some(parse_kind(f).map_err(|r| ("soort", r))?),
            Col::Grond => ground_raw = f,
        }
    }
    if pos <= line.len() {
        let reason = format!(
            "verwacht {} velden, gevonden {}",
            cols.len(),
            count_fields(line, sep)
        );
        return Err(("", reason));
    }
    let (Some(pupil), Some(date), Some(minutes), Some(kind)) = (pupil, date, minutes, kind) else {
        return Err(("", "onvolledige regel".to_owned()));
    };
    let kind = if ground_raw.is_empty() {
        kind
    } else {
        let ground = parse_ground(ground_raw).map_err(|r| ("grond", r))?;
        let is_11d = ground_raw.eq_ignore_ascii_case(b"11d");
        match kind {
            AbsenceKind::Geoorloofd(_) if is_11d => {
                return Err((
                    "grond",
                    "ziekte (art. 11 onder d) heeft een eigen soort: ziek".to_owned(),
                ));
            }
            AbsenceKind::Geoorloofd(_) => AbsenceKind::Geoorloofd(ground),
            AbsenceKind::Ziek if is_11d => AbsenceKind::Ziek,
            k => {
                let reason = format!(
                    "een grond hoort alleen bij geoorloofd verzuim (ziek: leeg of 11d), niet bij {}",
                    k.as_str()
                );
                return Err(("grond", reason));
            }
        }
    };
    Ok(Some(AbsenceRecord {
        pupil,
        date,
        minutes,
        kind,
    }))
}

fn trim(f: &[u8]) -> &[u8] {
    let start = f.iter().position(|b| *b != b' ').unwrap_or(f.len());
    let end = f.iter().rposition(|b| *b != b' ').map_or(start, |e| e + 1);
    &f[start..end]
}

fn show(f: &[u8]) -> String {
    let s = String::from_utf8_lossy(f);
    let mut shown: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        shown.push('…');
    }
    shown
}

fn digits(f: &[u8]) -> Option<u64> {
    if f.is_empty() || f.len() > 18 || !f.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(f.iter().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')))
}

fn parse_pupil(f: &[u8]) -> Result<PupilKey, String> {
    if f.is_empty() {
        return Err("leeg; verwacht een leerlingnummer".to_owned());
    }
    digits(f).map(PupilKey).ok_or_else(|| {
        format!(
            "\"{}\" is geen leerlingnummer (alleen cijfers, hoogstens 18)",
            show(f)
        )
    })
}

/// Recently parsed dates: a year's file holds a few hundred distinct dates, so nearly every
/// row hits.
struct DateCache {
    slots: Vec<(u32, Date)>,
}

impl DateCache {
    fn new() -> DateCache {
        DateCache {
            slots: vec![(u32::MAX, Date::MIN); 1024],
        }
    }

    #[inline]
    fn parse(&mut self, f: &[u8]) -> Result<Date, String> {
        let num = |a: &[u8]| {
            a.iter().try_fold(0u32, |n, b| {
                (b.is_ascii_digit()).then(|| n * 10 + u32::from(b - b'0'))
            })
        };
        let parts = (f.len() == 10 && f[4] == b'-' && f[7] == b'-')
            .then(|| (num(&f[0..4]), num(&f[5..7]), num(&f[8..10])));
        if let Some((Some(y), Some(m), Some(d))) = parts {
            let key = y * 10_000 + m * 100 + d;
            let slot = ((d + 31 * m + 401 * y) & 1023) as usize;
            if self.slots[slot].0 == key {
                return Ok(self.slots[slot].1);
            }
            let date = parse_date(f)?;
            self.slots[slot] = (key, date);
            return Ok(date);
        }
        parse_date(f)
    }
}

fn parse_date(f: &[u8]) -> Result<Date, String> {
    let bad = || {
        format!(
            "\"{}\" is geen datum (verwacht JJJJ-MM-DD, zoals 2026-03-06)",
            show(f)
        )
    };
    if f.len() != 10 || f[4] != b'-' || f[7] != b'-' {
        return Err(bad());
    }
    let (y, m, d) = (digits(&f[0..4]), digits(&f[5..7]), digits(&f[8..10]));
    let (Some(y), Some(m), Some(d)) = (y, m, d) else {
        return Err(bad());
    };
    let y = i32::try_from(y).map_err(|_| bad())?;
    Date::from_ymd_opt(y, m as u32, d as u32).ok_or_else(|| format!("{} bestaat niet", show(f)))
}

const MAX_MINUTES: u64 = 24 * 60;

/// Decimal hours to exact whole minutes: `5.5` or `5,5` is 330; at most two decimals, and
/// the hours must come to whole minutes (`0.05` is 3 minutes, `0.01` is refused).
fn parse_hours(f: &[u8]) -> Result<u16, String> {
    let bad = || format!("\"{}\" is geen aantal uren (zoals 5 of 5,5)", show(f));
    let (int, frac) = match f.iter().position(|b| *b == b'.' || *b == b',') {
        Some(p) => (&f[..p], &f[p + 1..]),
        None => (f, &b""[..]),
    };
    if int.is_empty() || frac.len() > 2 || (f.len() > int.len() && frac.is_empty()) {
        return Err(bad());
    }
    let whole = digits(int).ok_or_else(bad)?;
    let hundredths = if frac.is_empty() {
        0
    } else {
        let v = digits(frac).ok_or_else(bad)?;
        if frac.len() == 1 { v * 10 } else { v }
    };
    let total = whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(hundredths))
        .ok_or_else(bad)?;
    if (total * 60) % 100 != 0 {
        return Err(format!(
            "{} uur is geen heel aantal minuten; gebruik de kolom minuten",
            show(f)
        ));
    }
    check_minutes(total * 60 / 100, f)
}

fn parse_minutes(f: &[u8]) -> Result<u16, String> {
    let m = digits(f).ok_or_else(|| format!("\"{}\" is geen aantal minuten", show(f)))?;
    check_minutes(m, f)
}

fn check_minutes(m: u64, f: &[u8]) -> Result<u16, String> {
    if m == 0 {
        return Err("0: een verzuimregel heeft meer dan 0 minuten".to_owned());
    }
    if m > MAX_MINUTES {
        return Err(format!("{}: meer dan 24 uur op één dag", show(f)));
    }
    u16::try_from(m).map_err(|_| format!("{}: te groot", show(f)))
}

fn parse_kind(f: &[u8]) -> Result<AbsenceKind, String> {
    let eq = |s: &str| f.eq_ignore_ascii_case(s.as_bytes());
    if eq("ongeoorloofd") {
        Ok(AbsenceKind::Ongeoorloofd)
    } else if eq("ziek") {
        Ok(AbsenceKind::Ziek)
    } else if eq("geoorloofd") {
        Ok(AbsenceKind::Geoorloofd(None))
    } else if eq("te laat") || eq("te_laat") {
        Ok(AbsenceKind::TeLaat)
    } else {
        Err(format!(
            "onbekende soort \"{}\" (toegestaan: ongeoorloofd, ziek, geoorloofd, te laat)",
            show(f)
        ))
    }
}

fn parse_ground(f: &[u8]) -> Result<Option<LeaveGround>, String> {
    if f.is_empty() || f.eq_ignore_ascii_case(b"11d") {
        return Ok(None);
    }
    let s = std::str::from_utf8(f).unwrap_or("");
    LeaveGround::parse(s).map(Some).ok_or_else(|| {
        format!(
            "onbekende grond \"{}\" (toegestaan: 11a, 11b, 11c, 11e, 11f, 11g, 13a, 14; ziekte is 11d)",
            show(f)
        )
    })
}

#[cfg(test)]
mod tests;
