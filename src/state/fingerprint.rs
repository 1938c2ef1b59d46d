//! Keyed fingerprints of what was applied: HMAC-SHA1 over a canonical, unambiguous encoding,
//! so the state store can tell "unchanged since last applied" without keeping personal data.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha1::{Digest, Sha1};

use crate::model::attrs::Encode;
use crate::model::{DesiredGroup, DesiredOu, DesiredUser};

mod members;

pub use members::LEAVER_DISABLED;

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Block size of SHA-1, the HMAC key length.
const BLOCK: usize = 64;

/// Computes fingerprints with one key. The encoding is versioned: a change of it changes every
/// fingerprint, which only costs one round of re-checks.
#[derive(Clone)]
pub struct Fingerprinter {
    mac: Hmac<Sha1>,
}

impl fmt::Debug for Fingerprinter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Fingerprinter([redacted])")
    }
}

impl Fingerprinter {
    /// A fingerprinter keyed with the UTF-8 bytes of `key`.
    pub fn new(key: &SecretString) -> Self {
        Fingerprinter {
            mac: Hmac::<Sha1>::new(&block_key(key.expose_secret().as_bytes()).into()),
        }
    }

    /// Of an OU: external id, parent, then its attributes. The attribute encoding kept the
    /// bytes of `ou/v1`, so those fingerprints stay valid.
    pub fn ou(&self, ou: &DesiredOu) -> String {
        let mut e = Encoder::new(&self.mac, "ou/v1");
        e.text(ou.external_id.as_str());
        e.opt(ou.parent.as_ref().map(|p| p.as_str()));
        ou.attrs.encode(&mut e);
        e.finish()
    }

    /// Of a user: external id, its attributes, primary and secondary OUs (sorted), status.
    /// `user/v2`: the attribute set gained extended fields and moved the description, so
    /// every `user/v1` fingerprint reads as stale once.
    pub fn user(&self, user: &DesiredUser) -> String {
        let mut e = Encoder::new(&self.mac, "user/v2");
        e.text(user.external_id.as_str());
        user.attrs.encode(&mut e);
        e.text(user.primary_ou.as_str());
        e.set(user.secondary_ous.iter().map(|id| id.as_str()));
        e.text(user.status.as_str());
        e.finish()
    }

    /// A keyed tag of arbitrary bytes under a domain (saved-plan integrity, snapshot and
    /// configuration digests): only a holder of the key can make one that verifies.
    pub fn sign(&self, domain: &str, bytes: &[u8]) -> String {
        let mut e = Encoder::new(&self.mac, domain);
        e.mac.update(&(bytes.len() as u64).to_be_bytes());
        e.mac.update(bytes);
        e.finish()
    }

    /// Of a group: external id, then its attributes (the bytes of `group/v1`).
    pub fn group(&self, group: &DesiredGroup) -> String {
        let mut e = Encoder::new(&self.mac, "group/v1");
        e.text(group.external_id.as_str());
        group.attrs.encode(&mut e);
        e.finish()
    }
}

/// RFC 2104 key preparation (hash a long key, zero-pad to the block), which is what HMAC does
/// with any key; doing it here keeps construction infallible.
fn block_key(key: &[u8]) -> [u8; BLOCK] {
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        let digest = Sha1::digest(key);
        block[..digest.len()].copy_from_slice(&digest);
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    block
}

/// Tagged, length-prefixed fields: no two different records encode to the same bytes.
struct Encoder {
    mac: Hmac<Sha1>,
}

impl Encode for Encoder {
    fn text(&mut self, s: &str) {
        self.mac.update(&[1]);
        self.mac.update(&(s.len() as u64).to_be_bytes());
        self.mac.update(s.as_bytes());
    }

    fn absent(&mut self) {
        self.mac.update(&[0]);
    }

    fn flag(&mut self, b: bool) {
        self.mac.update(&[2, u8::from(b)]);
    }

    fn map(&mut self, len: usize) {
        self.mac.update(&[4]);
        self.mac.update(&(len as u64).to_be_bytes());
    }
}

impl Encoder {
    fn new(mac: &Hmac<Sha1>, domain: &str) -> Self {
        let mut e = Encoder { mac: mac.clone() };
        e.text(domain);
        e
    }

    fn opt(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.text(s),
            None => self.absent(),
        }
    }

    /// Items must come sorted (a `BTreeSet` iterates in order).
    fn set<'a>(&mut self, items: impl ExactSizeIterator<Item = &'a str>) {
        self.mac.update(&[3]);
        self.mac.update(&(items.len() as u64).to_be_bytes());
        for item in items {
            self.text(item);
        }
    }

    /// Hex, in a string of exactly its 40 characters: collected piece by piece it grew to 64
    /// bytes, and a run keeps a fingerprint of every snapshot record.
    fn finish(self) -> String {
        let bytes = self.mac.finalize().into_bytes();
        let mut hex = String::with_capacity(2 * bytes.len());
        for b in bytes.iter() {
            hex.push(char::from(HEX_DIGITS[usize::from(b >> 4)]));
            hex.push(char::from(HEX_DIGITS[usize::from(b & 0xf)]));
        }
        hex
    }
}

/// HMAC-SHA1 of `message` under `key`, hex (for tests against published vectors).
#[cfg(test)]
fn hmac_hex(key: &[u8], message: &[u8]) -> String {
    let mut mac = Hmac::<Sha1>::new(&block_key(key).into());
    mac.update(message);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::model::{CustomFields, Email, ExtId, GroupAttrs, OuAttrs, UserAttrs, UserStatus};

    #[test]
    fn key_preparation_matches_rfc_2202() {
        assert_eq!(
            hmac_hex(&[0x0b; 20], b"Hi There"),
            "b617318655057264e28bc0b6fb378c8ef146be00"
        );
        assert_eq!(
            hmac_hex(b"Jefe", b"what do ya want for nothing?"),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
        assert_eq!(
            hmac_hex(
                &[0xaa; 80],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            ),
            "aa4ae5e15272d00e95705637ce8a3b55ed402112"
        );
    }

    fn user() -> DesiredUser {
        DesiredUser {
            external_id: ExtId::from("e1"),
            attrs: std::sync::Arc::new(UserAttrs {
                username: "alice".into(),
                display_name: Some("Alice".into()),
                email: Some(Email {
                    address: "alice@example.com".into(),
                    verified: true,
                }),
                custom_fields: [("employee_number", "42")].into_iter().collect(),
                ..Default::default()
            }),
            primary_ou: ExtId::from("ou1"),
            secondary_ous: BTreeSet::from([ExtId::from("ou2"), ExtId::from("ou3")]),
            status: UserStatus::Enabled,
        }
    }

    fn variant(change: impl FnOnce(&mut DesiredUser)) -> DesiredUser {
        let mut u = user();
        change(&mut u);
        u
    }

    #[test]
    fn every_field_changes_the_fingerprint_and_the_key_matters() {
        let f = Fingerprinter::new(&SecretString::from("k1"));
        let base = f.user(&user());
        assert_eq!(base.len(), 40);
        assert_eq!(base, f.user(&user()), "deterministic");
        let variants: Vec<DesiredUser> = vec![
            variant(|u| std::sync::Arc::make_mut(&mut u.attrs).username = "alicf".into()),
            variant(|u| std::sync::Arc::make_mut(&mut u.attrs).display_name = None),
            variant(|u| std::sync::Arc::make_mut(&mut u.attrs).email = None),
            variant(|u| {
                std::sync::Arc::make_mut(&mut u.attrs).email = Some(Email {
                    address: "alice@example.com".into(),
                    verified: false,
                })
            }),
            variant(|u| u.primary_ou = ExtId::from("ou2")),
            variant(|u| u.secondary_ous = BTreeSet::from([ExtId::from("ou2")])),
            variant(|u| std::sync::Arc::make_mut(&mut u.attrs).description = Some(String::new())),
            variant(|u| u.status = UserStatus::Disabled),
            variant(|u| std::sync::Arc::make_mut(&mut u.attrs).custom_fields = CustomFields::new()),
            variant(|u| {
                std::sync::Arc::make_mut(&mut u.attrs)
                    .custom_fields
                    .set("employee_number", "43")
            }),
            variant(|u| {
                std::sync::Arc::make_mut(&mut u.attrs)
                    .custom_fields
                    .set("cost_center", "42")
            }),
        ];
        for v in &variants {
            assert_ne!(f.user(v), base, "{v:?}");
        }
        let other_key = Fingerprinter::new(&SecretString::from("k2"));
        assert_ne!(other_key.user(&user()), base);
        assert!(!base.contains("alice"));
    }

    #[test]
    fn field_boundaries_are_unambiguous() {
        let f = Fingerprinter::new(&SecretString::from("k"));
        let ou = |ext: &str, name: &str| DesiredOu {
            external_id: ExtId::from(ext),
            parent: None,
            attrs: OuAttrs {
                name: name.into(),
                description: None,
            },
        };
        let (a, b) = (ou("ab", "c"), ou("a", "bc"));
        assert_ne!(f.ou(&a), f.ou(&b));
        let g = DesiredGroup {
            external_id: ExtId::from("ab"),
            attrs: GroupAttrs { name: "c".into() },
        };
        assert_ne!(f.group(&g), f.ou(&a), "kinds are domain-separated");
    }

    /// OU and group fingerprints keep the `v1` bytes (values computed from that encoding
    /// independently), so only user fingerprints turn stale with the attribute sets.
    #[test]
    fn ou_and_group_fingerprints_keep_their_v1_bytes() {
        let f = Fingerprinter::new(&SecretString::from("k"));
        let ou = DesiredOu {
            external_id: ExtId::from("e1"),
            parent: Some(ExtId::from("p1")),
            attrs: OuAttrs {
                name: "Eng".into(),
                description: Some("Engineering".into()),
            },
        };
        assert_eq!(f.ou(&ou), "da916fccc6d924c6cb66e6acdc20700a92b69987");
        let group = DesiredGroup {
            external_id: ExtId::from("ab"),
            attrs: GroupAttrs { name: "c".into() },
        };
        assert_eq!(f.group(&group), "1ab73cab25b9d1364a773e4c82b33cbd7ce9302b");
    }
}
