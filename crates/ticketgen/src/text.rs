//! Small text transformations: typos, shouting, transliteration, capitals.

use crate::rng::Rng;

/// Upper-cases the first letter.
/// Words such as "macOS" or "iPhone" keep their shape.
pub fn capitalize(s: &str) -> String {
    let first_word = s.split(' ').next().unwrap_or_default();
    if first_word.chars().skip(1).any(char::is_uppercase) {
        return s.to_string();
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Puts a typo in about `percent` of the words of four letters or more:
/// two letters swapped, one dropped, or one doubled.
pub fn typos(text: &str, rng: &mut Rng, percent: u32) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut word: Vec<char> = Vec::new();
    let flush = |word: &mut Vec<char>, out: &mut String, rng: &mut Rng| {
        if word.len() >= 4 && rng.chance(percent) {
            let i = rng.range(1, word.len() - 2);
            match rng.below(3) {
                0 => word.swap(i, i + 1),
                1 => {
                    word.remove(i);
                }
                _ => word.insert(i, word[i]),
            }
        }
        out.extend(word.drain(..));
    };
    for c in text.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out, rng);
            out.push(c);
        }
    }
    flush(&mut word, &mut out, rng);
    out
}

/// Cyrillic written in Latin letters, the way people type without a
/// Cyrillic keyboard ("ne rabotaet oplata").
pub fn translit(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let latin = match lower {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'ґ' => "g",
            'д' => "d",
            'е' => "e",
            'ё' => "e",
            'є' => "ye",
            'ж' => "zh",
            'з' => "z",
            'и' => "i",
            'і' => "i",
            'ї' => "yi",
            'й' => "y",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "sch",
            'ъ' => "",
            'ы' => "y",
            'ь' => "'",
            'э' => "e",
            'ю' => "yu",
            'я' => "ya",
            _ => {
                out.push(c);
                continue;
            }
        };
        if c != lower {
            out.push_str(&capitalize(latin));
        } else {
            out.push_str(latin);
        }
    }
    out
}

/// An e-mail-safe ASCII form of a name.
pub fn ascii_name(name: &str) -> String {
    translit(name)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translit_keeps_capitals_and_other_characters() {
        assert_eq!(translit("Не работает оплата!"), "Ne rabotaet oplata!");
        assert_eq!(translit("Щоразу ї"), "Schorazu yi");
    }

    #[test]
    fn typos_change_words_but_not_punctuation() {
        let mut rng = Rng::new(3);
        let text = "Nothing works after the update, please help.";
        let typoed = typos(text, &mut rng, 100);
        assert_ne!(typoed, text);
        assert_eq!(typoed.matches(',').count(), 1);
        assert!(typoed.ends_with('.'));
    }
}
