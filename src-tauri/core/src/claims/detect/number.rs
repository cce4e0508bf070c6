//! Numerals: figures ("4,000", "22,7million", "352-1/2") and number words
//! ("seven", "twenty-five", "two hundred") read from tokens, and values
//! written back out plainly ("4000", "8800000000", "3.5").

use super::lexicon;
use super::token::Token;

/// A number read from tokens `first..=last`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Numeral {
    pub value: f64,
    pub first: usize,
    pub last: usize,
    /// Spelled out ("seven") rather than written in figures.
    pub spelled: bool,
}

/// The value of a figure token: "4,000" → 4000, "3.5" → 3.5, "22,7" → 22.7
/// (a comma before other than three digits is a decimal comma).
pub(crate) fn figure_value(text: &str) -> Option<f64> {
    let groups: Vec<&str> = text.split(',').collect();
    let thousands = groups.len() > 1
        && groups[1..]
            .iter()
            .all(|g| g.len() == 3 || (g.len() > 3 && g.as_bytes()[3] == b'.'));
    let plain = if thousands {
        text.replace(',', "")
    } else if groups.len() == 2 {
        text.replace(',', ".")
    } else {
        text.to_string()
    };
    if plain.matches('.').count() > 1 {
        return None; // "1.2.3": a section or version number, not a value
    }
    plain.parse().ok()
}

/// Reads the numeral starting at token `i`, with a scale word after it
/// ("40 million", "22,7million") and a fraction ("352-1/2").
pub(crate) fn read(tokens: &[Token], i: usize) -> Option<Numeral> {
    let token = tokens.get(i)?;
    let mut numeral = if token.is_number() {
        Numeral {
            value: figure_value(token.text)?,
            first: i,
            last: i,
            spelled: false,
        }
    } else {
        read_words(tokens, i)?
    };
    let chained = spelled_chain(tokens, numeral.value, numeral.last);
    if let Some((value, last)) = chained {
        numeral.value = value;
        numeral.last = last;
    } else if !numeral.spelled {
        if let Some(fraction) = fraction_after(tokens, numeral.last) {
            numeral.value += fraction.0;
            numeral.last = fraction.1;
        }
    }
    if let Some(next) = tokens.get(numeral.last + 1) {
        if let Some(factor) = lexicon::scale(next.text).filter(|_| next.is_word()) {
            // "hundred" scales spelled numbers only; figures say "100".
            if !next.is("hundred") || numeral.spelled {
                numeral.value *= factor;
                numeral.last += 1;
            }
        }
    }
    Some(numeral)
}

/// The glued token after a glued dash after token `at`: the next piece of a
/// number spelled out with hyphens.
fn hyphen_piece<'t, 'a>(tokens: &'t [Token<'a>], at: usize) -> Option<&'t Token<'a>> {
    let dash = tokens.get(at + 1)?;
    let piece = tokens.get(at + 2)?;
    (dash.is_mark('-') && dash.glued() && piece.glued()).then_some(piece)
}

/// A whole number piece of a hyphenated number: "645", "forty", "forty-five".
fn whole_piece(tokens: &[Token], at: usize) -> Option<(f64, usize)> {
    let token = &tokens[at];
    if token.is_number() {
        if !token.text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return Some((token.text.parse().ok()?, at));
    }
    let value = lexicon::cardinal(token.text).filter(|_| token.is_word())?;
    if value >= 20.0 {
        if let Some(unit) = hyphen_piece(tokens, at) {
            if let Some(u) = lexicon::cardinal(unit.text).filter(|u| *u < 10.0 && unit.is_word()) {
                return Some((value + u, at + 2));
            }
        }
    }
    Some((value, at))
}

/// Numbers spelled out with hyphens, as copy written to be read aloud has
/// them: "18-point-96", "eight-million-645-thousand-180", "two-hundred-50",
/// "one-point-five". `value` is the number read at `first..=last`; the whole
/// chain's value and last token, when at least one scale word or "point"
/// joins it (so "5-6" and "twenty-five" are left to the other readers).
fn spelled_chain(tokens: &[Token], value: f64, last: usize) -> Option<(f64, usize)> {
    let mut total = 0.0;
    let mut current = value;
    let mut last = last;
    let mut linked = false;
    // The scale a whole number after it must stay under ("645" after "million").
    let mut under: Option<f64> = None;
    let mut decimals = false;
    while let Some(piece) = hyphen_piece(tokens, last) {
        let at = last + 2;
        if let Some(factor) = lexicon::scale(piece.text).filter(|f| piece.is_word() && *f >= 1e2) {
            if factor == 1e2 {
                current *= 1e2;
            } else {
                total += current * factor;
                current = 0.0;
            }
            under = Some(factor);
            last = at;
            linked = true;
        } else if piece.is("point") && !decimals {
            let Some((fraction, end)) = decimals_after(tokens, at) else {
                break;
            };
            current += fraction;
            decimals = true;
            under = None;
            last = end;
            linked = true;
        } else if let Some(scale) = under {
            match whole_piece(tokens, at) {
                Some((n, end)) if n < scale && n >= 1.0 => {
                    current += n;
                    under = None;
                    last = end;
                }
                _ => break,
            }
        } else {
            break;
        }
    }
    linked.then_some((total + current, last))
}

/// The decimals after "point" at `at`: "-96" → 0.96, "-five" → 0.5,
/// "-two-five" → 0.25; their value and last token.
fn decimals_after(tokens: &[Token], at: usize) -> Option<(f64, usize)> {
    let first = hyphen_piece(tokens, at)?;
    if first.is_number() {
        let digits = first.text;
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let value: f64 = digits.parse().ok()?;
        return Some((value / 10f64.powi(digits.len() as i32), at + 2));
    }
    let digit = |t: &Token| lexicon::cardinal(t.text).filter(|d| t.is_word() && *d < 10.0);
    let mut value = 0.0;
    let mut scale = 0.1;
    let mut end = at;
    while let Some(d) = hyphen_piece(tokens, end).and_then(&digit) {
        value += d * scale;
        scale /= 10.0;
        end += 2;
    }
    (end > at).then_some((value, end))
}

/// "-1/2" or " 1/2" after a whole number: the fraction and its last token.
fn fraction_after(tokens: &[Token], last: usize) -> Option<(f64, usize)> {
    let dash = tokens.get(last + 1)?;
    let (top, slash, bottom) = (
        tokens.get(last + 2)?,
        tokens.get(last + 3)?,
        tokens.get(last + 4)?,
    );
    let joined = dash.is_mark('-') && !dash.space_before && !top.space_before;
    if !joined || !top.is_number() || !slash.is_mark('/') || slash.space_before {
        return None;
    }
    if !bottom.is_number() || bottom.space_before {
        return None;
    }
    let (top, bottom): (f64, f64) = (top.text.parse().ok()?, bottom.text.parse().ok()?);
    (bottom > top && top > 0.0).then(|| (top / bottom, last + 4))
}

/// "seven", "twenty-five", "two hundred", "three thousand".
fn read_words(tokens: &[Token], i: usize) -> Option<Numeral> {
    let mut value = lexicon::cardinal(tokens[i].text)?;
    let mut last = i;
    if value >= 20.0 {
        if let (Some(dash), Some(unit)) = (tokens.get(i + 1), tokens.get(i + 2)) {
            if dash.is_mark('-') && dash.glued() && unit.glued() {
                if let Some(u) = lexicon::cardinal(unit.text).filter(|u| *u < 10.0) {
                    value += u;
                    last = i + 2;
                }
            }
        }
    }
    if let Some(next) = tokens.get(last + 1) {
        if next.is("hundred") {
            value *= 100.0;
            last += 1;
        }
    }
    Some(Numeral {
        value,
        first: i,
        last,
        spelled: true,
    })
}

/// A scale word ("million", "bn") standing on its own.
pub(crate) fn is_scale_word(token: &Token) -> bool {
    token.is_word() && lexicon::scale(token.text).is_some()
}

/// A value written plainly: whole numbers without separators or exponent,
/// fractions with at most six decimals.
pub(crate) fn plain(value: f64) -> String {
    if (value - value.round()).abs() < 1e-6 {
        format!("{:.0}", value.round())
    } else {
        let text = format!("{value:.6}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::super::token::tokenize;
    use super::*;

    fn value(text: &str) -> Option<(f64, String)> {
        let tokens = tokenize(text);
        let n = read(&tokens, 0)?;
        Some((
            n.value,
            text[tokens[0].start..tokens[n.last].end].to_string(),
        ))
    }

    #[test]
    fn figures_read_with_separators_scales_and_fractions() {
        assert_eq!(value("4,000 soldiers"), Some((4000.0, "4,000".into())));
        assert_eq!(
            value("38,914,470votes"),
            Some((38_914_470.0, "38,914,470".into()))
        );
        assert_eq!(
            value("22,7million votes"),
            Some((22_700_000.0, "22,7million".into()))
        );
        assert_eq!(
            value("15,4 million of"),
            Some((15_400_000.0, "15,4 million".into()))
        );
        assert_eq!(value("352-1/2 pence"), Some((352.5, "352-1/2".into())));
        assert_eq!(figure_value("1.2.3"), None);
    }

    #[test]
    fn number_words_read_compounds_and_hundreds() {
        assert_eq!(
            value("twenty-five people"),
            Some((25.0, "twenty-five".into()))
        );
        assert_eq!(value("two hundred"), Some((200.0, "two hundred".into())));
        assert_eq!(value("Eighteen were"), Some((18.0, "Eighteen".into())));
        assert_eq!(value("people"), None);
    }

    #[test]
    fn plain_values_have_no_float_noise() {
        assert_eq!(plain(8.8 * 1e9), "8800000000");
        assert_eq!(plain(3.5), "3.5");
        assert_eq!(plain(0.1 + 0.2), "0.3");
    }
    #[test]
    fn numbers_spelled_out_with_hyphens_and_points() {
        assert_eq!(
            value("12-point-45 percent"),
            Some((12.45, "12-point-45".into()))
        );
        assert_eq!(
            value("three-million-208-thousand-11 voters"),
            Some((3_208_011.0, "three-million-208-thousand-11".into()))
        );
        assert_eq!(
            value("two-hundred-fifty-five people"),
            Some((255.0, "two-hundred-fifty-five".into()))
        );
        assert_eq!(
            value("one-point-five million"),
            Some((1_500_000.0, "one-point-five million".into()))
        );
        // Ranges, compounds and units are not chains.
        assert_eq!(value("5-6 percent"), Some((5.0, "5".into())));
        assert_eq!(value("7-point lead"), Some((7.0, "7".into())));
        assert_eq!(value("forty-two-day"), Some((42.0, "forty-two".into())));
    }
}
