//! Language detection restricted to the loaded packs.
//!
//! Short tickets defeat statistical detectors ("Не работает" looks Bulgarian
//! to them), so detection uses evidence the packs declare: the script, letters
//! only one language of that script uses (і ї є ґ against ы э ъ ё), frequent
//! words and typical endings. Every piece of evidence is data in `rules/*.toml`.

use serde::Deserialize;

use super::pack::Packs;

/// The writing system of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    Latin,
    Cyrillic,
}

/// The script of a letter, if it is a letter of a script we know.
pub fn script_of(c: char) -> Option<Script> {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' => Some(Script::Latin),
        '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}' => Some(Script::Cyrillic),
        _ => None,
    }
}

/// Latin letters typed inside Cyrillic words ("нiчого" with a Latin i) read as
/// the Cyrillic letters they look like.
fn normalize_lookalikes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let cyrillic = |c: Option<&char>| c.is_some_and(|c| script_of(*c) == Some(Script::Cyrillic));
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let inside =
                cyrillic(i.checked_sub(1).and_then(|j| chars.get(j))) || cyrillic(chars.get(i + 1));
            match (c, inside) {
                ('i', true) => 'і',
                ('a', true) => 'а',
                ('e', true) => 'е',
                ('o', true) => 'о',
                ('c', true) => 'с',
                ('p', true) => 'р',
                ('x', true) => 'х',
                (c, _) => c,
            }
        })
        .collect()
}

const LETTER_WEIGHT: f32 = 3.0;
const WORD_WEIGHT: f32 = 1.0;
const DISTINCT_WORD_WEIGHT: f32 = 3.0;
const SUFFIX_WEIGHT: f32 = 0.5;

/// The code of the most likely pack for `text`, or `None` when the text gives
/// no evidence (no letters, or a tie).
pub fn detect_language<'p>(text: &str, packs: &'p Packs) -> Option<&'p str> {
    let (mut latin, mut cyrillic) = (0usize, 0usize);
    for c in text.chars() {
        match script_of(c) {
            Some(Script::Latin) => latin += 1,
            Some(Script::Cyrillic) => cyrillic += 1,
            None => {}
        }
    }
    if latin == 0 && cyrillic == 0 {
        return None;
    }
    let script = if cyrillic >= latin {
        Script::Cyrillic
    } else {
        Script::Latin
    };
    let candidates: Vec<_> = packs.iter().filter(|p| p.script == script).collect();
    if candidates.len() <= 1 {
        return candidates.first().map(|p| p.code.as_str());
    }

    let mut scores = vec![0.0f32; candidates.len()];
    let letters = if script == Script::Cyrillic {
        cyrillic
    } else {
        latin
    };
    let lower = normalize_lookalikes(&super::fold(text));
    // A language whose distinctive letters are frequent is unlikely when none
    // of them appear: expect `letter_share` of the letters to be theirs.
    for (score, pack) in scores.iter_mut().zip(&candidates) {
        if !lower.chars().any(|c| pack.letters.contains(&c)) {
            *score -= letters as f32 * pack.letter_share;
        }
    }
    for word in lower
        .split(|c: char| !(crate::text::is_alphanumeric(c) || c == '\'' || c == '’'))
        .filter(|w| w.chars().any(|c| script_of(c) == Some(script)))
    {
        // A frequent word of only one of the candidates is evidence like a
        // letter only it uses («добрий», «який» against «добрый», «какой»).
        let known_by = candidates
            .iter()
            .filter(|p| p.common_words.contains(word))
            .count();
        for (score, pack) in scores.iter_mut().zip(&candidates) {
            if pack.common_words.contains(word) {
                *score += if known_by == 1 {
                    DISTINCT_WORD_WEIGHT
                } else {
                    WORD_WEIGHT
                };
            }
            if word.chars().any(|c| pack.letters.contains(&c)) {
                *score += LETTER_WEIGHT;
            }
            if word.chars().count() > 3 && pack.suffixes.iter().any(|s| word.ends_with(s.as_str()))
            {
                *score += SUFFIX_WEIGHT;
            }
        }
    }
    let best = scores.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
    let winners: Vec<_> = scores
        .iter()
        .zip(&candidates)
        .filter(|(s, _)| **s == best)
        .collect();
    match winners.as_slice() {
        [(_, pack)] => Some(pack.code.as_str()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(text: &str) -> Option<&'static str> {
        detect_language(text, Packs::embedded())
    }

    #[test]
    fn short_russian_is_russian() {
        assert_eq!(lang("Ничего не работает"), Some("ru"));
        assert_eq!(lang("не могу войти"), Some("ru"));
        assert_eq!(lang("Помогите пожалуйста"), Some("ru"));
        assert_eq!(lang("Всё сломалось"), Some("ru"));
        assert_eq!(lang("не пашет нифига вообще. капец"), Some("ru"));
        assert_eq!(
            lang("здраствуйте. не робит ваша прога сделайте чтонибудь"),
            Some("ru")
        );
    }

    #[test]
    fn short_ukrainian_is_ukrainian() {
        assert_eq!(lang("Нічого не працює"), Some("uk"));
        assert_eq!(lang("не можу увійти"), Some("uk"));
        assert_eq!(lang("Допоможіть будь ласка"), Some("uk"));
        assert_eq!(lang("ТЕРМІНОВО НІЧОГО НЕ ПРАЦЮЄ РЕМОНТУЙТЕ"), Some("uk"));
    }

    #[test]
    fn short_ukrainian_without_its_own_letters_is_ukrainian() {
        // None of і ї є ґ: the words tell.
        assert_eq!(lang("Добрий день, не проходить оплата карткою"), Some("uk"));
        assert_eq!(lang("Добрый день, не проходит оплата картой"), Some("ru"));
    }

    #[test]
    fn latin_lookalikes_inside_cyrillic_words() {
        assert_eq!(lang("нiчого не працює, допоможiть"), Some("uk"));
    }

    #[test]
    fn english_is_english() {
        assert_eq!(lang("nothing works"), Some("en"));
        assert_eq!(lang("NOTHING WORKS!!! FIX IT NOW"), Some("en"));
    }

    #[test]
    fn a_russian_ticket_quoting_an_english_error_stays_russian() {
        assert_eq!(
            lang("При входе пишет Access denied, что делать?"),
            Some("ru")
        );
    }

    #[test]
    fn no_letters_no_language() {
        assert_eq!(lang("12:05 !!! 404"), None);
        assert_eq!(lang(""), None);
    }
}
