//! Language packs: each supported language's vocabularies, patterns and
//! message texts, loaded from TOML (`rules/*.toml`, embedded in the binary, or
//! a folder given with `--rules`). Packs are compiled once per process.

mod detect;
mod pack;
mod pattern;

pub use detect::{Script, detect_language, script_of};
pub use pack::{Category, FieldKind, Labels, LanguagePack, PackError, Packs, Quotes, Side};
pub use pattern::{FoldOnce, Pattern, fold};
