//! End-to-end: the real `continuum` binary, as a user runs it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

fn continuum() -> Command {
    Command::new(env!("CARGO_BIN_EXE_continuum"))
}

/// A plain HTTP/1.1 GET on loopback; returns status line, headers and body as text.
fn http_get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, out)
}

/// `continuum export --format json --out -` of a database, as the process output.
fn export_json(url: &str) -> std::process::Output {
    continuum()
        .args([
            "export",
            "--format",
            "json",
            "--out",
            "-",
            "--database-url",
            url,
        ])
        .output()
        .unwrap()
}

struct Running(Child);
impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `continuum demo` with its data in `dir`: the running process and the lines it
/// prints.
fn start_demo(
    dir: &std::path::Path,
) -> (
    Running,
    std::io::Lines<BufReader<std::process::ChildStdout>>,
) {
    let child = continuum()
        .args(["demo", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut running = Running(child);
    let stdout = running.0.stdout.take().unwrap();
    (running, BufReader::new(stdout).lines())
}

#[test]
fn demo_generates_a_region_serves_it_and_prints_a_login_per_role() {
    let dir = tempfile::tempdir().unwrap();
    let (_running, mut lines) = start_demo(dir.path());
    let mut printed = Vec::new();
    let mut addr = None;
    while let Some(Ok(line)) = lines.next() {
        if let Some(rest) = line.strip_prefix("continuum draait op http://") {
            addr = Some(rest.split('/').next().unwrap().to_owned());
        }
        let done = line.starts_with("API:");
        printed.push(line);
        if done {
            break;
        }
    }
    let text = printed.join("\n");
    let addr = addr.unwrap_or_else(|| panic!("no address printed:\n{text}"));
    assert!(text.contains("demoregio aangemaakt"), "{text}");
    for role in ["Registrator", "Medewerker", "Beheerder", "Ouder"] {
        assert!(text.contains(role), "no demo login for {role}:\n{text}");
    }
    let (status, body) = http_get(&addr, "/api/v1/openapi.json");
    assert_eq!(status, 200);
    assert!(body.contains("\"openapi\": \"3.1"));
    let (status, body) = http_get(&addr, "/inloggen");
    assert_eq!(status, 200);
    assert!(body.contains("<html lang=\"nl\">"));
    assert!(dir.path().join("demo.sqlite").exists());
}

#[test]
fn a_bad_row_stops_the_import_with_file_line_field_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("db.sqlite").display());
    let orgs = dir.path().join("organisations.csv");
    std::fs::write(
        &orgs,
        "kind,code,name,valid_from,zorgkantoor,region_name\n\
         zorgkantoor,ZK14,Zorgkantoor Midden-Brabant,2020-01-01,,Midden-Brabant\n\
         gemeente,GM0855,Gemeente Tilburg,2020-01-01,ZK14,\n\
         gemeente,GM08X5,Gemeente Fout,2020-01-01,ZK14,\n",
    )
    .unwrap();
    let out = continuum()
        .args(["import", "--database-url", &url])
        .arg(&orgs)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{}:4: code: ", orgs.display())),
        "{err}"
    );
    let export = export_json(&url);
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let n = doc
        .get("organisations")
        .and_then(|o| o.as_array())
        .map_or(0, |a| a.len());
    assert_eq!(n, 0, "nothing of the failed import is stored");

    // The same file without the bad row imports.
    std::fs::write(
        &orgs,
        std::fs::read_to_string(&orgs)
            .unwrap()
            .lines()
            .take(3)
            .collect::<Vec<_>>()
            .join("\n")
            + "\n",
    )
    .unwrap();
    let out = continuum()
        .args(["import", "--database-url", &url])
        .arg(&orgs)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 organisaties"));
}

#[test]
fn migrate_creates_the_embedded_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = continuum()
        .args(["migrate", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("continuum.sqlite").exists());
}

#[test]
fn a_user_added_on_the_command_line_can_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("db.sqlite").display());
    let orgs = dir.path().join("organisations.csv");
    std::fs::write(&orgs, "kind,code,name,valid_from,zorgkantoor,region_name\nzorgkantoor,ZK14,Zorgkantoor Midden-Brabant,2020-01-01,,Midden-Brabant\ngemeente,GM0855,Gemeente Tilburg,2020-01-01,ZK14,\n").unwrap();
    assert!(
        continuum()
            .args(["import", "--database-url", &url])
            .arg(&orgs)
            .output()
            .unwrap()
            .status
            .success()
    );
    let add = |password: &str| {
        continuum()
            .args([
                "user",
                "add",
                "--org",
                "gemeente:GM0855",
                "--login",
                "lpa@tilburg",
                "--name",
                "Leerplicht Tilburg",
                "--role",
                "registrator",
                "--database-url",
                &url,
            ])
            .env("CONTINUUM_PASSWORD", password)
            .output()
            .unwrap()
    };
    let short = add("kort");
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("minstens 12 tekens"));
    let ok = add("een lang genoeg wachtwoord");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    // Serve the database and sign in through the API.
    let child = continuum()
        .args(["serve", "--addr", "127.0.0.1:0", "--database-url", &url])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut running = Running(child);
    let mut lines = BufReader::new(running.0.stdout.take().unwrap()).lines();
    let line = lines.next().unwrap().unwrap();
    let addr = line
        .strip_prefix("continuum draait op http://")
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let body = r#"{"login":"lpa@tilburg","password":"een lang genoeg wachtwoord"}"#;
    let mut s = TcpStream::connect(&addr).unwrap();
    write!(s, "POST /api/v1/sessions HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 201"), "{out}");
    assert!(out.contains("\"role\":\"registrator\""));
}

#[test]
fn a_parent_account_for_an_unknown_pupil_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("db.sqlite").display());
    let out = continuum()
        .args([
            "user",
            "add-parent",
            "--pupil",
            "0195f3a0-0000-7000-8000-000000000000",
            "--login",
            "ouder@x",
            "--name",
            "Ouder",
            "--database-url",
            &url,
        ])
        .env("CONTINUUM_PASSWORD", "een lang genoeg wachtwoord")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("fact.pupil"));
    let export = export_json(&url);
    let doc: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert!(
        doc.get("organisations")
            .and_then(|o| o.as_array())
            .is_none_or(|a| a.is_empty())
    );
}

#[test]
fn rules_leerplicht_answers_each_case_with_its_legal_basis_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("gevallen.jsonl");
    std::fs::write(
        &cases,
        "{\"id\": \"a\", \"birth_date\": \"2021-03-14\", \"on\": \"2026-09-01\"}\n\
         {\"id\": \"b\", \"birth_date\": \"2010-07-31\", \"on\": \"2026-08-01\"}\n",
    )
    .unwrap();
    let out = continuum()
        .args(["rules", "leerplicht", "--trace"])
        .arg(&cases)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answers: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), 2);
    assert_eq!(
        (
            answers[0]["id"].as_str(),
            answers[0]["status"].as_str(),
            answers[0]["from"].as_str()
        ),
        (Some("a"), Some("leerplichtig"), Some("2026-04-01"))
    );
    assert_eq!(
        (answers[1]["status"].as_str(), answers[1]["until"].as_str()),
        (Some("kwalificatieplichtig"), Some("2028-07-30"))
    );
    let trace = answers[0]["trace"].to_string();
    assert!(trace.contains("BWBR0002628"), "{trace}");
    // Without --trace no reasoning is built.
    let out = continuum()
        .args(["rules", "leerplicht"])
        .arg(&cases)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\"trace\""));
}

#[test]
fn rules_name_the_line_and_field_of_a_bad_case() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("gevallen.csv");
    std::fs::write(
        &cases,
        "id,on,birth_date\na,2026-09-01,2021-03-14\nb,2026-09-01,2021-02-30\n",
    )
    .unwrap();
    let out = continuum()
        .args(["rules", "leerplicht"])
        .arg(&cases)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!("{}:3: birth_date: ", cases.display())),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "no answers when the input is bad");
    // A date before every parameter period is an error that names the date, not a default.
    std::fs::write(&cases, "id,on,birth_date\na,1950-01-01,1945-03-14\n").unwrap();
    let out = continuum()
        .args(["rules", "leerplicht"])
        .arg(&cases)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(":2: on: geen waarde van parameter"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn rules_aan_zet_and_emb_answer_json_cases() {
    let dir = tempfile::tempdir().unwrap();
    let aan_zet = dir.path().join("aan-zet.jsonl");
    let tilburg = "0195f3a0-0000-7000-8000-000000000001";
    std::fs::write(
        &aan_zet,
        format!(
            "{{\"id\": \"n1\", \"on\": \"2026-09-01\", \"case\": {{\"need\": {{\"category\": \"begeleiding\"}}, \"birth_date\": \"2016-05-10\", \"indications\": [], \"municipality\": {{\"id\": \"{tilburg}\", \"name\": \"Tilburg\"}}}}}}\n"
        ),
    )
    .unwrap();
    let out = continuum()
        .args(["rules", "aan-zet", "--trace"])
        .arg(&aan_zet)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["answer"]["domain"], "jeugdwet");
    assert_eq!(answer["answer"]["payer"]["name"], "Tilburg");
    assert_eq!(
        answer["answer"]["contact"],
        "Neem contact op met de gemeente Tilburg (Jeugdwet). Vraag daar hulp voor uw kind aan."
    );
    assert!(answer["trace"].to_string().contains("BWBR0034925"));

    // EMB: three claims of € 8,000 against a budget far larger: everyone gets the cap.
    let emb = dir.path().join("emb.json");
    let claim = |n: u32| {
        format!(
            "{{\"pupil\": \"0195f3a0-0000-7000-8000-00000000010{n}\", \"school\": \"0195f3a0-0000-7000-8000-000000000200\", \"claim\": 900000}}"
        )
    };
    std::fs::write(
        &emb,
        format!(
            "{{\"on\": \"2026-09-01\", \"case\": [{}, {}, {}]}}",
            claim(1),
            claim(2),
            claim(3)
        ),
    )
    .unwrap();
    let out = continuum()
        .args(["rules", "emb"])
        .arg(&emb)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let amounts: Vec<i64> = answer["answer"]["shares"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["amount"].as_i64().unwrap())
        .collect();
    assert_eq!(
        amounts,
        vec![800_000, 800_000, 800_000],
        "capped at € 8,000"
    );

    // After the regeling ends (2026-12-31) there is no answer but an error naming the date.
    std::fs::write(
        &emb,
        format!("{{\"on\": \"2027-01-01\", \"case\": [{}]}}", claim(1)),
    )
    .unwrap();
    let out = continuum()
        .args(["rules", "emb"])
        .arg(&emb)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(": on: geen waarde van parameter"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A misspelt field is named with its line.
    std::fs::write(
        &aan_zet,
        "{\"case\": {\"need\": {\"category\": \"begeleiding\"}, \"birthdate\": \"2016-05-10\"}}\n",
    )
    .unwrap();
    let out = continuum()
        .args(["rules", "aan-zet"])
        .arg(&aan_zet)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with(&format!("{}:1: case.birthdate: ", aan_zet.display())),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn verzuim_scan_reports_16_hours_in_4_teaching_weeks_and_not_15_and_a_half() {
    let dir = tempfile::tempdir().unwrap();
    let pupils = dir.path().join("pupils.csv");
    std::fs::write(
        &pupils,
        "pupil_id,birth_date,region,enrolled,exempt,startkwalificatie\n\
         1,2014-05-01,midden,true,false,false\n\
         2,2014-06-01,midden,true,false,false\n",
    )
    .unwrap();
    let absence = dir.path().join("verzuim.csv");
    std::fs::write(
        &absence,
        "leerling,datum,uren,soort,grond\n\
         1,2025-09-08,6,ongeoorloofd,\n\
         1,2025-09-09,6,ongeoorloofd,\n\
         1,2025-09-10,4,ongeoorloofd,\n\
         2,2025-09-08,6,ongeoorloofd,\n\
         2,2025-09-09,6,ongeoorloofd,\n\
         2,2025-09-10,\"3,5\",ongeoorloofd,\n",
    )
    .unwrap();
    let out = continuum()
        .args(["verzuim", "scan", "--op", "2025-09-30", "--leerlingen"])
        .arg(&pupils)
        .arg("--verzuim")
        .arg(&absence)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "a header and one signal: {text}");
    assert!(
        lines[1].starts_with("1;16-uursmelding;2025-09-10;2025-09-08;2025-09-10;16;"),
        "{text}"
    );
    assert!(lines[1].contains("art. 21a lid 1"), "{text}");
    // A bad row stops the scan with file, line and field, and prints no signal.
    std::fs::write(
        &absence,
        "leerling,datum,uren,soort,grond\n1,2025-09-31,6,ongeoorloofd,\n",
    )
    .unwrap();
    let out = continuum()
        .args(["verzuim", "scan", "--op", "2025-09-30", "--leerlingen"])
        .arg(&pupils)
        .arg("--verzuim")
        .arg(&absence)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("verzuim.csv:2: datum:"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn zio_plan_reads_an_instance_and_writes_the_proven_optimum() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.json");
    let instance = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../zio/tests/data/instance-20-2.json"
    );
    let res = continuum()
        .args([
            "zio",
            "plan",
            "--instance",
            instance,
            "--time-limit",
            "5",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(plan["formatVersion"], "zio-plan/1");
    assert_eq!(plan["status"], "optimal");
    assert_eq!(
        plan["objective"],
        serde_json::json!({"distinctWorkersPerClass": 6, "providers": 2, "costCents": 319000})
    );
    // The plan is valid for the planning core's own checker (a mirror of verify.py, which CI runs too).
    let inst = continuum_zio::Instance::parse(&std::fs::read_to_string(instance).unwrap()).unwrap();
    let parsed: continuum_zio::Plan = serde_json::from_value(plan).unwrap();
    assert!(continuum_zio::validate(&inst, &parsed).is_empty());
    // A broken instance names the field and stores nothing.
    std::fs::write(
        dir.path().join("bad.json"),
        "{\"formatVersion\": \"zio-plan/2\"}",
    )
    .unwrap();
    let res = continuum()
        .args(["zio", "plan", "--instance"])
        .arg(dir.path().join("bad.json"))
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&res.stderr).contains("bad.json"));
}

/// The progress bar of `continuum zio plan` is drawn on a terminal (here a pseudo-terminal)
/// and kept out of a pipe, where only the plan and the summary go.
#[cfg(unix)]
#[test]
fn zio_plan_shows_its_progress_on_a_terminal_and_not_in_a_pipe() {
    let instance = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../zio/tests/data/instance-200-20.json"
    );
    let dir = tempfile::tempdir().unwrap();
    let args = |out: &str| {
        let mut c = continuum();
        c.args([
            "zio",
            "plan",
            "--instance",
            instance,
            "--time-limit",
            "1",
            "--out",
        ])
        .arg(dir.path().join(out));
        c
    };
    let size = nix::pty::Winsize {
        ws_row: 24,
        ws_col: 100,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let pty = nix::pty::openpty(Some(&size), None).unwrap();
    let mut child = args("tty.json")
        .stdin(Stdio::null())
        .stderr(Stdio::from(pty.slave))
        .spawn()
        .unwrap();
    // read the terminal until the child has gone (then reading fails)
    let mut master = std::fs::File::from(pty.master);
    let reader = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = master.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
        }
        String::from_utf8_lossy(&seen).into_owned()
    });
    assert!(child.wait().unwrap().success());
    let screen = reader.join().unwrap();
    assert!(screen.contains("van 1 s plannen"), "{screen:?}");
    assert!(dir.path().join("tty.json").exists());
    let piped = args("pipe.json").output().unwrap();
    assert!(piped.status.success());
    let err = String::from_utf8_lossy(&piped.stderr);
    assert!(!err.contains("plannen"), "{err}");
    assert!(err.contains("vaste zorgverleners"), "{err}");
}

/// Starts `continuum demo` in `dir`, waits until it serves, and stops it: the demo region
/// stays behind in `dir/demo.sqlite`.
fn demo_database(dir: &std::path::Path) {
    let (_running, lines) = start_demo(dir);
    let served = lines
        .map_while(Result::ok)
        .any(|line| line.starts_with("API:"));
    assert!(served, "the demo stopped before it served");
}

#[test]
fn zio_coverage_lists_per_school_each_funder_and_whether_an_agreement_covers_it() {
    let dir = tempfile::tempdir().unwrap();
    demo_database(dir.path());
    let url = format!("sqlite://{}", dir.path().join("demo.sqlite").display());
    let res = continuum()
        .args([
            "zio",
            "coverage",
            "--op",
            "2026-11-23",
            "--database-url",
            &url,
        ])
        .output()
        .unwrap();
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let csv = String::from_utf8(res.stdout).unwrap();
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(';').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "school",
            "school_naam",
            "financier_soort",
            "financier",
            "leerlingen",
            "afspraak"
        ]
    );
    assert!(rows.len() > 2, "{csv}");
    for r in &rows[1..] {
        assert_eq!(r.len(), 6, "{csv}");
        assert!(
            r[4].parse::<u64>().unwrap() > 0,
            "a funder without pupils: {r:?}"
        );
        assert!(["ja", "nee"].contains(&r[5]), "{r:?}");
    }
    let row = |code: &str, funder: &str| {
        rows.iter()
            .find(|r| r[0] == code && r[3].contains(funder))
            .unwrap_or_else(|| panic!("no row for {code} and {funder}:\n{csv}"))
    };
    // The demo's bestuurlijke afspraak at SO De Regenboog has Tilburg (its penvoerder) and
    // Zorgkantoor Midden-Brabant as parties; its pupils from West-Brabant fall to a
    // zorgkantoor that is not, a gap in a covered school.
    assert_eq!(row("02RG00", "Tilburg")[5], "ja", "{csv}");
    assert_eq!(
        row("02RG00", "Zorgkantoor Midden-Brabant")[5],
        "ja",
        "{csv}"
    );
    assert_eq!(row("02RG00", "Zorgkantoor West-Brabant")[5], "nee", "{csv}");
    // VSO Het Baken (cluster 4) has no agreement: each of its funders is a gap.
    let baken: Vec<_> = rows.iter().filter(|r| r[0] == "05BK00").collect();
    assert!(!baken.is_empty(), "{csv}");
    assert!(baken.iter().all(|r| r[5] == "nee"), "{csv}");
    // A date in another format is refused, naming the argument.
    let res = continuum()
        .args([
            "zio",
            "coverage",
            "--op",
            "23-11-2026",
            "--database-url",
            &url,
        ])
        .output()
        .unwrap();
    assert!(!res.status.success());
    assert!(String::from_utf8_lossy(&res.stderr).contains("--op"));
}

#[test]
fn absence_is_imported_with_its_pupils_and_exported_back() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("db.sqlite").display());
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let orgs = write(
        "organisations.csv",
        "kind,code,name,valid_from,zorgkantoor,region_name,school_type,cluster,board,swv,municipality\n\
         zorgkantoor,ZK14,Zorgkantoor Midden-Brabant,2020-01-01,,Midden-Brabant,,,,,\n\
         gemeente,GM0855,Gemeente Tilburg,2020-01-01,ZK14,,,,,,\n\
         swv,PO 30-07,SWV PO Midden-Brabant,2020-01-01,,,,,,,\n\
         schoolbestuur,41234,Stichting SO Brabant,2020-01-01,,,,,,,\n\
         school,12AB00,SO De Regenboog,2020-01-01,,,so,3,41234,PO 30-07,GM0855\n",
    );
    let pupils = write(
        "pupils.csv",
        "pgn,given_name,family_name,birth_date,municipality\n\
         123456782,Sanne,de Vries,2016-03-14,GM0855\n",
    );
    let enrolments = write(
        "enrolments.csv",
        "pgn,school,valid_from\n123456782,12AB00,2026-08-01\n",
    );
    // An unknown pupil: its line, and nothing is stored.
    let verzuim = write(
        "verzuim.csv",
        "leerling,datum,uren,soort,grond\n\
         123456782,2026-09-07,5.5,ongeoorloofd,\n\
         111222333,2026-09-07,5.5,ziek,\n",
    );
    let import = |files: &[&std::path::Path]| {
        continuum()
            .args(["import", "--database-url", &url])
            .args(files)
            .output()
            .unwrap()
    };
    // The absence file first on the command line: it is read after the pupils anyway.
    let out = import(&[&verzuim, &orgs, &pupils, &enrolments]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "{}:3: leerling: onbekende leerling '*****2333'",
            verzuim.display()
        )),
        "{err}"
    );
    let verzuim = write(
        "verzuim.csv",
        "leerling,datum,uren,soort,grond\n\
         123456782,2026-09-07,5.5,ongeoorloofd,\n\
         123456782,2026-10-12,\"2,5\",geoorloofd,14\n",
    );
    let out = import(&[&verzuim, &orgs, &pupils, &enrolments]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 verzuimregels"));
    let back = dir.path().join("export");
    let out = continuum()
        .args(["export", "--database-url", &url, "--out"])
        .arg(&back)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(back.join("verzuim.csv")).unwrap(),
        "leerling,datum,minuten,soort,grond\n\
         123456782,2026-09-07,330,ongeoorloofd,\n\
         123456782,2026-10-12,150,geoorloofd,14\n"
    );
}
