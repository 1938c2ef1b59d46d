//! The application's provisioning (synchronization) scope.

use tracing::instrument;

use super::client::Client;
use super::error::EiamError;
use super::types::scope::GetApplicationProvisioningScopeResponse;
use super::types::{NoQuery, ops};

impl Client {
    /// `GetApplicationProvisioningScope`: the OU subtrees and groups this application may read
    /// and change (every application may call it).
    #[instrument(skip(self))]
    pub async fn provisioning_scope(
        &self,
    ) -> Result<GetApplicationProvisioningScopeResponse, EiamError> {
        self.execute::<ops::GetApplicationProvisioningScope>(&[], &NoQuery {}, None)
            .await
    }
}
