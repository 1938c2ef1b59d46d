//! The application's access token: cached, renewed ahead of expiry, fetched by one task at a time.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use secrecy::SecretString;
// Tokio's clock: the system's monotonic clock, which a test can pause and move forward.
use tokio::time::Instant;

use super::error::EiamError;

/// Renew this share of the lifetime before expiry, but never more than `MAX_MARGIN` before.
const MARGIN_SHARE: f64 = 0.2;
const MAX_MARGIN: Duration = Duration::from_secs(60);
/// Lifetime assumed when the token answer carries neither `expires_in` nor `expires_at`:
/// short, so a wrong guess costs one extra token request rather than failed calls.
const FALLBACK_LIFETIME: Duration = Duration::from_secs(300);

/// A token as the server issued it.
pub(crate) struct Issued {
    pub value: SecretString,
    /// `None` when the server did not say.
    pub lifetime: Option<Duration>,
}

/// A cached token with its schedule.
#[derive(Debug)]
pub(crate) struct AccessToken {
    value: SecretString,
    renew_at: Instant,
    expires_at: Instant,
}

impl AccessToken {
    /// `requested_at` is taken before the token request is sent, so the local expiry is never
    /// later than the server's.
    fn new(issued: Issued, requested_at: Instant) -> AccessToken {
        let lifetime = issued.lifetime.unwrap_or(FALLBACK_LIFETIME);
        let margin = lifetime.mul_f64(MARGIN_SHARE).min(MAX_MARGIN);
        AccessToken {
            value: issued.value,
            renew_at: requested_at + (lifetime - margin),
            expires_at: requested_at + lifetime,
        }
    }

    pub(crate) fn secret(&self) -> &SecretString {
        &self.value
    }
}

/// Single-flight cache of the application token.
#[derive(Debug, Default)]
pub(crate) struct TokenCache {
    current: RwLock<Option<Arc<AccessToken>>>,
    /// Held while a token is being fetched: the one fetch everyone else waits for.
    fetching: tokio::sync::Mutex<()>,
    fetches: AtomicU64,
}

impl TokenCache {
    /// A usable token: the cached one, or a fresh one from `fetch`. At most one `fetch` runs at
    /// a time; tasks arriving meanwhile wait for its result instead of fetching their own.
    /// A token due for renewal but not yet expired is still handed out while another task
    /// renews it, and is kept if the renewal fails.
    pub(crate) async fn get<F, Fut>(&self, fetch: F) -> Result<Arc<AccessToken>, EiamError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Issued, EiamError>>,
    {
        let now = Instant::now();
        let cached = self.peek();
        if let Some(t) = &cached {
            if now < t.renew_at {
                return Ok(Arc::clone(t));
            }
            if now < t.expires_at {
                let Ok(_guard) = self.fetching.try_lock() else {
                    return Ok(Arc::clone(t));
                };
                return match self.fetch_and_store(fetch).await {
                    Ok(fresh) => Ok(fresh),
                    Err(e) if Instant::now() < t.expires_at => {
                        tracing::warn!(error = %e, "renewing the access token failed; the current one is still valid");
                        Ok(Arc::clone(t))
                    }
                    Err(e) => Err(e),
                };
            }
        }
        let _guard = self.fetching.lock().await;
        // Whoever held the lock may have stored a fresh token meanwhile.
        if let Some(t) = self.peek()
            && cached.as_ref().is_none_or(|c| !Arc::ptr_eq(c, &t))
            && Instant::now() < t.expires_at
        {
            return Ok(t);
        }
        self.fetch_and_store(fetch).await
    }

    /// Forget `used` because the server refused it; a token stored since is kept, so many
    /// tasks failing with the same stale token cause one renewal, not many.
    pub(crate) fn invalidate(&self, used: &Arc<AccessToken>) {
        let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        if current.as_ref().is_some_and(|c| Arc::ptr_eq(c, used)) {
            *current = None;
        }
    }

    /// How many token requests this cache has started.
    pub(crate) fn fetches(&self) -> u64 {
        self.fetches.load(Ordering::Relaxed)
    }

    fn peek(&self) -> Option<Arc<AccessToken>> {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    async fn fetch_and_store<F, Fut>(&self, fetch: F) -> Result<Arc<AccessToken>, EiamError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Issued, EiamError>>,
    {
        let requested_at = Instant::now();
        self.fetches.fetch_add(1, Ordering::Relaxed);
        let token = Arc::new(AccessToken::new(fetch().await?, requested_at));
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(&token));
        tracing::debug!(
            renew_in_ms = token
                .renew_at
                .saturating_duration_since(Instant::now())
                .as_millis() as u64,
            "obtained an access token"
        );
        Ok(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;
    use std::sync::atomic::AtomicUsize;

    fn issued(value: &str, secs: f64) -> Issued {
        Issued {
            value: SecretString::from(value.to_owned()),
            lifetime: Some(Duration::from_secs_f64(secs)),
        }
    }

    #[test]
    fn renews_at_eighty_percent_or_a_minute_before_expiry() {
        let t0 = Instant::now();
        let short = AccessToken::new(issued("a", 1.0), t0);
        assert_eq!(short.renew_at - t0, Duration::from_millis(800));
        assert_eq!(short.expires_at - t0, Duration::from_secs(1));
        let long = AccessToken::new(issued("a", 1200.0), t0);
        assert_eq!(long.renew_at - t0, Duration::from_secs(1140));
        let unknown = AccessToken::new(
            Issued {
                value: SecretString::from("a".to_owned()),
                lifetime: None,
            },
            t0,
        );
        assert_eq!(unknown.expires_at - t0, FALLBACK_LIFETIME);
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_share_one_fetch() {
        let cache = Arc::new(TokenCache::default());
        let calls = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..50 {
            let (cache, calls) = (cache.clone(), calls.clone());
            tasks.push(tokio::spawn(async move {
                cache
                    .get(|| async {
                        calls.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        Ok(issued("AT1", 60.0))
                    })
                    .await
                    .map(|t| t.secret().expose_secret().to_owned())
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap(), "AT1");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(cache.fetches(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn expired_tokens_are_replaced_and_failures_propagate() {
        let cache = TokenCache::default();
        let t = cache
            .get(|| async { Ok(issued("AT1", 0.05)) })
            .await
            .unwrap();
        assert_eq!(t.secret().expose_secret(), "AT1");
        tokio::time::sleep(Duration::from_millis(60)).await;
        let err = cache
            .get(|| async { Err(EiamError::config("refused")) })
            .await
            .unwrap_err();
        assert!(err.to_string().contains("refused"));
        let t = cache
            .get(|| async { Ok(issued("AT2", 60.0)) })
            .await
            .unwrap();
        assert_eq!(t.secret().expose_secret(), "AT2");
    }

    #[tokio::test(start_paused = true)]
    async fn a_token_due_for_renewal_survives_a_failed_renewal() {
        let cache = TokenCache::default();
        cache
            .get(|| async { Ok(issued("AT1", 0.5)) })
            .await
            .unwrap();
        // Past 80% of the lifetime, before expiry (on the paused clock: exactly 420 ms later,
        // however busy the machine).
        tokio::time::sleep(Duration::from_millis(420)).await;
        let t = cache
            .get(|| async { Err(EiamError::config("token endpoint down")) })
            .await
            .unwrap();
        assert_eq!(t.secret().expose_secret(), "AT1");
        let t = cache
            .get(|| async { Ok(issued("AT2", 60.0)) })
            .await
            .unwrap();
        assert_eq!(t.secret().expose_secret(), "AT2");
    }

    #[tokio::test]
    async fn invalidate_only_drops_the_refused_token() {
        let cache = TokenCache::default();
        let first = cache
            .get(|| async { Ok(issued("AT1", 60.0)) })
            .await
            .unwrap();
        cache.invalidate(&first);
        let second = cache
            .get(|| async { Ok(issued("AT2", 60.0)) })
            .await
            .unwrap();
        // A late failure report about the first token must not discard the second.
        cache.invalidate(&first);
        let again = cache
            .get(|| async { Ok(issued("AT3", 60.0)) })
            .await
            .unwrap();
        assert!(Arc::ptr_eq(&second, &again));
        assert_eq!(cache.fetches(), 2);
    }
}
