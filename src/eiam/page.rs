//! Both pagination styles of the API as pages and as lazy item streams.

use std::future::Future;

use futures_util::stream::{self, Stream, TryStreamExt};

use super::error::EiamError;

/// Page size for `pageNumber`/`pageSize` lists (the API maximum).
pub const PAGE_SIZE: i64 = 100;
/// Page size for `nextToken`/`maxResults` lists (the emulator caps token pages at 100; the real
/// upper bound is undocumented, FACTS open question 9).
pub const MAX_RESULTS: i64 = 100;

/// Where a list continues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    /// `pageNumber` of the next page (1-based).
    PageNumber(i64),
    /// The opaque `nextToken` of the next page.
    Token(String),
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// `totalCount` as the server reported it.
    pub total_count: Option<i64>,
    /// The next page, or `None` on the last one.
    pub next: Option<Cursor>,
}

impl<T> Page<T> {
    /// A `pageNumber` page. It is the last when it is short, empty, or reaches `totalCount`.
    pub fn numbered(
        items: Vec<T>,
        total_count: Option<i64>,
        page_number: i64,
        page_size: i64,
    ) -> Page<T> {
        let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
        let seen = page_number.saturating_mul(page_size);
        let last = len == 0 || len < page_size || total_count.is_some_and(|total| seen >= total);
        Page {
            items,
            total_count,
            next: (!last).then(|| Cursor::PageNumber(page_number + 1)),
        }
    }

    /// A `nextToken` page. It is the last when the token is absent or empty.
    pub fn tokened(items: Vec<T>, total_count: Option<i64>, next_token: Option<String>) -> Page<T> {
        Page {
            items,
            total_count,
            next: next_token.filter(|t| !t.is_empty()).map(Cursor::Token),
        }
    }

    /// The `pageNumber` of the next page, if this is a page-number page with a successor.
    pub fn next_page_number(&self) -> Option<i64> {
        match &self.next {
            Some(Cursor::PageNumber(n)) => Some(*n),
            _ => None,
        }
    }

    /// The `nextToken` of the next page, if there is one.
    pub fn next_token(&self) -> Option<&str> {
        match &self.next {
            Some(Cursor::Token(t)) => Some(t),
            _ => None,
        }
    }
}

/// The pages of a list, fetched one at a time as the stream is polled, starting at `first`.
/// A server that hands back the cursor it was just given would loop forever; that is an error.
pub fn pages<T, F, Fut>(
    action: &'static str,
    first: Cursor,
    fetch: F,
) -> impl Stream<Item = Result<Page<T>, EiamError>>
where
    F: FnMut(Cursor) -> Fut,
    Fut: Future<Output = Result<Page<T>, EiamError>>,
{
    stream::try_unfold(
        (Some(first), fetch),
        move |(cursor, mut fetch)| async move {
            let Some(cursor) = cursor else {
                return Ok(None);
            };
            let page = fetch(cursor.clone()).await?;
            if page.next.as_ref() == Some(&cursor) {
                return Err(EiamError::Protocol {
                    action,
                    reason: format!("the next page is the page just fetched ({cursor:?})"),
                    request_id: None,
                });
            }
            let next = page.next.clone();
            Ok(Some((page, (next, fetch))))
        },
    )
}

/// The items of a list, one page fetched at a time: page n+1 is requested only once every item
/// of page n has been taken from the stream, so at most one page is held in memory.
pub fn items<T, F, Fut>(
    action: &'static str,
    first: Cursor,
    fetch: F,
) -> impl Stream<Item = Result<T, EiamError>>
where
    F: FnMut(Cursor) -> Fut,
    Fut: Future<Output = Result<Page<T>, EiamError>>,
{
    pages(action, first, fetch)
        .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
        .try_flatten()
}

/// Extract the page number or token a fetch function expects (a cursor of the other style is
/// a programming error; the list restarts from the top rather than panicking).
pub(crate) fn page_number(cursor: &Cursor) -> i64 {
    match cursor {
        Cursor::PageNumber(n) => *n,
        Cursor::Token(_) => 1,
    }
}

pub(crate) fn token(cursor: &Cursor) -> Option<String> {
    match cursor {
        Cursor::Token(t) if !t.is_empty() => Some(t.clone()),
        _ => None,
    }
}

/// Convenience for collecting a whole stream.
pub async fn collect<T>(s: impl Stream<Item = Result<T, EiamError>>) -> Result<Vec<T>, EiamError> {
    s.try_collect().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn numbered_pages_end_on_short_empty_or_total() {
        assert_eq!(
            Page::numbered(vec![1; 100], Some(250), 1, 100).next,
            Some(Cursor::PageNumber(2))
        );
        assert_eq!(Page::numbered(vec![1; 50], Some(250), 3, 100).next, None);
        assert_eq!(Page::numbered(vec![1; 100], Some(200), 2, 100).next, None);
        assert_eq!(Page::numbered(Vec::<i32>::new(), None, 4, 100).next, None);
        assert_eq!(
            Page::numbered(vec![1; 100], None, 4, 100).next_page_number(),
            Some(5)
        );
    }

    #[test]
    fn token_pages_end_on_absent_or_empty_token() {
        assert_eq!(
            Page::tokened(vec![1], None, Some("NT1".into())).next_token(),
            Some("NT1")
        );
        assert_eq!(Page::tokened(vec![1], None, Some(String::new())).next, None);
        assert_eq!(Page::tokened(vec![1], None, None).next, None);
    }

    fn numbered_source(
        total: i64,
        fetched: Arc<AtomicUsize>,
    ) -> impl FnMut(Cursor) -> futures_util::future::Ready<Result<Page<i64>, EiamError>> {
        move |cursor| {
            fetched.fetch_add(1, Ordering::SeqCst);
            let n = page_number(&cursor);
            let start = (n - 1) * 10;
            let items: Vec<i64> = (start..(start + 10).min(total)).collect();
            futures_util::future::ready(Ok(Page::numbered(items, Some(total), n, 10)))
        }
    }

    #[tokio::test]
    async fn items_fetch_lazily_one_page_at_a_time() {
        let fetched = Arc::new(AtomicUsize::new(0));
        let s = items(
            "ListUsers",
            Cursor::PageNumber(1),
            numbered_source(35, fetched.clone()),
        );
        futures_util::pin_mut!(s);
        assert_eq!(
            fetched.load(Ordering::SeqCst),
            0,
            "nothing fetched before polling"
        );
        for want in 0..10 {
            assert_eq!(s.next().await.unwrap().unwrap(), want);
            assert_eq!(fetched.load(Ordering::SeqCst), 1);
        }
        assert_eq!(s.next().await.unwrap().unwrap(), 10);
        assert_eq!(fetched.load(Ordering::SeqCst), 2);
        let rest: Vec<i64> = s.try_collect().await.unwrap();
        assert_eq!(rest, (11..35).collect::<Vec<_>>());
        assert_eq!(fetched.load(Ordering::SeqCst), 4);
    }

    #[tokio::test]
    async fn token_lists_follow_the_tokens_and_refuse_loops() {
        let all = collect(items("ListGroups", Cursor::Token(String::new()), |c| {
            let next = match token(&c).as_deref() {
                None => Some("a".to_owned()),
                Some("a") => Some("b".to_owned()),
                _ => None,
            };
            futures_util::future::ready(Ok(Page::tokened(vec![token(&c)], None, next)))
        }))
        .await
        .unwrap();
        assert_eq!(all, vec![None, Some("a".into()), Some("b".into())]);

        let err = collect(items("ListGroups", Cursor::Token(String::new()), |_c| {
            futures_util::future::ready(Ok(Page::tokened(vec![1], None, Some("same".into()))))
        }))
        .await
        .unwrap_err();
        assert!(err.to_string().contains("page just fetched"), "{err}");
    }

    #[tokio::test]
    async fn an_error_ends_the_stream() {
        let mut calls = 0;
        let s = items("ListUsers", Cursor::PageNumber(1), move |c| {
            calls += 1;
            let n = page_number(&c);
            futures_util::future::ready(if calls == 2 {
                Err(EiamError::config("boom"))
            } else {
                Ok(Page::numbered(vec![n; 10], None, n, 10))
            })
        });
        let got: Vec<_> = s.collect().await;
        assert_eq!(got.len(), 11);
        assert!(got[10].is_err());
    }
}
