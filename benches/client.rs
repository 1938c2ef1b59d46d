//! Client pacing against the in-process emulator (run with `cargo bench --bench client`):
//!
//! 1. Under a server budget of N requests/s with 30 ms latency, a batch of 10×N `PatchUser`
//!    calls from a client allowed 2×N/s must finish at ≥ 90% of N with no request failing for
//!    throttling: the adaptive slow-down has to find the budget.
//! 2. Without a budget, the client must keep `max_concurrency` requests in flight, for a
//!    throughput close to concurrency / latency.
//!
//! Prints one line per scenario and exits non-zero if a target is missed. `cargo test
//! --all-targets` runs this binary without `--bench`: then a short smoke run only checks that
//! every call succeeds (timing targets mean nothing on a machine busy with tests).

use std::process::ExitCode;
use std::time::{Duration, Instant};

use eiam_sync::eiam::types::users::{CreateUserRequest, PatchUserRequest};
use eiam_sync::eiam::{Client, ClientConfig, UserId};
use eiam_sync::emulator::{Emulator, EmulatorConfig, Faults, RunningEmulator};
use futures_util::{StreamExt, TryStreamExt, stream};
use secrecy::SecretString;

const LATENCY_MS: u64 = 30;
/// Tasks driving the batch: far more than the client lets through, so the client's own
/// pacing, not the driver, decides the rate.
const DRIVERS: usize = 128;

/// Full run (`cargo bench`) or smoke run (`cargo test`).
#[derive(Clone, Copy)]
struct Mode {
    full: bool,
}

impl Mode {
    /// Calls per unit of budget in the budget runs (the smoke run still outlasts the bucket's
    /// one-second burst, so it sees throttling).
    fn calls_per_qps(self) -> usize {
        if self.full { 10 } else { 4 }
    }

    /// Seconds of load at the ideal rate in the concurrency runs.
    fn seconds(self) -> f64 {
        if self.full { 5.0 } else { 1.0 }
    }
}

fn main() -> ExitCode {
    let mode = Mode {
        full: std::env::args().any(|a| a == "--bench"),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let ok = runtime.block_on(async {
        let mut ok = true;
        for budget in [50, 200] {
            ok &= budget_run(budget, mode).await;
        }
        for concurrency in [8, 32] {
            ok &= concurrency_run(concurrency, mode).await;
        }
        ok
    });
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

async fn emulator() -> RunningEmulator {
    match Emulator::start(EmulatorConfig::default(), ([127, 0, 0, 1], 0).into()).await {
        Ok(emu) => emu,
        Err(e) => panic!("cannot start the emulator: {e}"),
    }
}

fn client(emu: &RunningEmulator, rate_limit_qps: u32, max_concurrency: usize) -> Client {
    let mut c = ClientConfig::new(
        emu.url(),
        "idaas_emulator",
        "app_emulator",
        "app_emulator",
        SecretString::from("emulator-secret".to_owned()),
    );
    c.rate_limit_qps = rate_limit_qps;
    c.max_concurrency = max_concurrency;
    match Client::new(c) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

async fn seed_users(c: &Client, root: &str, n: usize) -> Vec<UserId> {
    let created = stream::iter(0..n)
        .map(|i| {
            let c = c.clone();
            let req = CreateUserRequest {
                username: format!("bench{i}"),
                primary_organizational_unit_id: root.to_owned(),
                ..Default::default()
            };
            async move { c.users().create(&req).await }
        })
        .buffered(16)
        .try_collect()
        .await;
    match created {
        Ok(ids) => ids,
        Err(e) => panic!("seeding users failed: {e}"),
    }
}

/// Run `total` calls of `op` with `DRIVERS` concurrent drivers; returns (elapsed, failures).
async fn drive<F, Fut>(total: usize, op: F) -> (Duration, Vec<String>)
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = Result<(), eiam_sync::eiam::EiamError>>,
{
    let started = Instant::now();
    let failures: Vec<String> = stream::iter(0..total)
        .map(op)
        .buffer_unordered(DRIVERS)
        .filter_map(|r| async move { r.err().map(|e| e.to_string()) })
        .collect()
        .await;
    (started.elapsed(), failures)
}

/// With `EIAM_BENCH_TRACE` set, print the client's rate limit and the answers it got every
/// half second (to watch the adaptive rate at work).
fn trace_rate(c: &Client) -> tokio::task::JoinHandle<()> {
    let enabled = std::env::var_os("EIAM_BENCH_TRACE").is_some();
    let (c, started) = (c.clone(), Instant::now());
    tokio::spawn(async move {
        if !enabled {
            return;
        }
        let mut last = (0, 0, 0);
        loop {
            tokio::time::sleep(Duration::from_millis(500)).await;
            let now = (
                c.metrics().requests("PatchUser", "200"),
                c.metrics().requests("PatchUser", "429"),
                c.api_calls(),
            );
            println!(
                "    t={:>5.1}s  limit {:>6.1}/s  sent {:>4}  200: {:>4}  429: {:>4}",
                started.elapsed().as_secs_f64(),
                c.effective_rate_limit(),
                now.2 - last.2,
                now.0 - last.0,
                now.1 - last.1
            );
            last = now;
        }
    })
}

#[allow(clippy::cast_precision_loss)]
async fn budget_run(budget: u32, mode: Mode) -> bool {
    let emu = emulator().await;
    let seeder = client(&emu, 10_000, 16);
    let ids = seed_users(&seeder, &emu.root_ou_id(), 100).await;
    emu.set_faults(Faults {
        latency_ms: LATENCY_MS,
        rate_limit_qps: Some(f64::from(budget)),
        ..Faults::default()
    });
    let c = client(&emu, budget * 2, 32);
    if let Err(e) = c.provisioning_scope().await {
        panic!("{e}");
    }
    emu.reset_stats();
    let total = budget as usize * mode.calls_per_qps();
    let sampler = trace_rate(&c);
    let (elapsed, failures) = drive(total, |i| {
        let (c, id) = (c.clone(), ids[i % ids.len()].clone());
        async move {
            let patch = PatchUserRequest {
                display_name: Some(format!("n{i}")),
                ..Default::default()
            };
            c.users().patch(&id, &patch).await
        }
    })
    .await;
    sampler.abort();
    let stats = emu.stats();
    let rate = total as f64 / elapsed.as_secs_f64();
    let share = rate / f64::from(budget);
    let ok = failures.is_empty() && (share >= 0.9 || !mode.full);
    println!(
        "budget {budget:>4}/s  latency {LATENCY_MS} ms  client limit {}/s: {total} PatchUser in {:.2} s = {rate:.1}/s ({:.0}% of budget), \
         429 answers {}, failed {}, settled limit {:.1}/s  [{}]",
        budget * 2,
        elapsed.as_secs_f64(),
        share * 100.0,
        stats.status("429"),
        failures.len(),
        c.effective_rate_limit(),
        if ok {
            "ok"
        } else {
            "MISSED: needs >= 90% and no failure"
        },
    );
    for f in failures.iter().take(3) {
        println!("    failure: {f}");
    }
    emu.shutdown().await;
    ok
}

#[allow(clippy::cast_precision_loss)]
async fn concurrency_run(concurrency: usize, mode: Mode) -> bool {
    let emu = emulator().await;
    let seeder = client(&emu, 10_000, 16);
    let ids = seed_users(&seeder, &emu.root_ou_id(), 100).await;
    emu.set_faults(Faults {
        latency_ms: LATENCY_MS,
        ..Faults::default()
    });
    let c = client(&emu, 1_000_000, concurrency);
    if let Err(e) = c.provisioning_scope().await {
        panic!("{e}");
    }
    let ideal = concurrency as f64 / (LATENCY_MS as f64 / 1000.0);
    let total = (ideal * mode.seconds()) as usize;
    let (elapsed, failures) = drive(total, |i| {
        let (c, id) = (c.clone(), ids[i % ids.len()].clone());
        async move { c.users().get(&id).await.map(|_| ()) }
    })
    .await;
    let rate = total as f64 / elapsed.as_secs_f64();
    let peak = c.metrics().max_in_flight();
    let ok =
        failures.is_empty() && (!mode.full || (peak == concurrency as i64 && rate >= 0.8 * ideal));
    println!(
        "no budget, latency {LATENCY_MS} ms, max_concurrency {concurrency:>2}: {total} GetUser in {:.2} s = {rate:.0}/s \
         (ideal {ideal:.0}/s, {:.0}%), peak in flight {peak}, failed {}  [{}]",
        elapsed.as_secs_f64(),
        100.0 * rate / ideal,
        failures.len(),
        if ok {
            "ok"
        } else {
            "MISSED: needs peak = concurrency and >= 80% of ideal"
        },
    );
    emu.shutdown().await;
    ok
}
