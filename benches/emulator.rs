//! Emulator load benchmark: starts `eiam-sync emulator` as a child process, loads users through
//! `CreateUser`, then measures `GetUser` and `ListUsers` (pages of 100) throughput with a
//! concurrent load generator on the same machine, and the child's memory with a million users.
//!
//! `cargo bench --bench emulator [-- --users N --memory-users M --seconds S --concurrency C]`
//! (`--memory-users 0` skips the million-user phase). Run without `--bench` (as
//! `cargo test --all-targets` does) it is a quick smoke run with a few hundred users.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

struct Options {
    users: usize,
    memory_users: usize,
    seconds: u64,
    concurrency: usize,
}

fn options() -> Options {
    let args: Vec<String> = std::env::args().collect();
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it,
    // and then a small smoke run proves the benchmark works without taking minutes.
    let mut o = if args.iter().any(|a| a == "--bench") {
        Options {
            users: 100_000,
            memory_users: 1_000_000,
            seconds: 5,
            concurrency: 32,
        }
    } else {
        Options {
            users: 300,
            memory_users: 0,
            seconds: 1,
            concurrency: 4,
        }
    };
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
    };
    if let Some(v) = value("--users") {
        o.users = v;
    }
    if let Some(v) = value("--memory-users") {
        o.memory_users = v;
    }
    if let Some(v) = value("--seconds") {
        o.seconds = v as u64;
    }
    if let Some(v) = value("--concurrency") {
        o.concurrency = v;
    }
    o
}

/// The emulator child process; killed on drop.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn_server() -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_eiam-sync"))
        .args(["emulator", "--listen", "127.0.0.1:0", "--log-level", "warn"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the emulator");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("listening line");
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .expect("listening on URL")
        .to_owned();
    Server { child, base }
}

/// (VmRSS, VmHWM) of a process, in MiB.
fn memory_mib(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

#[derive(Clone)]
struct Target {
    http: reqwest::Client,
    base: String,
    token: Arc<str>,
}

impl Target {
    fn url(&self, rest: &str) -> String {
        format!("{}/v2/idaas_emulator/app_emulator{rest}", self.base)
    }
}

async fn connect(base: &str) -> Target {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .expect("client");
    let token_url = format!(
        "{base}/v2/idaas_emulator/app_emulator/oauth2/token?grant_type=client_credentials&client_id=app_emulator&client_secret=emulator-secret"
    );
    let t: Value = http
        .post(token_url)
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("token json");
    Target {
        http,
        base: base.to_owned(),
        token: t["access_token"].as_str().expect("token").into(),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p) as usize]
}

/// Runs `op(i)` from `concurrency` tasks until `total` calls or `deadline`; returns
/// (calls, elapsed, sorted latencies).
async fn drive<F, Fut>(
    concurrency: usize,
    total: Option<usize>,
    deadline: Option<Duration>,
    op: F,
) -> (usize, Duration, Vec<Duration>)
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let op = Arc::new(op);
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (op, next) = (op.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if total.is_some_and(|t| i >= t) || deadline.is_some_and(|d| start.elapsed() >= d) {
                    return lat;
                }
                let t = Instant::now();
                assert!(op(i).await, "request {i} failed");
                lat.push(t.elapsed());
            }
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("load task"));
    }
    let elapsed = start.elapsed();
    all.sort_unstable();
    (all.len(), elapsed, all)
}

fn report(name: &str, calls: usize, elapsed: Duration, lat: &[Duration]) {
    println!(
        "{name:<28} {calls:>9} calls in {:>6.2} s = {:>8.0}/s   p50 {:>6.2} ms   p99 {:>6.2} ms",
        elapsed.as_secs_f64(),
        calls as f64 / elapsed.as_secs_f64(),
        percentile(lat, 0.5).as_secs_f64() * 1e3,
        percentile(lat, 0.99).as_secs_f64() * 1e3,
    );
}

async fn create_ous(t: &Target, n: usize) -> Vec<String> {
    let scope: Value = t
        .http
        .get(t.url("/provisioningScope"))
        .bearer_auth(&*t.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let root = scope["organizationalUnitIds"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let mut ous = Vec::with_capacity(n);
    for i in 0..n {
        let b: Value = t
            .http
            .post(t.url("/organizationalUnits"))
            .bearer_auth(&*t.token)
            .json(&json!({"organizationalUnitName": format!("Department {i}"), "parentId": root}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        ous.push(b["organizationalUnitId"].as_str().unwrap().to_owned());
    }
    ous
}

/// Creates users `from..to` with realistic fields; returns (calls, elapsed, latencies).
async fn load_users(
    t: &Target,
    ous: Arc<Vec<String>>,
    from: usize,
    to: usize,
    concurrency: usize,
) -> (usize, Duration, Vec<Duration>) {
    let t = t.clone();
    drive(concurrency, Some(to - from), None, move |k| {
        let (t, ous) = (t.clone(), ous.clone());
        async move {
            let i = from + k;
            let body = json!({
                "username": format!("user{i:07}"), "displayName": format!("User Number {i}"),
                "email": format!("user{i:07}@example.com"), "emailVerified": true,
                "phoneRegion": "86", "phoneNumber": format!("138{i:08}"), "phoneNumberVerified": true,
                "userExternalId": format!("emp-{i:07}"), "primaryOrganizationalUnitId": ous[i % ous.len()],
            });
            let r = t.http.post(t.url("/users")).bearer_auth(&*t.token).json(&body).send().await;
            r.is_ok_and(|r| r.status().is_success())
        }
    })
    .await
}

async fn user_ids(t: &Target, pages: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for p in 1..=pages {
        let b: Value = t
            .http
            .get(t.url(&format!("/users?pageNumber={p}&pageSize=100")))
            .bearer_auth(&*t.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        ids.extend(
            b["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["userId"].as_str().unwrap().to_owned()),
        );
    }
    ids
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let o = options();
    let server = spawn_server();
    let pid = server.child.id();
    let t = connect(&server.base).await;
    println!(
        "emulator pid {pid} at {}; {} load tasks",
        server.base, o.concurrency
    );
    let ous = Arc::new(create_ous(&t, 100).await);

    let (n, el, lat) = load_users(&t, ous.clone(), 0, o.users, o.concurrency).await;
    report("CreateUser", n, el, &lat);
    let (rss, _) = memory_mib(pid);
    println!("RSS with {} users: {rss:.0} MiB", o.users);

    let ids = Arc::new(user_ids(&t, 50).await);
    let window = Some(Duration::from_secs(o.seconds));
    let (tg, idsg) = (t.clone(), ids.clone());
    let (n, el, lat) = drive(o.concurrency, None, window, move |i| {
        let (t, ids) = (tg.clone(), idsg.clone());
        async move {
            let id = &ids[(i * 7919) % ids.len()];
            let r = t
                .http
                .get(t.url(&format!("/users/{id}")))
                .bearer_auth(&*t.token)
                .send()
                .await;
            match r {
                Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                _ => false,
            }
        }
    })
    .await;
    report("GetUser", n, el, &lat);

    let pages = o.users.div_ceil(100).max(1);
    let tl = t.clone();
    let (n, el, lat) = drive(o.concurrency, None, window, move |i| {
        let t = tl.clone();
        async move {
            let page = (i * 7919) % pages + 1;
            let r = t
                .http
                .get(t.url(&format!("/users?pageNumber={page}&pageSize=100")))
                .bearer_auth(&*t.token)
                .send()
                .await;
            match r {
                Ok(r) if r.status().is_success() => r.bytes().await.is_ok_and(|b| b.len() > 1000),
                _ => false,
            }
        }
    })
    .await;
    report("ListUsers (pages of 100)", n, el, &lat);

    if o.memory_users > o.users {
        let (n, el, lat) = load_users(&t, ous, o.users, o.memory_users, o.concurrency).await;
        report("CreateUser (to the million)", n, el, &lat);
        let (rss, hwm) = memory_mib(pid);
        println!(
            "RSS with {} users: {rss:.0} MiB (peak {hwm:.0} MiB)",
            o.memory_users
        );
        let one: Value = t
            .http
            .get(t.url("/users?pageNumber=10000&pageSize=100"))
            .bearer_auth(&*t.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(one["totalCount"].as_u64(), Some(o.memory_users as u64));
    }
}
