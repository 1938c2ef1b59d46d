//! `[eiam] ca_file`: a PEM bundle of private CA certificates, trusted for EIAM besides the
//! system's roots. There is deliberately no setting that turns certificate verification off.

use std::path::Path;

use rustls::RootCertStore;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

/// The certificates of the PEM bundle at `path`, each checked to be usable as a trust anchor;
/// the error says what is wrong with the file (the caller names the key).
pub fn ca_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut certs = Vec::new();
    for (i, cert) in CertificateDer::pem_slice_iter(&bytes).enumerate() {
        let cert = cert.map_err(|e| {
            format!(
                "{}: certificate {} is not valid PEM: {e}",
                path.display(),
                i + 1
            )
        })?;
        RootCertStore::empty().add(cert.clone()).map_err(|e| {
            format!(
                "{}: certificate {} cannot be a trusted root: {e}",
                path.display(),
                i + 1
            )
        })?;
        certs.push(cert);
    }
    if certs.is_empty() {
        return Err(format!(
            "{} holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
            path.display()
        ));
    }
    Ok(certs)
}
