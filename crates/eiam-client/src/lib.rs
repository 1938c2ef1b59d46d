//! A typed client of the EIAM developer API (Eiam-developerapi 2022-02-25): transport, tokens,
//! pacing, retries, resource handles and paged streams. It knows nothing of eiam-sync: it is
//! configured with its own [`ClientConfig`], and the wire types are the `eiam-api` crate's
//! (re-exported as [`types`]). Ids are typed ([`UserId`], [`OrganizationalUnitId`],
//! [`GroupId`]): the resource handles take and return them, never bare strings.
//!
//! ```no_run
//! # async fn demo() -> Result<(), eiam_client::EiamError> {
//! use eiam_client::{Client, ClientConfig};
//! use futures_util::TryStreamExt;
//!
//! let config = ClientConfig::new(
//!     "https://eiam-developerapi.cn-hangzhou.aliyuncs.com",
//!     "idaas_xxx", "app_xxx", "app_xxx", "secret".to_owned().into(),
//! );
//! let client = Client::new(config)?;
//! let users: Vec<_> = client.users().list(None).try_collect().await?;
//! match client.users().id_by_external_id("e1001").await? {
//!     Some(id) => client.users().disable(&id).await?, // `id` is a `UserId`
//!     None => {}
//! }
//! let sales = eiam_client::OrganizationalUnitId::from("ou_sales");
//! let parents = client.organizational_units().parent_ids(&sales).await?;
//! # Ok(()) }
//! ```

mod chain;
mod client;
mod config;
mod decode;
mod error;
mod groups;
mod http;
mod metrics;
mod oauth;
mod organizational_units;
mod pacing;
pub mod page;
mod pam;
mod request;
mod retry;
mod scope;
mod shared;
mod sleep;
mod tls;
mod token;
mod token_request;
mod users;

pub use eiam_api as types;
/// The typed ids the resource handles take and return (from `eiam-api`, [`types::ids`]).
pub use eiam_api::ids::{GroupId, OrganizationalUnitId, UserId};

pub use chain::chain;
pub use client::Client;
pub use config::{ClientConfig, TokenAuth};
pub use error::{ApiError, DecodeError, EiamError, Phase, TransportError};
pub use groups::Groups;
pub use metrics::{ClientMetrics, RequestLabels};
pub use oauth::OAuth;
pub use organizational_units::OrganizationalUnits;
pub use page::{Cursor, Page};
pub use pam::Pam;
pub use request::API_VERSION;
pub use shared::BUILD_IN;
pub use sleep::{Sleeper, TokioSleeper};
pub use tls::ca_certificates;
pub use users::Users;

/// The README's examples, compiled by `cargo test --doc`.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeExamples;
