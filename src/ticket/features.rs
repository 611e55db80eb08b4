//! The features the models read: hashed words, word pairs, word beginnings
//! and letter trigrams of each own sentence, its shape (question mark,
//! digits, quotes, capitals, place in the ticket) and the packs' cues found
//! in it (failure words, vague claims, how-to openers, requests, "works
//! now"). Every feature is counted twice: as it is, and tagged with the
//! ticket's language, so the languages share what they have in common and
//! keep what is their own. `training/` reads exactly these hashes.

use crate::lang::fold;
use crate::model::{continue_hash, feature_hash};
use crate::text::is_alphanumeric;

/// Pack cues found in a sentence, one bit each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cues(u8);

impl Cues {
    pub const FAILURE: Cues = Cues(1);
    pub const VAGUE: Cues = Cues(2);
    pub const HOWTO: Cues = Cues(4);
    pub const REQUEST: Cues = Cues(8);
    pub const RESOLVED: Cues = Cues(16);
    pub const NOT_FAILURE: Cues = Cues(32);

    const NAMES: [(Cues, &'static str); 6] = [
        (Cues::FAILURE, "failure"),
        (Cues::VAGUE, "vague"),
        (Cues::HOWTO, "howto"),
        (Cues::REQUEST, "request"),
        (Cues::RESOLVED, "resolved"),
        (Cues::NOT_FAILURE, "not_failure"),
    ];

    pub fn has(self, cue: Cues) -> bool {
        self.0 & cue.0 != 0
    }

    pub fn set(&mut self, cue: Cues, on: bool) {
        if on {
            self.0 |= cue.0;
        }
    }

    /// The names of the cues present, for `inspect`.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Cues::NAMES
            .into_iter()
            .filter(move |(c, _)| self.has(*c))
            .map(|(_, n)| n)
    }
}

/// Collects feature hashes, each feature once plain and once tagged with
/// the language: the hash of "ru|" followed by the feature, continued from
/// the tag's hash rather than hashing the tag again.
struct Bag {
    tag: u64,
    out: Vec<u64>,
}

impl Bag {
    fn new(language: &str, capacity: usize) -> Bag {
        Bag {
            tag: feature_hash(&[language, "|"]),
            out: Vec::with_capacity(capacity),
        }
    }

    fn add(&mut self, parts: &[&str]) {
        self.out.push(feature_hash(parts));
        self.out.push(continue_hash(self.tag, parts));
    }
}

/// Words longer than this give no letter trigrams (identifiers, hashes).
const LONGEST_WORD: usize = 24;
/// Letters of a word's beginning: a stem for inflected languages.
const STEM: usize = 5;

/// The feature hashes of one sentence, sorted, each present once.
///
/// `position` is the sentence's index among `count` own sentences.
pub fn sentence_features(
    sentence: &str,
    cues: Cues,
    position: usize,
    count: usize,
    language: &str,
) -> Vec<u64> {
    let mut bag = Bag::new(language, sentence.len() * 2);
    add_words(&mut bag, sentence);
    add_shape(&mut bag, sentence);
    for name in cues.names() {
        bag.add(&["k:", name]);
    }
    if position == 0 {
        bag.add(&["s:first"]);
    }
    if position + 1 == count {
        bag.add(&["s:last"]);
    }
    finish(bag.out)
}

/// The feature hashes of a whole ticket: those of its own sentences
/// ([`sentence_features`]), how many sentences it has, and whether an image
/// is attached; sorted, each once.
pub fn ticket_features(sentences: &[Vec<u64>], has_image: bool, language: &str) -> Vec<u64> {
    let mut bag = Bag::new(language, 0);
    bag.out = sentences.concat();
    bag.add(&["n:", length_bucket(sentences.len())]);
    if has_image {
        bag.add(&["s:image"]);
    }
    finish(bag.out)
}

fn finish(mut out: Vec<u64>) -> Vec<u64> {
    out.sort_unstable();
    out.dedup();
    out
}

fn length_bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=5 => "3-5",
        6..=10 => "6-10",
        11..=20 => "11-20",
        _ => "21+",
    }
}

/// Words (letters and digits; digits read as `0`), word pairs, stems and
/// letter trigrams of the folded sentence. One buffer holds the current
/// word padded as `<word>`; stems and trigrams are slices of it.
fn add_words(bag: &mut Bag, sentence: &str) {
    let folded = fold(sentence);
    let mut padded = String::new();
    let mut prev = String::new();
    let mut count = 0;
    for word in folded
        .split(|c: char| !is_alphanumeric(c) && c != '\'' && c != '’')
        .map(|w| w.trim_matches(|c| c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
    {
        padded.clear();
        padded.push('<');
        padded.extend(
            word.chars()
                .map(|c| if c.is_ascii_digit() { '0' } else { c }),
        );
        padded.push('>');
        let word = &padded[1..padded.len() - 1];
        bag.add(&["w:", word]);
        // Character boundaries of the padded word, and its end.
        let bounds: Vec<usize> = padded
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(padded.len()))
            .collect();
        let letters = bounds.len() - 3;
        if letters > STEM {
            bag.add(&["p:", &padded[1..bounds[STEM + 1]]]);
        }
        if letters <= LONGEST_WORD {
            for w in bounds.windows(4) {
                bag.add(&["c:", &padded[w[0]..w[3]]]);
            }
        }
        if count == 0 {
            bag.add(&["b:^ ", word]);
        } else {
            bag.add(&["b:", &prev, " ", word]);
        }
        count += 1;
        prev.clear();
        prev.push_str(word);
    }
    if count > 0 {
        bag.add(&["b:", &prev, " $"]);
    }
    bag.add(&["s:words", length_bucket(count)]);
}

fn add_shape(bag: &mut Bag, sentence: &str) {
    let trimmed = sentence.trim_end();
    if trimmed.ends_with('?') {
        bag.add(&["s:?"]);
    }
    if trimmed.ends_with('!') {
        bag.add(&["s:!"]);
    }
    if sentence.bytes().any(|b| b.is_ascii_digit()) {
        bag.add(&["s:digit"]);
    }
    if sentence.contains(['"', '«', '“', '„']) {
        bag.add(&["s:quote"]);
    }
    if sentence.contains("http") || sentence.contains("www.") {
        bag.add(&["s:url"]);
    }
    let (mut upper, mut letters) = (0usize, 0usize);
    for c in sentence.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        upper += usize::from(c.is_uppercase());
    }
    if letters >= 4 && upper * 10 >= letters * 6 {
        bag.add(&["s:caps"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_words_give_the_same_features() {
        let a = sentence_features("Nothing works!", Cues::VAGUE, 0, 1, "en");
        let b = sentence_features("NOTHING works!", Cues::VAGUE, 0, 1, "en");
        assert!(a.windows(2).all(|w| w[0] < w[1]), "sorted, once each");
        // Folded words are shared; only the capitals' shape differs.
        let common = a.iter().filter(|h| b.contains(h)).count();
        assert!(common + 2 >= a.len(), "{common} of {}", a.len());
    }

    #[test]
    fn language_tags_keep_languages_apart() {
        let en = sentence_features("ok", Cues::default(), 0, 1, "en");
        let ru = sentence_features("ok", Cues::default(), 0, 1, "ru");
        let shared = en.iter().filter(|h| ru.contains(h)).count();
        assert!(
            shared > 0 && shared * 2 == en.len(),
            "{shared} of {}",
            en.len()
        );
    }

    #[test]
    fn cues_and_digits_are_features() {
        let plain = sentence_features("order 1234 failed", Cues::default(), 0, 1, "en");
        let cued = sentence_features("order 1234 failed", Cues::FAILURE, 0, 1, "en");
        assert_eq!(cued.len(), plain.len() + 2);
        let other = sentence_features("order 9876 failed", Cues::default(), 0, 1, "en");
        assert_eq!(plain, other, "digits are read as 0");
    }
}
