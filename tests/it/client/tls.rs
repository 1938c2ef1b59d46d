//! TLS to EIAM: a private CA named by `[eiam] ca_file` is trusted besides the system's roots;
//! without it the same server is refused; and no setting turns certificate verification off.

use std::path::Path;
use std::sync::Arc;

use eiam_sync::eiam::Client;
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

use super::emu;

/// A private CA made now, and a certificate for `localhost` and 127.0.0.1 it signed.
struct Pki {
    ca_pem: String,
    server: ServerConfig,
}

fn pki() -> Pki {
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "eiam-sync test private CA");
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca = CertifiedIssuer::self_signed(ca, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
        .unwrap()
        .signed_by(&key, &ca)
        .unwrap();
    let _ = tokio_rustls::rustls::crypto::ring::default_provider().install_default();
    let server = ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
        .unwrap();
    Pki {
        ca_pem: ca.pem(),
        server,
    }
}

/// Terminates TLS on a loopback port and passes the bytes on to `backend` (the emulator).
async fn tls_front(server: ServerConfig, backend: std::net::SocketAddr) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let acceptor = TlsAcceptor::from(Arc::new(server));
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A client that refuses the certificate ends the handshake here.
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let Ok(mut plain) = TcpStream::connect(backend).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
            });
        }
    });
    port
}

fn client(emu: &eiam_sync::emulator::RunningEmulator, port: u16, ca: Option<&Path>) -> Client {
    let mut config = emu::config(emu);
    config.endpoint = format!("https://localhost:{port}");
    config.max_retries = 0;
    config.ca_file = ca.map(Path::to_path_buf);
    Client::new(config).unwrap()
}

fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

#[tokio::test]
async fn a_private_ca_in_ca_file_is_trusted_and_without_it_the_server_is_refused() {
    let emu = emu::start().await;
    let pki = pki();
    let port = tls_front(pki.server, emu.addr()).await;
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("private-ca.pem");
    std::fs::write(&ca_file, &pki.ca_pem).unwrap();

    let root = emu.root_ou_id();
    let trusted = client(&emu, port, Some(&ca_file));
    let ou = trusted
        .organizational_units()
        .get(&root)
        .await
        .expect("the private CA is trusted");
    assert_eq!(ou.organizational_unit_id.as_deref(), Some(root.as_str()));

    let err = client(&emu, port, None)
        .organizational_units()
        .get(&root)
        .await
        .expect_err("a certificate of an unknown CA is refused");
    let text = chain(&err).to_lowercase();
    assert!(text.contains("certificate"), "{text}");
}

#[tokio::test]
async fn a_missing_or_unusable_ca_file_is_named() {
    let emu = emu::start().await;
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.pem");
    let not_pem = dir.path().join("not.pem");
    std::fs::write(&not_pem, "just text, no certificate\n").unwrap();
    let bad_cert = dir.path().join("bad.pem");
    std::fs::write(
        &bad_cert,
        "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    for (path, why) in [
        (&missing, "cannot read"),
        (&not_pem, "no PEM certificate"),
        (&bad_cert, "cannot be a trusted root"),
    ] {
        let mut config = emu::config(&emu);
        config.ca_file = Some(path.clone());
        let err = Client::new(config).expect_err("an unusable ca_file is refused");
        let text = chain(&err);
        assert!(text.contains("eiam.ca_file"), "{text}");
        assert!(text.contains(why), "{text}");
        let problem = eiam_sync::config::ca_certificates(path).expect_err("refused");
        assert!(problem.contains(why), "{problem}");
    }
}

/// Nothing in the product can turn verification off: no such call in the sources, and the
/// configuration refuses the keys one might try.
#[test]
fn no_setting_disables_certificate_verification() {
    fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push((
                    path.display().to_string(),
                    std::fs::read_to_string(&path).unwrap(),
                ));
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 50, "the sources were not found");
    for (path, text) in &files {
        for needle in [
            "danger_accept_invalid",
            "tls_danger",
            ".dangerous()",
            "ServerCertVerifier for",
            "use_preconfigured_tls",
            "tls_backend_preconfigured",
        ] {
            assert!(!text.contains(needle), "{path} contains `{needle}`");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    for key in [
        "insecure = true",
        "danger_accept_invalid_certs = true",
        "tls_verify = false",
        "verify_certificates = false",
        "skip_tls_verify = true",
    ] {
        let path = dir.path().join("eiam-sync.toml");
        std::fs::write(
            &path,
            format!(
                "[eiam]\nendpoint = \"https://eiam.example.com\"\ninstance_id = \"i\"\napplication_id = \"a\"\nclient_id = \"c\"\nclient_secret = \"s\"\n{key}\n\n[source]\nurl = \"sqlite:///tmp/s.db\"\n\n[state]\nurl = \"sqlite:///tmp/t.db\"\n"
            ),
        )
        .unwrap();
        let err = eiam_sync::config::load(&path).expect_err("an unknown key is refused");
        let name = key.split(' ').next().unwrap();
        let text = err.to_string();
        assert!(text.contains(&format!("eiam.{name}")), "{key}: {text}");
    }
}

#[test]
fn config_check_names_a_bad_ca_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("eiam-sync.toml");
    let ca = dir.path().join("absent-ca.pem");
    std::fs::write(
        &path,
        format!(
            "[eiam]\nendpoint = \"https://eiam.example.com\"\ninstance_id = \"i\"\napplication_id = \"a\"\nclient_id = \"c\"\nclient_secret = \"s\"\nca_file = \"{}\"\n\n[source]\nurl = \"sqlite:///tmp/s.db\"\n\n[state]\nurl = \"sqlite:///tmp/t.db\"\n",
            ca.display()
        ),
    )
    .unwrap();
    let err = eiam_sync::config::load(&path).expect_err("a missing ca_file is refused");
    let text = err.to_string();
    assert!(
        text.contains("eiam.ca_file") && text.contains("absent-ca.pem"),
        "{text}"
    );
    let pki = pki();
    std::fs::write(&ca, &pki.ca_pem).unwrap();
    let settings = eiam_sync::config::load(&path).expect("a good ca_file is accepted");
    assert_eq!(settings.eiam.ca_file.as_deref(), Some(ca.as_path()));
}
