//! What adoption matches on: the snapshot records of one kind that have no object in EIAM,
//! the objects eiam-sync does not manage, and both indexed by the values of every key of the
//! kind, compared as EIAM compares them (usernames and emails ignoring ASCII case).

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::{
    AdoptKey, DesiredState, EiamId, ExtId, Kind, ObservedState, Ownership, UserAttrs,
};
use crate::plan::managed::is_managed;

/// The source type of objects made through the API or the console.
pub const BUILT_IN: &str = "build_in";

/// An object a record's key points at.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub eiam_id: EiamId,
    pub key: AdoptKey,
    /// Its `*SourceType`, when it is not `build_in`.
    pub source_type: Option<String>,
}

/// The candidates of one record, in the order of the keys asked, then of EIAM ids.
pub type Candidates = Vec<Candidate>;

/// Every key of a kind (conflicts are found by all of them, whatever the rules).
pub fn all(kind: Kind) -> Vec<AdoptKey> {
    match kind {
        Kind::User => vec![AdoptKey::Username, AdoptKey::Email, AdoptKey::PhoneNumber],
        Kind::OrganizationalUnit => vec![AdoptKey::Path],
        Kind::Group => vec![AdoptKey::Name],
        Kind::Membership => Vec::new(),
    }
}

/// An observed object: its EIAM id, external id and source type.
type Object<'a> = (&'a EiamId, Option<&'a ExtId>, Option<&'a str>);

/// An object eiam-sync does not manage.
struct Stranger<'a> {
    id: &'a EiamId,
    source_type: Option<&'a str>,
}

/// The records and objects of one kind, indexed for matching.
pub struct Found<'a> {
    kind: Kind,
    desired: &'a DesiredState,
    /// Records that have an object in EIAM (matched by external id, or linked).
    claimed: HashSet<&'a ExtId>,
    strangers: Vec<Stranger<'a>>,
    index: HashMap<(AdoptKey, String), Vec<usize>>,
}

/// The separator of the names of an OU path (no OU name holds it).
const PATH_SEP: char = '\u{0}';

impl<'a> Found<'a> {
    /// Without `records`, only the objects eiam-sync does not manage are gathered (no record is
    /// matched then).
    pub fn new(
        kind: Kind,
        desired: &'a DesiredState,
        observed: &'a ObservedState,
        ownership: &'a Ownership,
        records: bool,
    ) -> Self {
        let mut f = Found {
            kind,
            desired,
            claimed: HashSet::new(),
            strangers: Vec::new(),
            index: HashMap::new(),
        };
        // Every object of the kind, without copying the observation.
        let objects: Box<dyn Iterator<Item = Object<'a>> + 'a> = match kind {
            Kind::OrganizationalUnit => Box::new(
                (observed.ous.values())
                    .filter(|o| o.id != observed.root)
                    .map(|o| (&o.id, o.external_id.as_ref(), o.source_type.as_deref())),
            ),
            Kind::User => Box::new(
                (observed.users.values())
                    .map(|u| (&u.id, u.external_id.as_ref(), u.source_type.as_deref())),
            ),
            Kind::Group => Box::new(
                (observed.groups.values())
                    .map(|g| (&g.id, g.external_id.as_ref(), g.source_type.as_deref())),
            ),
            Kind::Membership => Box::new(std::iter::empty()),
        };
        let mut unmanaged = Vec::new();
        for (id, ext, source_type) in objects {
            if !is_managed(desired, ownership, kind, ext, id, source_type) {
                unmanaged.push(Stranger { id, source_type });
            } else if let Some(e) = ext.filter(|_| records) {
                f.claimed.insert(e);
            }
        }
        if unmanaged.is_empty() {
            return f;
        }
        // One the state store holds under another record (a leaver it adopted) is no stranger:
        // one pass over the ownership map, holding only the few unmanaged ids.
        let ids: HashSet<&EiamId> = unmanaged.iter().map(|s| s.id).collect();
        let held: HashSet<&EiamId> = (ownership.objects.iter())
            .filter(|((k, _), o)| *k == kind && ids.contains(&o.eiam_id))
            .map(|(_, o)| &o.eiam_id)
            .collect();
        unmanaged.retain(|s| !held.contains(s.id));
        let mut paths = Paths::new(observed);
        for s in unmanaged {
            let at = f.strangers.len();
            let id = s.id;
            f.strangers.push(s);
            if !records {
                continue;
            }
            for key in all(kind) {
                let value = match key {
                    AdoptKey::Path => paths.of(id),
                    _ => object_value(observed, id, key),
                };
                if let Some(v) = value {
                    f.index.entry((key, v)).or_default().push(at);
                }
            }
        }
        f
    }

    /// The records of the kind that have no object in EIAM, in external-id order.
    pub fn orphans(&self) -> Vec<&'a ExtId> {
        let d = self.desired;
        let records: Vec<&'a ExtId> = match self.kind {
            Kind::OrganizationalUnit => d.ous.keys().collect(),
            Kind::User => d.users.keys().collect(),
            Kind::Group => d.groups.keys().collect(),
            Kind::Membership => Vec::new(),
        };
        records
            .into_iter()
            .filter(|e| !self.claimed.contains(*e))
            .collect()
    }

    /// The objects the record's `keys` point at.
    pub fn hits(&self, record: &ExtId, keys: &[AdoptKey]) -> Candidates {
        let mut out = Vec::new();
        for &key in keys {
            let Some(value) = record_value(self.desired, record, key) else {
                continue;
            };
            let mut found: Vec<Candidate> = (self.index.get(&(key, value)).into_iter().flatten())
                .map(|&i| {
                    let s = &self.strangers[i];
                    Candidate {
                        eiam_id: s.id.clone(),
                        key,
                        source_type: s.source_type.filter(|t| *t != BUILT_IN).map(str::to_owned),
                    }
                })
                .collect();
            found.sort();
            out.extend(found);
        }
        out
    }

    /// Objects of other sources eiam-sync does not manage and does not adopt now.
    pub fn other_sources(&self, adopted: &HashSet<&EiamId>) -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        for s in &self.strangers {
            match s.source_type {
                Some(t) if t != BUILT_IN && !adopted.contains(s.id) => {
                    *out.entry(t.to_owned()).or_insert(0) += 1;
                }
                _ => {}
            }
        }
        out
    }
}

/// A record's value of `key`, as compared.
fn record_value(desired: &DesiredState, record: &ExtId, key: AdoptKey) -> Option<String> {
    match key {
        AdoptKey::Path => desired_path(desired, record),
        AdoptKey::Name => desired.groups.get(record).map(|g| g.attrs.name.clone()),
        _ => user_value(&desired.users.get(record)?.attrs, key),
    }
}

/// An object's value of a user key or a group's name, as compared.
fn object_value(observed: &ObservedState, id: &EiamId, key: AdoptKey) -> Option<String> {
    match key {
        AdoptKey::Name => observed.groups.get(id).map(|g| g.attrs.name.clone()),
        AdoptKey::Path => None,
        _ => user_value(&observed.users.get(id)?.attrs, key),
    }
}

/// A user's value of a user key, normalized as EIAM compares it.
fn user_value(attrs: &UserAttrs, key: AdoptKey) -> Option<String> {
    let unique = key.unique_key()?;
    (attrs.unique_values().into_iter())
        .find(|(k, _)| *k == unique)
        .map(|(_, v)| v)
}

/// The names from the sync root down to a snapshot OU.
fn desired_path(desired: &DesiredState, record: &ExtId) -> Option<String> {
    let mut names = Vec::new();
    let mut cur = desired.ous.get(record)?;
    loop {
        names.push(cur.attrs.name.as_str());
        if names.len() > desired.ous.len() {
            return None; // a cycle: the snapshot's validation rejects those
        }
        match &cur.parent {
            None => break,
            Some(p) => cur = desired.ous.get(p)?,
        }
    }
    names.reverse();
    Some(names.join(&PATH_SEP.to_string()))
}

/// The paths of observed OUs from the sync root, computed once each.
struct Paths<'a> {
    observed: &'a ObservedState,
    known: HashMap<&'a EiamId, Option<String>>,
}

impl<'a> Paths<'a> {
    fn new(observed: &'a ObservedState) -> Self {
        Paths {
            observed,
            known: HashMap::new(),
        }
    }

    fn of(&mut self, id: &'a EiamId) -> Option<String> {
        if let Some(p) = self.known.get(id) {
            return p.clone();
        }
        let o = self.observed;
        // The chain up to the first OU whose path is known, or the root.
        let mut chain = vec![id];
        let mut above: Option<String> = None;
        let mut cur = id;
        loop {
            let parent = o.ous.get(cur).and_then(|n| n.parent_id.as_ref());
            match parent {
                Some(p) if *p == o.root => {
                    above = Some(String::new());
                    break;
                }
                Some(p) => {
                    if let Some(known) = self.known.get(p) {
                        above = known.clone();
                        break;
                    }
                    if chain.len() > o.ous.len() {
                        break; // a cycle: no path
                    }
                    chain.push(p);
                    cur = p;
                }
                None => break,
            }
        }
        for node in chain.into_iter().rev() {
            let path = above.as_ref().and_then(|a| {
                let name = &o.ous.get(node)?.attrs.name;
                Some(if a.is_empty() {
                    name.clone()
                } else {
                    format!("{a}{PATH_SEP}{name}")
                })
            });
            self.known.insert(node, path.clone());
            above = path;
        }
        self.known.get(id).cloned().flatten()
    }
}
