//! Any text as `ticketlint.toml`: keys, globs, severities, custom rules.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ticketlint::config::Config;

fuzz_target!(|text: &str| {
    // Language packs named in it would be read from this folder: none exist.
    let path = std::path::Path::new("/nonexistent/ticketlint.toml");
    if let Ok(config) = Config::from_text(path, text) {
        let _ = config.settings_for(std::path::Path::new("/nonexistent/t.txt"));
    }
});
