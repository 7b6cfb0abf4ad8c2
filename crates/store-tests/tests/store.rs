//! Runs the conformance suite against SQLite and PostgreSQL.

use continuum_store_tests::{databases, suite};

macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            use super::*;
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let db = databases::sqlite().await;
                suite::$name(db.store.as_ref()).await;
            })*
        }
        mod postgres {
            use super::*;
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let Some(url) = databases::postgres_url() else {
                    eprintln!("PostgreSQL not configured (CONTINUUM_TEST_DATABASE_URL): {} not run on PostgreSQL", stringify!($name));
                    return;
                };
                let db = databases::postgres(&url).await;
                suite::$name(db.store.as_ref()).await;
            })*
        }
    };
}

conformance!(
    organisation_changes_are_versions_and_history_stays,
    a_stale_version_is_refused_and_loses_nothing,
    concurrent_edits_of_one_record_let_exactly_one_win,
    related_organisations_read_the_file_and_strangers_get_not_found,
    every_read_write_and_refusal_lands_in_the_pupils_audit_log,
    writes_follow_the_relation_and_the_role,
    a_pupil_change_is_a_new_version_in_the_history,
    a_school_lists_its_pupils_by_class_and_others_see_only_their_own,
    a_school_registers_a_new_pupil_with_its_enrolment,
    an_import_with_a_dangling_reference_stores_nothing,
    an_export_gives_back_what_was_imported,
    sessions_live_in_the_store_and_expire,
    each_organisation_lists_exactly_the_pupils_it_has_a_relation_with,
    a_school_names_each_class_of_a_year_once,
    a_school_counts_where_its_pupils_live_without_naming_them,
    a_past_date_does_not_show_a_school_its_former_pupils,
    an_import_that_enrols_a_pupil_at_a_municipality_stores_nothing,
    a_zorgkantoor_records_the_first_wlz_indication_of_a_pupil_in_its_region,
    the_school_records_absence_and_those_who_follow_it_read_it,
    an_import_stores_absences_all_or_nothing_and_the_export_gives_them_back,
    a_school_reports_absence_to_the_municipality_of_residence_which_handles_or_forwards_it,
    a_school_reads_the_absence_of_its_pupils_at_once_and_a_stranger_nothing,
    a_case_is_its_timeline_seen_by_those_involved_and_it_moves_with_the_child,
    a_region_records_who_holds_doorzettingsmacht,
    a_case_keeps_its_documents_and_parents_see_only_what_is_meant_for_them,
    the_municipality_keeps_the_exemption_register_and_those_around_the_pupil_read_it,
    a_request_5_onder_a_is_kept_step_by_step_and_registered_only_as_it_reads,
    a_school_records_arrangements_and_each_reader_sees_only_its_own_pupils,
    a_municipality_reads_the_enrolments_of_its_residents_and_no_others,
);

/// The audit log refuses changes and removals at the database level.
#[tokio::test]
async fn sqlite_audit_log_is_append_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = continuum_store_sql::sqlite::SqlStore::open_file(&dir.path().join("a.sqlite"))
        .await
        .unwrap();
    use continuum_store::Store;
    let r = continuum_store_tests::fixture::region();
    store.import(r.batch, "test").await.unwrap();
    let upd = sqlx::query("UPDATE audit_log SET purpose = 'x'")
        .execute(store.pool())
        .await;
    assert!(upd.unwrap_err().to_string().contains("append-only"));
    let del = sqlx::query("DELETE FROM audit_log")
        .execute(store.pool())
        .await;
    assert!(del.unwrap_err().to_string().contains("append-only"));
}

#[tokio::test]
async fn postgres_audit_log_is_append_only() {
    let Some(url) = databases::postgres_url() else {
        return;
    };
    let db = databases::postgres(&url).await;
    let r = continuum_store_tests::fixture::region();
    db.store.import(r.batch, "test").await.unwrap();
    // Reach the same database directly.
    let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
    for sql in [
        "UPDATE audit_log SET purpose = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ] {
        let e = sqlx::query(sql).execute(&pool).await.unwrap_err();
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
}
