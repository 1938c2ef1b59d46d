//! The router, built from the shared `Operation` definitions so paths and methods cannot drift
//! from the client's: one route per path template, one method per operation, JSON 404/405.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::routing::{MethodFilter, MethodRouter};

use super::admin;
use super::handlers::{Endpoint, for_each_endpoint};
use super::pipeline::{dispatch, method_not_allowed, unknown_path};
use super::shared::Shared;
use eiam_api::HttpMethod;

type Routes = BTreeMap<&'static str, MethodRouter<Arc<Shared>>>;

fn add<E: Endpoint>(routes: &mut Routes) {
    let filter = match E::METHOD {
        HttpMethod::Get => MethodFilter::GET,
        HttpMethod::Post => MethodFilter::POST,
        HttpMethod::Patch => MethodFilter::PATCH,
        HttpMethod::Delete => MethodFilter::DELETE,
    };
    let methods = routes.remove(E::PATH).unwrap_or_default();
    routes.insert(E::PATH, methods.on(filter, dispatch::<E>));
}

/// The whole service: the 52 operations, the admin API, and JSON answers for everything else.
pub fn router(shared: Arc<Shared>) -> Router {
    let mut routes = Routes::new();
    macro_rules! register {
        ($($op:ident),*) => {{ $( add::<$op>(&mut routes); )* }};
    }
    for_each_endpoint!(register);
    let mut router = Router::new();
    for (path, methods) in routes {
        router = router.route(path, methods);
    }
    router
        .merge(admin::routes())
        .fallback(unknown_path)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(shared)
}
