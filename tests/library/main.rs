//! The library, through its API: the engine's matching mechanisms and precision, the shipped
//! default pack, decoding and extraction of sources, and accuracy on the real corpus (see
//! tests/README.md).

#[path = "../common/mod.rs"]
mod common;

mod decoding;
mod default_pack;
mod extraction;
mod matching;
mod precision;
mod real_corpus;
mod streaming;
