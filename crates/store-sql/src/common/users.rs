// Users and server-side sessions. Passwords arrive hashed (argon2id, by the server);
// sessions are stored by the SHA-256 of their token, so the table alone opens nothing.

fn decode_user(row: &DbRow) -> Result<UserRecord> {
    let role: String = row.try_get("role").map_err(db_err)?;
    Ok(UserRecord {
        id: UserId(row.try_get("id").map_err(db_err)?),
        org: OrgId(row.try_get("org_id").map_err(db_err)?),
        login: row.try_get("login").map_err(db_err)?,
        display_name: row.try_get("display_name").map_err(db_err)?,
        role: Role::parse(&role).ok_or_else(|| internal("role", &role))?,
    })
}

async fn insert_users(tx: &mut Tx, users: &[NewUser], at: DateTime<Utc>) -> Result<()> {
    for chunk in users.chunks(CHUNK) {
        let mut q = QueryBuilder::<Db>::new(
            "INSERT INTO users (id, org_id, login, display_name, role, password_hash, created_at) ",
        );
        q.push_values(chunk, |mut b, u| {
            b.push_bind(u.id.0)
                .push_bind(u.org.0)
                .push_bind(u.login.clone())
                .push_bind(u.display_name.clone())
                .push_bind(u.role.code())
                .push_bind(u.password_hash.clone())
                .push_bind(at);
        });
        q.build().execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

impl SqlStore {
    async fn do_create_user(&self, user: NewUser) -> Result<UserRecord> {
        let mut tx = self.tx().await?;
        let exists: Option<String> = sqlx::query_scalar("SELECT kind FROM organisations WHERE id = $1 AND is_current")
            .bind(user.org.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        if exists.is_none() {
            return Err(StoreError::Conflict(format!("organisation: {} bestaat niet", user.org)));
        }
        insert_users(&mut tx, std::slice::from_ref(&user), Utc::now()).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(UserRecord { id: user.id, org: user.org, login: user.login, display_name: user.display_name, role: user.role })
    }

    async fn do_user_by_login(&self, login: &str) -> Result<Option<(UserRecord, String)>> {
        let row = sqlx::query("SELECT * FROM users WHERE login = $1")
            .bind(login.to_owned())
            .fetch_optional(&self.pool)
            .await
            .map_err(db_err)?;
        match row {
            Some(r) => Ok(Some((decode_user(&r)?, r.try_get("password_hash").map_err(db_err)?))),
            None => Ok(None),
        }
    }

    async fn do_session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<(Session, UserRecord)>> {
        let row = sqlx::query(
            "SELECT u.*, s.token_hash, s.csrf_token, s.created_at AS session_created_at, s.expires_at \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash.to_owned())
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_err)?;
        let Some(r) = row else { return Ok(None) };
        let user = decode_user(&r)?;
        let session = Session {
            token_hash: r.try_get("token_hash").map_err(db_err)?,
            user: user.id,
            csrf_token: r.try_get("csrf_token").map_err(db_err)?,
            created_at: r.try_get("session_created_at").map_err(db_err)?,
            expires_at: r.try_get("expires_at").map_err(db_err)?,
        };
        Ok(Some((session, user)))
    }
}
