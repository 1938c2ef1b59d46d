//! What the account, group and OU operations share: the source type of what the API creates,
//! the cap on ids per membership request, and the reading of create and lookup answers.

use super::error::EiamError;

/// Source type of objects created through the developer API (their source id is the instance).
pub const BUILD_IN: &str = "build_in";
/// Membership operations send at most this many ids per request (the sibling admin API's cap;
/// the developer API's own limit is undocumented).
pub(crate) const IDS_PER_REQUEST: usize = 100;

/// The id a create answered with; a success without one is an unknown outcome (the object may
/// exist), reported as such rather than guessed.
pub(crate) fn created<I: From<String>>(
    action: &'static str,
    id: Option<String>,
) -> Result<I, EiamError> {
    id.filter(|id| !id.is_empty())
        .map(I::from)
        .ok_or_else(|| EiamError::Protocol {
            action,
            reason: "the answer carries no id of the created object".into(),
            request_id: None,
        })
}

/// A lookup's answer: not-found errors become `Ok(None)`. A success without an id is an error,
/// not "absent": treating it as absent could lead a caller to create a duplicate.
pub(crate) fn found<I: From<String>>(
    action: &'static str,
    r: Result<Option<String>, EiamError>,
) -> Result<Option<I>, EiamError> {
    match r {
        Ok(Some(id)) if !id.is_empty() => Ok(Some(I::from(id))),
        Ok(_) => Err(EiamError::Protocol {
            action,
            reason: "the lookup succeeded without an id".into(),
            request_id: None,
        }),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

/// Typed ids as the wire's strings.
pub(crate) fn owned(ids: &[impl AsRef<str>]) -> Vec<String> {
    ids.iter().map(|id| id.as_ref().to_owned()).collect()
}
