//! Adoption (docs/adoption.md): matching snapshot records that have no object in EIAM with the
//! objects eiam-sync does not manage, by the keys `[sync.adopt]` allows — never a guess. A
//! pure function of the snapshot, the observation and the ownership map ([`match_all`]), so
//! the planner and a read-only check reach the same verdicts; [`seed`] makes the planner take
//! each adopted object as its record's.

mod keys;
mod seed;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::model::{AdoptKey, DesiredState, EiamId, ExtId, Kind, ObservedState, Ownership};

use keys::{Candidates, Found};

pub use keys::{BUILT_IN, Candidate};

/// The adoption rules, as the planner takes them (the reconciler maps `[sync.adopt]` onto it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdoptRules {
    /// User keys tried, in this order (the first that matches names the adoption).
    pub users: Vec<AdoptKey>,
    /// OUs match by their path of names under the sync root.
    pub ous_by_path: bool,
    /// Groups match by name.
    pub groups_by_name: bool,
    /// The `*SourceType`s whose objects may be adopted.
    pub source_types: BTreeSet<String>,
}

impl Default for AdoptRules {
    /// No rule: nothing is adopted.
    fn default() -> Self {
        AdoptRules {
            users: Vec::new(),
            ous_by_path: false,
            groups_by_name: false,
            source_types: BTreeSet::from([BUILT_IN.to_owned()]),
        }
    }
}

impl AdoptRules {
    /// The keys that may match objects of `kind`, in order.
    pub fn keys(&self, kind: Kind) -> Vec<AdoptKey> {
        match kind {
            Kind::User => self.users.clone(),
            Kind::OrganizationalUnit if self.ous_by_path => vec![AdoptKey::Path],
            Kind::Group if self.groups_by_name => vec![AdoptKey::Name],
            _ => Vec::new(),
        }
    }

    /// Whether some rule is on for `kind`.
    pub fn adopts(&self, kind: Kind) -> bool {
        !self.keys(kind).is_empty()
    }

    /// Whether some rule is on at all.
    pub fn any(&self) -> bool {
        [Kind::OrganizationalUnit, Kind::User, Kind::Group]
            .into_iter()
            .any(|k| self.adopts(k))
    }

    /// Whether objects of this source may be adopted (no source type reads as `build_in`).
    pub fn allows(&self, source_type: Option<&str>) -> bool {
        self.source_types.contains(source_type.unwrap_or(BUILT_IN))
    }
}

/// A record matched with exactly one object that may be adopted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adoption {
    pub record: ExtId,
    pub eiam_id: EiamId,
    /// The first key, in the configured order, that matched.
    pub key: AdoptKey,
}

/// A record that cannot be matched without guessing: rejected, naming every candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguous {
    pub record: ExtId,
    pub candidates: Vec<Candidate>,
    /// Other records that match the same object (empty when the record's own keys disagree).
    pub rivals: Vec<ExtId>,
}

/// A record without an object whose create would meet an object eiam-sync may not adopt (no
/// rule for that key, or a source not allowed): the create is skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub record: ExtId,
    pub with: Candidate,
}

/// The verdicts for one kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KindMatches {
    pub adoptable: Vec<Adoption>,
    pub ambiguous: Vec<Ambiguous>,
    pub conflicting: Vec<Conflict>,
    /// Objects eiam-sync does not manage (nor adopts) of another source, by source type.
    pub other_sources: BTreeMap<String, u64>,
}

/// The verdicts for every kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matches {
    pub organizational_units: KindMatches,
    pub users: KindMatches,
    pub groups: KindMatches,
}

impl Matches {
    pub fn of(&self, kind: Kind) -> Option<&KindMatches> {
        match kind {
            Kind::OrganizationalUnit => Some(&self.organizational_units),
            Kind::User => Some(&self.users),
            Kind::Group => Some(&self.groups),
            Kind::Membership => None,
        }
    }

    fn of_mut(&mut self, kind: Kind) -> Option<&mut KindMatches> {
        match kind {
            Kind::OrganizationalUnit => Some(&mut self.organizational_units),
            Kind::User => Some(&mut self.users),
            Kind::Group => Some(&mut self.groups),
            Kind::Membership => None,
        }
    }

    /// Every adoption, OUs first.
    pub fn adoptions(&self) -> impl Iterator<Item = (Kind, &Adoption)> {
        KINDS.into_iter().flat_map(move |k| {
            (self.of(k).into_iter()).flat_map(move |m| m.adoptable.iter().map(move |a| (k, a)))
        })
    }

    /// Every rejected record, OUs first.
    pub fn ambiguities(&self) -> impl Iterator<Item = (Kind, &Ambiguous)> {
        KINDS.into_iter().flat_map(move |k| {
            (self.of(k).into_iter()).flat_map(move |m| m.ambiguous.iter().map(move |a| (k, a)))
        })
    }
}

const KINDS: [Kind; 3] = [Kind::OrganizationalUnit, Kind::User, Kind::Group];

/// Match every snapshot record that has no object in EIAM with the objects under the sync
/// root that eiam-sync does not manage, by the keys `rules` allow: an object is adoptable when
/// the record's keys point at it alone, it is matched by no other record, and its source is
/// allowed. Conflicts are found by every key of a kind, whatever the rules.
pub fn match_all(
    desired: &DesiredState,
    observed: &ObservedState,
    ownership: &Ownership,
    rules: &AdoptRules,
) -> Matches {
    let mut out = Matches::default();
    for kind in KINDS {
        let found = Found::new(kind, desired, observed, ownership, true);
        if let Some(slot) = out.of_mut(kind) {
            *slot = match_kind(kind, &found, rules);
        }
    }
    out
}

/// Only the objects of other sources eiam-sync does not manage, per kind (what [`match_all`]
/// counts in `other_sources`, without matching any record).
pub fn other_sources(
    desired: &DesiredState,
    observed: &ObservedState,
    ownership: &Ownership,
) -> Matches {
    let mut out = Matches::default();
    for kind in KINDS {
        let found = Found::new(kind, desired, observed, ownership, false);
        if let Some(slot) = out.of_mut(kind) {
            slot.other_sources = found.other_sources(&HashSet::new());
        }
    }
    out
}

fn match_kind(kind: Kind, found: &Found<'_>, rules: &AdoptRules) -> KindMatches {
    let keys = rules.keys(kind);
    let mut out = KindMatches::default();
    // Each record's single object, with the key that found it first.
    let mut single: BTreeMap<&ExtId, Candidate> = BTreeMap::new();
    let mut unmatched: Vec<&ExtId> = Vec::new();
    for record in found.orphans() {
        let hits: Candidates = found.hits(record, &keys);
        let objects: BTreeSet<&EiamId> = hits.iter().map(|c| &c.eiam_id).collect();
        match objects.len() {
            0 => unmatched.push(record),
            1 => {
                if let Some(first) = hits.into_iter().next() {
                    single.insert(record, first);
                }
            }
            _ => out.ambiguous.push(Ambiguous {
                record: record.clone(),
                candidates: hits,
                rivals: Vec::new(),
            }),
        }
    }
    let mut by_object: HashMap<&EiamId, Vec<&ExtId>> = HashMap::new();
    for (record, c) in &single {
        by_object.entry(&c.eiam_id).or_default().push(record);
    }
    let mut adopted: HashSet<&EiamId> = HashSet::new();
    for (record, c) in &single {
        let rivals: Vec<ExtId> = (by_object.get(&c.eiam_id).into_iter().flatten())
            .filter(|r| *r != record)
            .map(|r| (*r).clone())
            .collect();
        if !rivals.is_empty() {
            out.ambiguous.push(Ambiguous {
                record: (*record).clone(),
                candidates: vec![c.clone()],
                rivals,
            });
        } else if rules.allows(c.source_type.as_deref()) {
            adopted.insert(&c.eiam_id);
            out.adoptable.push(Adoption {
                record: (*record).clone(),
                eiam_id: c.eiam_id.clone(),
                key: c.key,
            });
        } else {
            unmatched.push(record);
        }
    }
    let all = keys::all(kind);
    for record in unmatched {
        if let Some(with) = found.hits(record, &all).into_iter().next() {
            out.conflicting.push(Conflict {
                record: record.clone(),
                with,
            });
        }
    }
    out.conflicting.sort_by(|a, b| a.record.cmp(&b.record));
    out.ambiguous.sort_by(|a, b| a.record.cmp(&b.record));
    out.other_sources = found.other_sources(&adopted);
    out
}

impl Ambiguous {
    /// The rejection's reason: every candidate, with the key that points at it.
    pub fn reason(&self) -> String {
        let named: Vec<String> = self
            .candidates
            .iter()
            .map(|c| match &c.source_type {
                Some(t) => format!("{} (by {}, source {t})", c.eiam_id, c.key),
                None => format!("{} (by {})", c.eiam_id, c.key),
            })
            .collect();
        if self.rivals.is_empty() {
            format!(
                "its keys match several EIAM objects: {}; none is adopted (make the keys agree, or adopt by hand)",
                named.join(", ")
            )
        } else {
            let rivals: Vec<&str> = self.rivals.iter().map(ExtId::as_str).collect();
            format!(
                "the EIAM object it matches, {}, is matched by other snapshot records too ({}); none of them adopts it",
                named.join(", "),
                rivals.join(", ")
            )
        }
    }
}
