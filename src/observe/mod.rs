//! Observing the managed part of EIAM through the client, with as few calls as the API allows.
