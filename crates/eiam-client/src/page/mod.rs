//! Both pagination styles of the API as pages and as lazy item streams.

use std::collections::HashSet;
use std::future::Future;

use futures_util::stream::{self, Stream, TryStreamExt};

use super::error::EiamError;

mod listed;

pub use listed::Listed;

/// Page size for `pageNumber`/`pageSize` lists (the API maximum).
pub const PAGE_SIZE: i64 = 100;
/// Page size for `nextToken`/`maxResults` lists (the emulator caps token pages at 100; the real
/// upper bound is undocumented, docs/eiam-api.md, open question 9).
pub const MAX_RESULTS: i64 = 100;
/// A listing longer than this many pages is taken for an endless one (a million items at 100
/// a page, ten times the largest directory the tool is sized for).
pub const MAX_PAGES: usize = 10_000;

/// Where a list continues.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    /// How many items were asked for; a page holding more was not the page asked for.
    pub limit: Option<i64>,
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
            limit: Some(page_size),
        }
    }

    /// A `nextToken` page. It is the last when the token is absent or empty.
    pub fn tokened(items: Vec<T>, total_count: Option<i64>, next_token: Option<String>) -> Page<T> {
        Page {
            items,
            total_count,
            next: next_token.filter(|t| !t.is_empty()).map(Cursor::Token),
            limit: None,
        }
    }

    /// The same page, known to have been asked for at most `limit` items.
    pub fn with_limit(mut self, limit: Option<i64>) -> Page<T> {
        self.limit = limit;
        self
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

/// What a listing has shown so far; the one place that decides whether a listing is complete.
///
/// A listing is believed only when it ends on its own (no next cursor) after exactly the
/// `totalCount` it announced (when it announced one), without a cursor coming back, an item
/// appearing twice, a page larger than asked for, a `totalCount` that changes on the way, or
/// more than [`MAX_PAGES`] pages. Anything else means the pages do not add up to the whole
/// list, and reading them as the whole list would make existing objects look missing; so the
/// listing fails instead of shrinking.
struct Progress {
    action: &'static str,
    max_pages: usize,
    pages: usize,
    seen: u64,
    total: Option<i64>,
    cursors: HashSet<Cursor>,
    keys: HashSet<String>,
}

impl Progress {
    fn new(action: &'static str, max_pages: usize) -> Progress {
        Progress {
            action,
            max_pages,
            pages: 0,
            seen: 0,
            total: None,
            cursors: HashSet::new(),
            keys: HashSet::new(),
        }
    }

    fn fail(&self, reason: String) -> EiamError {
        EiamError::Protocol {
            action: self.action,
            reason: format!("the listing is incomplete: {reason}"),
            request_id: None,
        }
    }

    /// Checks `page`, fetched at `cursor`, against everything seen before it.
    fn check<T: Listed>(&mut self, cursor: &Cursor, page: &Page<T>) -> Result<(), EiamError> {
        self.pages += 1;
        self.cursors.insert(cursor.clone());
        if let Some(next) = &page.next
            && self.cursors.contains(next)
        {
            let which = if next == cursor {
                "the page just fetched"
            } else {
                "one already fetched"
            };
            return Err(self.fail(format!(
                "the next page is {which} ({next:?}, after page {})",
                self.pages
            )));
        }
        if page.next.is_some() && self.pages >= self.max_pages {
            return Err(self.fail(format!("it goes on past {} pages", self.max_pages)));
        }
        let len = page.items.len();
        if let Some(limit) = page.limit
            && i64::try_from(len).unwrap_or(i64::MAX) > limit
        {
            return Err(self.fail(format!(
                "page {} holds {len} items, more than the {limit} asked for",
                self.pages
            )));
        }
        match (self.total, page.total_count) {
            (_, Some(t)) if t < 0 => return Err(self.fail(format!("totalCount is {t}"))),
            (Some(before), Some(now)) if before != now => {
                return Err(self.fail(format!(
                    "totalCount changed from {before} to {now} during the listing"
                )));
            }
            (None, Some(now)) => self.total = Some(now),
            _ => {}
        }
        for item in &page.items {
            if let Some(key) = item.key()
                && !self.keys.insert(key.to_owned())
            {
                return Err(self.fail(format!("{key} is listed twice")));
            }
        }
        self.seen += u64::try_from(len).unwrap_or(u64::MAX);
        let Some(total) = self.total.and_then(|t| u64::try_from(t).ok()) else {
            return Ok(());
        };
        if self.seen > total {
            return Err(self.fail(format!(
                "{} items listed, more than the totalCount of {total}",
                self.seen
            )));
        }
        if page.next.is_none() && self.seen < total {
            return Err(self.fail(format!(
                "it ended after {} of the {total} items its totalCount announced",
                self.seen
            )));
        }
        Ok(())
    }
}

/// The pages of a list, fetched one at a time as the stream is polled, starting at `first`.
/// Every page is checked by the completeness rule of [`Progress`]; a page that breaks it ends
/// the stream with an error.
pub fn pages<T, F, Fut>(
    action: &'static str,
    first: Cursor,
    fetch: F,
) -> impl Stream<Item = Result<Page<T>, EiamError>>
where
    T: Listed,
    F: FnMut(Cursor) -> Fut,
    Fut: Future<Output = Result<Page<T>, EiamError>>,
{
    bounded_pages(action, first, MAX_PAGES, fetch)
}

fn bounded_pages<T, F, Fut>(
    action: &'static str,
    first: Cursor,
    max_pages: usize,
    fetch: F,
) -> impl Stream<Item = Result<Page<T>, EiamError>>
where
    T: Listed,
    F: FnMut(Cursor) -> Fut,
    Fut: Future<Output = Result<Page<T>, EiamError>>,
{
    stream::try_unfold(
        (Some(first), fetch, Progress::new(action, max_pages)),
        move |(cursor, mut fetch, mut progress)| async move {
            let Some(cursor) = cursor else {
                return Ok(None);
            };
            let page = fetch(cursor.clone()).await?;
            progress.check(&cursor, &page)?;
            let next = page.next.clone();
            Ok(Some((page, (next, fetch, progress))))
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
    T: Listed,
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
mod tests;
