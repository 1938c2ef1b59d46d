//! A success answer as it arrived, and its decoding into the operation's response type.

use serde::de::DeserializeOwned;

use super::error::{DecodeError, EiamError};
use super::types::Answer as Complete;

/// A success answer.
pub(crate) struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
    pub request_id: String,
}

/// Decode a success answer and hold it to its completeness rule ([`Complete`]): an empty body
/// is only the `{}` of a write, and an answer lacking a field the engine relies on is refused
/// rather than read as "nothing there".
pub(crate) fn decode<T: DeserializeOwned + Complete>(
    action: &'static str,
    answer: &Answer,
) -> Result<T, EiamError> {
    let incomplete = |reason: String| EiamError::Protocol {
        action,
        reason,
        request_id: Some(answer.request_id.clone()),
    };
    let body: &[u8] = if answer.body.iter().all(u8::is_ascii_whitespace) {
        if !T::EMPTY_IS_COMPLETE {
            return Err(incomplete(format!(
                "HTTP {} with an empty body where an answer was due",
                answer.status
            )));
        }
        b"{}"
    } else {
        &answer.body
    };
    let value: T = serde_json::from_slice(body).map_err(|e| {
        EiamError::Decode(Box::new(DecodeError::new(
            action,
            answer.status,
            answer.request_id.clone(),
            &answer.body,
            e,
        )))
    })?;
    match value.missing() {
        Some(field) => Err(incomplete(format!("the answer has no `{field}`"))),
        None => Ok(value),
    }
}
