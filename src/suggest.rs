//! "Did you mean …?": the known name nearest to a mistyped one.

/// How alike two names must be (Jaro–Winkler, 0–1) to be suggested; clap
/// uses the same measure and threshold for mistyped flags.
const THRESHOLD: f64 = 0.8;

/// The candidate most like `word`, if one is alike enough.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= THRESHOLD)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// `` did you mean `x`?`` after a message, or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    match nearest(word, candidates) {
        Some(near) => format!("; did you mean `{near}`?"),
        None => String::new(),
    }
}

/// The message for a rule id that names no rule: the nearest id of
/// `known`, and where the ids are listed.
pub fn unknown_rule<'a>(id: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    match nearest(id, known) {
        Some(near) => {
            format!("unknown rule `{id}`; did you mean `{near}`? (`ticketlint rules` lists them)")
        }
        None => format!("unknown rule `{id}`; `ticketlint rules` lists them"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_gets_the_nearest_name_and_nonsense_gets_none() {
        let ids = ["shouting", "nothing-works", "no-screenshot"];
        assert_eq!(nearest("shoutin", ids), Some("shouting"));
        assert_eq!(nearest("no-screenshots", ids), Some("no-screenshot"));
        assert_eq!(nearest("SHOUTING", ids), Some("shouting"));
        assert_eq!(nearest("zzz", ids), None);
        assert!(unknown_rule("qqq", ids).contains("ticketlint rules"));
    }
}
