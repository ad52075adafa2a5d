//! Text pipeline: offset maps, normalization, sentences and language tagging.

pub mod offset;
