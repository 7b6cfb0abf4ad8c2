use crate::config::Storage;
use continuum_server::AppState;
use continuum_store::Store;
use std::net::SocketAddr;
use std::sync::Arc;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "CONTINUUM_ADDR")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub storage: Storage,
    /// Mark cookies Secure (set this when served over HTTPS).
    #[arg(long, env = "CONTINUUM_SECURE_COOKIES")]
    pub secure_cookies: bool,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let store = continuum_store_sql::open(&args.storage.url("continuum.sqlite")).await?;
    serve(store, args.addr, args.secure_cookies, |_| {}).await
}

/// Binds, reports the address (the port may have been 0) and serves until Ctrl-C.
pub async fn serve(
    store: Arc<dyn Store>,
    addr: SocketAddr,
    secure_cookies: bool,
    on_bound: impl FnOnce(SocketAddr),
) -> anyhow::Result<()> {
    let backend = store.backend();
    let mut state = AppState::new(store);
    state.secure_cookies = secure_cookies;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("kan niet luisteren op {addr}: {e}"))?;
    let bound = listener.local_addr()?;
    println!("continuum draait op http://{bound}/ (opslag: {backend})");
    on_bound(bound);
    continuum_server::cases::spawn_escalation_job(state.clone());
    let app = continuum_server::app(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
