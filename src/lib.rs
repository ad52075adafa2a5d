//! claimlint: finds prohibited advertising claims in clinic and regenerative-medicine copy.
#![deny(missing_docs)]

pub mod source;
pub mod text;
