//! The typed client of the EIAM developer API (Eiam-developerapi 2022-02-25): the only place
//! that knows about HTTP.
//!
//! ```no_run
//! # async fn demo() -> Result<(), eiam_sync::eiam::EiamError> {
//! use eiam_sync::eiam::{Client, ClientConfig};
//! use futures_util::TryStreamExt;
//!
//! let config = ClientConfig::new(
//!     "https://eiam-developerapi.cn-hangzhou.aliyuncs.com",
//!     "idaas_xxx", "app_xxx", "app_xxx", "secret".to_owned().into(),
//! );
//! let client = Client::new(config)?;
//! let users: Vec<_> = client.users().list(None).try_collect().await?;
//! match client.users().id_by_external_id("e1001").await? {
//!     Some(id) => client.users().disable(&id).await?,
//!     None => {}
//! }
//! # Ok(()) }
//! ```

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
mod token;
mod token_request;
pub mod types;
mod users;

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
pub use users::Users;
