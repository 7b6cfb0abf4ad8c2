//! Table-driven tests of `Instance::parse`: every invalidity of FORMAT.md §1 is rejected
//! with the JSON path of the offending field and the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use continuum_zio::Instance;
use serde_json::{Value, json};

fn base() -> Value {
    serde_json::from_str(include_str!("data/instance-20-2.json")).unwrap()
}

type Mutation = fn(&mut Value);

fn set(v: &mut Value, pointer: &str, x: Value) {
    if let Some(slot) = v.pointer_mut(pointer) {
        *slot = x;
        return;
    }
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    v.pointer_mut(parent)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .insert(key.to_owned(), x);
}

#[test]
fn the_examples_parse() {
    for s in [
        include_str!("data/instance-20-2.json"),
        include_str!("data/instance-60-6.json"),
        include_str!("data/instance-200-20.json"),
        include_str!("data/instance-400-36.json"),
    ] {
        Instance::parse(s).unwrap();
    }
}

#[test]
fn unknown_fields_are_ignored_and_null_equals_absent() {
    let mut v = base();
    v["extension"] = json!({"anything": [1, 2, 3]});
    v["needs"][0]["futureField"] = json!("x");
    v["maxProviders"] = Value::Null;
    v["providers"][0]["workers"][0]
        .as_object_mut()
        .unwrap()
        .remove("availableWeekdays");
    Instance::parse(&v.to_string()).unwrap();
}

#[test]
fn invalid_instances_are_rejected_with_path_and_reason() {
    let cases: Vec<(&str, Mutation, &str, &str)> = vec![
        (
            "format version",
            |v| set(v, "/formatVersion", json!("zio-plan/2")),
            "formatVersion",
            "expected \"zio-plan/1\"",
        ),
        (
            "group size",
            |v| set(v, "/groupSize", json!(0)),
            "groupSize",
            "at least 1",
        ),
        (
            "group size type",
            |v| set(v, "/groupSize", json!("three")),
            "groupSize",
            "invalid type",
        ),
        (
            "max providers",
            |v| set(v, "/maxProviders", json!(0)),
            "maxProviders",
            "at least 1 or null",
        ),
        (
            "missing field",
            |v| {
                v["slots"][0].as_object_mut().unwrap().remove("minutes");
            },
            "slots[0]",
            "missing field `minutes`",
        ),
        (
            "weekday",
            |v| set(v, "/slots/0/isoWeekday", json!(8)),
            "slots[0].isoWeekday",
            "ISO weekday",
        ),
        (
            "minutes",
            |v| set(v, "/slots/0/minutes", json!(0)),
            "slots[0].minutes",
            "must be > 0",
        ),
        (
            "start time",
            |v| set(v, "/slots/0/startTime", json!("8.30")),
            "slots[0].startTime",
            "HH:MM",
        ),
        (
            "overlap",
            |v| set(v, "/slots/0/minutes", json!(90)),
            "slots[1]",
            "overlaps",
        ),
        (
            "duplicate slot",
            |v| set(v, "/slots/1/slotId", json!("d1-0830")),
            "slots[1].slotId",
            "not unique",
        ),
        (
            "empty id",
            |v| set(v, "/pupils/0/pupilId", json!("")),
            "pupils[0].pupilId",
            "must not be empty",
        ),
        (
            "class timetable",
            |v| set(v, "/classes/0/slotIds/0", json!("d9-0830")),
            "classes[0].slotIds[0]",
            "unknown slot \"d9-0830\"",
        ),
        (
            "pupil class",
            |v| set(v, "/pupils/0/classId", json!("k99")),
            "pupils[0].classId",
            "unknown class \"k99\"",
        ),
        (
            "need pupil",
            |v| set(v, "/needs/0/pupilId", json!("l9999")),
            "needs[0].pupilId",
            "unknown pupil",
        ),
        (
            "need funder",
            |v| set(v, "/needs/0/funderId", json!("f99")),
            "needs[0].funderId",
            "unknown funder",
        ),
        (
            "need slot",
            |v| set(v, "/needs/0/slotIds/1", json!("d9-0830")),
            "needs[0].slotIds[1]",
            "unknown slot",
        ),
        (
            "need slot outside the timetable",
            |v| set(v, "/needs/0/slotIds/1", json!("d3-1130")),
            "needs[0].slotIds[1]",
            "slot \"d3-1130\" is not in the timetable of class \"k01\"",
        ),
        (
            "two needs of one pupil in one slot",
            |v| {
                let mut n = v["needs"][0].clone();
                n["needId"] = json!("n9999");
                n["slotIds"] = json!(["d1-0930"]);
                v["needs"].as_array_mut().unwrap().push(n);
            },
            "needs[21].slotIds[0]",
            "already has need \"n0001\"",
        ),
        (
            "need mode",
            |v| set(v, "/needs/0/mode", json!("pair")),
            "needs[0].mode",
            "unknown variant",
        ),
        (
            "duplicate need",
            |v| set(v, "/needs/1/needId", json!("n0001")),
            "needs[1].needId",
            "not unique",
        ),
        (
            "unknown PGB worker",
            |v| set(v, "/needs/0/pgbWorkerId", json!("pgb77")),
            "needs[0].pgbWorkerId",
            "unknown PGB worker",
        ),
        (
            "PGB names a provider worker",
            |v| set(v, "/needs/0/pgbWorkerId", json!("w001")),
            "needs[0].pgbWorkerId",
            "is a provider worker",
        ),
        (
            "PGB worker without the qualification",
            |v| {
                v["pgbWorkers"] = json!([{"workerId": "pgb01", "name": "P", "qualifications": []}]);
                set(v, "/needs/0/requiredQualification", json!("voorbehouden"));
                set(v, "/needs/0/pgbWorkerId", json!("pgb01"));
            },
            "needs[0].pgbWorkerId",
            "does not hold the required qualification \"voorbehouden\"",
        ),
        (
            "PGB worker needed in two classes at once",
            |v| {
                v["pgbWorkers"] = json!([{"workerId": "pgb01", "name": "P", "qualifications": []}]);
                // l0001 is in k01, l0020 in k02; both need the PGB worker on Monday 08:30
                v["needs"].as_array_mut().unwrap().push(json!({"needId": "n9001", "pupilId": "l0001", "category": "gedrag",
                    "mode": "individual", "requiredQualification": null, "funderId": "f01", "slotIds": ["d1-0830"], "pgbWorkerId": "pgb01"}));
                v["needs"].as_array_mut().unwrap().push(json!({"needId": "n9002", "pupilId": "l0020", "category": "gedrag",
                    "mode": "individual", "requiredQualification": null, "funderId": "f01", "slotIds": ["d1-0830"], "pgbWorkerId": "pgb01"}));
            },
            "needs[22].slotIds[0]",
            "needed in two classes",
        ),
        (
            "duplicate worker id over provider and PGB workers",
            |v| v["pgbWorkers"] = json!([{"workerId": "w001", "name": "P", "qualifications": []}]),
            "pgbWorkers[0].workerId",
            "not unique",
        ),
        (
            "cost not whole cents",
            |v| {
                set(v, "/slots/0/minutes", json!(45));
                set(v, "/providers/0/workers/0/hourlyCostCents", json!(6610));
            },
            "providers[0].workers[0].hourlyCostCents",
            "not a whole number of cents",
        ),
        (
            "negative limit",
            |v| set(v, "/providers/0/workers/0/maxSlotsPerDay", json!(-1)),
            "providers[0].workers[0].maxSlotsPerDay",
            "≥ 0",
        ),
        (
            "available weekday",
            |v| set(v, "/providers/0/workers/0/availableWeekdays/0", json!(9)),
            "providers[0].workers[0].availableWeekdays[0]",
            "ISO weekday",
        ),
    ];
    for (name, mutate, path, reason) in cases {
        let mut v = base();
        mutate(&mut v);
        let err = Instance::parse(&v.to_string())
            .err()
            .unwrap_or_else(|| panic!("{name}: accepted"));
        assert_eq!(err.path, path, "{name}: {err}");
        assert!(err.message.contains(reason), "{name}: {err}");
        assert!(
            err.to_string().starts_with(&format!("{path}: ")),
            "{name}: {err}"
        );
    }
}

#[test]
fn malformed_json_is_rejected() {
    let err = Instance::parse("{\"formatVersion\": ").err().unwrap();
    assert!(err.message.contains("EOF"), "{err}");
    let err = Instance::parse("[]").err().unwrap();
    assert_eq!(err.path, "$");
}
