//! Unit tests of the pacer: the AIMD arithmetic, and admission on tokio's paused clock.

use super::*;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

#[test]
fn decreases_to_what_the_server_accepted_then_cools_down() {
    let t0 = Instant::now();
    let mut a = Aimd::new(100.0, t0);
    // 100 requests sent and 60 answered within the first 800 ms, then a 429.
    for i in 0..100 {
        a.reserve(t0 + ms(i * 8));
    }
    for i in 0..60 {
        a.on_answered(t0 + ms(i * 13));
    }
    let r = a.on_throttled(t0 + ms(800), t0 + ms(770)).unwrap();
    assert!((r - 54.0).abs() < 0.01, "{r}");
    // More 429s for requests sent before the decrease do not lower it again, however late
    // they arrive.
    assert_eq!(a.on_throttled(t0 + ms(900), t0 + ms(790)), None);
    assert_eq!(a.on_throttled(t0 + ms(1900), t0 + ms(799)), None);
    // A 429 for a request sent after it does, never by more than half plus the decrease.
    let r2 = a.on_throttled(t0 + ms(1900), t0 + ms(1850)).unwrap();
    assert!(r2 < r && r2 >= r * 0.5 * DECREASE, "{r2}");
}

#[test]
fn increases_additively_up_to_the_ceiling() {
    let t0 = Instant::now();
    let mut a = Aimd::new(50.0, t0);
    a.on_throttled(t0, t0).unwrap();
    let low = a.rate();
    assert!(low < 50.0);
    // Quiet for less than the period: no change.
    assert_eq!(a.on_answered(t0 + ms(500)), None);
    let up = a.on_answered(t0 + ms(1000)).unwrap();
    assert!(up > low && up - low >= 1.0, "{low} -> {up}");
    let mut t = t0 + ms(1000);
    for _ in 0..100 {
        t += ms(1000);
        a.on_answered(t);
    }
    assert_eq!(a.rate(), 50.0);
    assert_eq!(a.on_answered(t + ms(5000)), None);
}

#[test]
fn never_below_the_floor() {
    let t0 = Instant::now();
    let mut a = Aimd::new(3.0, t0);
    for i in 0..20 {
        let t = t0 + Duration::from_secs(2 * i);
        a.on_throttled(t, t);
    }
    assert_eq!(a.rate(), FLOOR_QPS);
}

#[test]
fn window_rate_blends_two_seconds() {
    let t0 = Instant::now();
    let mut w = Window::new(t0);
    for i in 0..50 {
        w.add(t0 + ms(i * 20));
    }
    assert!((w.rate(t0 + ms(999)) - 50.0).abs() < 0.01);
    // Half-way into the next second, half of the previous second still counts.
    assert!((w.rate(t0 + ms(1500)) - 25.0).abs() < 0.01);
    assert_eq!(w.rate(t0 + ms(5000)), 0.0);
}

// The tests of admission run on tokio's paused clock: a wait that is due passes at once, and
// what they measure is the pacer's schedule, never how busy the machine is.

#[tokio::test(start_paused = true)]
async fn admits_at_most_max_concurrency_at_once() {
    let pacer = Arc::new(Pacer::new(100_000, 3, true));
    let inflight = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let peak = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (pacer, inflight, peak) = (pacer.clone(), inflight.clone(), peak.clone());
        tasks.push(tokio::spawn(async move {
            let _a = pacer.admit().await;
            let n = inflight.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            peak.fetch_max(n, std::sync::atomic::Ordering::SeqCst);
            tokio::time::sleep(ms(10)).await;
            inflight.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(peak.load(std::sync::atomic::Ordering::SeqCst), 3);
}

#[tokio::test(start_paused = true)]
async fn spaces_requests_at_the_rate() {
    let pacer = Pacer::new(50, 8, false);
    let start = Instant::now();
    let mut admitted = Vec::new();
    for _ in 0..11 {
        drop(pacer.admit().await);
        admitted.push(start.elapsed());
    }
    // 11 requests at 50/s with no burst: 10 gaps of 20 ms (tokio's timer rounds each wait up
    // to its next millisecond), the first at once.
    assert_eq!(admitted[0], Duration::ZERO);
    for pair in admitted.windows(2) {
        let gap = pair[1] - pair[0];
        assert!((ms(20)..=ms(21)).contains(&gap), "{admitted:?}");
    }
}

#[test]
fn reservations_are_spaced_only_while_slowed_down() {
    let t0 = Instant::now();
    let mut a = Aimd::new(100.0, t0);
    assert_eq!(
        a.reserve(t0),
        None,
        "at the ceiling the governor limiter alone paces"
    );
    a.on_throttled(t0, t0).unwrap();
    let rate = a.rate();
    let gap = Duration::from_secs_f64(1.0 / rate);
    let first = a.reserve(t0).unwrap();
    let second = a.reserve(t0).unwrap();
    let third = a.reserve(t0).unwrap();
    assert_eq!(first, t0);
    assert_eq!((second - first, third - second), (gap, gap));
    // After an idle spell the next request goes at once (no burst is saved up).
    let later = t0 + Duration::from_secs(5);
    assert_eq!(a.reserve(later), Some(later));
}

/// The adaptive rate is one schedule shared by every task, so a lowered rate holds for the
/// tasks already queued too, however often it changes (swapped limiters would let the queued
/// tasks keep the old rate, in parallel with the new one).
#[tokio::test(start_paused = true)]
async fn a_lowered_rate_holds_while_it_keeps_changing() {
    let pacer = Arc::new(Pacer::new(100, 32, true));
    let admitted = Arc::new(Mutex::new(Vec::new()));
    let start = Instant::now();
    let tasks: Vec<_> = (0..128)
        .map(|_| {
            let (pacer, admitted) = (pacer.clone(), admitted.clone());
            tokio::spawn(async move {
                while start.elapsed() < Duration::from_secs(2) {
                    let _a = pacer.admit().await;
                    admitted.lock().unwrap().push(start.elapsed());
                    tokio::time::sleep(ms(30)).await;
                }
            })
        })
        .collect();
    // The rate changes every 100 ms while 32 tasks are queued for admission.
    for i in 0..20 {
        lock(pacer.aimd.as_ref().unwrap()).rate = if i % 2 == 0 { 40.0 } else { 41.0 };
        tokio::time::sleep(ms(100)).await;
    }
    for t in tasks {
        t.await.unwrap();
    }
    let admitted = admitted.lock().unwrap().clone();
    // Never two requests closer than 1/41 s (24.4 ms; the timer fires on whole milliseconds),
    // whichever rate each was queued at.
    for pair in admitted.windows(2) {
        assert!(pair[1] - pair[0] >= ms(24), "{:?}", pair);
    }
    let rate = admitted.len() as f64 / start.elapsed().as_secs_f64();
    assert!((39.0..=41.0).contains(&rate), "{rate}");
}
