//! The completeness rule of listings, page by page.

use super::*;
use futures_util::StreamExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures_util::future::{Ready, ready};

// Plain numbers carry no id: these tests exercise the paging, not the duplicate rule.
impl Listed for i64 {
    fn key(&self) -> Option<&str> {
        None
    }
}

impl Listed for Option<String> {
    fn key(&self) -> Option<&str> {
        None
    }
}

impl Listed for &'static str {
    fn key(&self) -> Option<&str> {
        Some(self)
    }
}

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

/// Serves `pages` (items, totalCount, next token) in order for a token list; the first is
/// the answer to the first request, whatever its cursor.
fn scripted(
    pages: Vec<(Vec<&'static str>, Option<i64>, Option<&'static str>)>,
) -> impl FnMut(Cursor) -> Ready<Result<Page<&'static str>, EiamError>> {
    let mut pages = pages.into_iter();
    move |_cursor| {
        ready(match pages.next() {
            Some((items, total, next)) => {
                Ok(Page::tokened(items, total, next.map(str::to_owned)).with_limit(Some(3)))
            }
            None => Err(EiamError::config("asked past the script")),
        })
    }
}

async fn listing_error(
    pages: Vec<(Vec<&'static str>, Option<i64>, Option<&'static str>)>,
) -> String {
    collect(items(
        "ListGroups",
        Cursor::Token(String::new()),
        scripted(pages),
    ))
    .await
    .expect_err("the listing must fail")
    .to_string()
}

#[tokio::test]
async fn a_complete_token_listing_is_believed() {
    let all = collect(items(
        "ListGroups",
        Cursor::Token(String::new()),
        scripted(vec![
            (vec!["g1", "g2", "g3"], Some(5), Some("A")),
            (vec!["g4", "g5"], Some(5), None),
        ]),
    ))
    .await
    .unwrap();
    assert_eq!(all, vec!["g1", "g2", "g3", "g4", "g5"]);
}

#[tokio::test]
async fn a_short_last_page_below_the_total_count_fails() {
    let e = listing_error(vec![
        (vec!["g1", "g2", "g3"], Some(7), Some("A")),
        (vec!["g4"], Some(7), None),
    ])
    .await;
    assert!(e.contains("ended after 4 of the 7 items"), "{e}");
}

#[tokio::test]
async fn a_short_numbered_page_below_the_total_count_fails() {
    // Page 1 is short, so it ends the listing by size, while totalCount says 250.
    let e = collect(items("ListUsers", Cursor::PageNumber(1), |c| {
        let n = page_number(&c);
        ready(Ok(Page::numbered(vec![n; 40], Some(250), n, 100)))
    }))
    .await
    .unwrap_err()
    .to_string();
    assert!(e.contains("ended after 40 of the 250 items"), "{e}");
}

#[tokio::test]
async fn an_empty_page_below_the_total_count_fails() {
    let e = listing_error(vec![(vec![], Some(2), None)]).await;
    assert!(e.contains("ended after 0 of the 2 items"), "{e}");
}

#[tokio::test]
async fn a_token_cycle_fails() {
    // A → B → A
    let e = listing_error(vec![
        (vec!["g1"], None, Some("A")),
        (vec!["g2"], None, Some("B")),
        (vec!["g3"], None, Some("A")),
    ])
    .await;
    assert!(e.contains("one already fetched"), "{e}");
}

#[tokio::test]
async fn a_repeated_item_fails() {
    let e = listing_error(vec![
        (vec!["g1", "g2"], None, Some("A")),
        (vec!["g2", "g3"], None, None),
    ])
    .await;
    assert!(e.contains("g2 is listed twice"), "{e}");
}

#[tokio::test]
async fn more_items_than_the_total_count_fail() {
    let e = listing_error(vec![
        (vec!["g1", "g2", "g3"], Some(2), Some("A")),
        (vec!["g4"], Some(2), None),
    ])
    .await;
    assert!(e.contains("more than the totalCount of 2"), "{e}");
}

#[tokio::test]
async fn a_changing_total_count_fails() {
    let e = listing_error(vec![
        (vec!["g1", "g2", "g3"], Some(5), Some("A")),
        (vec!["g4"], Some(4), None),
    ])
    .await;
    assert!(e.contains("totalCount changed from 5 to 4"), "{e}");
}

#[tokio::test]
async fn a_page_larger_than_asked_for_fails() {
    let e = listing_error(vec![(vec!["g1", "g2", "g3", "g4"], None, None)]).await;
    assert!(
        e.contains("holds 4 items, more than the 3 asked for"),
        "{e}"
    );
}

#[tokio::test]
async fn a_negative_total_count_fails() {
    let e = listing_error(vec![(vec!["g1"], Some(-1), None)]).await;
    assert!(e.contains("totalCount is -1"), "{e}");
}

#[tokio::test]
async fn an_endless_listing_fails_after_the_page_cap() {
    let fetched = Arc::new(AtomicUsize::new(0));
    let counter = fetched.clone();
    // Fresh tokens and no ids or totalCount: only the page cap can tell it never ends.
    let s = bounded_pages(
        "ListUsersForGroup",
        Cursor::Token(String::new()),
        50,
        move |_c| {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            ready(Ok(Page::tokened(vec![1i64], None, Some(format!("T{n}")))))
        },
    );
    let e = collect(s.map_ok(|p| p.items.len()))
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("goes on past 50 pages"), "{e}");
    assert_eq!(fetched.load(Ordering::SeqCst), 50);
}
