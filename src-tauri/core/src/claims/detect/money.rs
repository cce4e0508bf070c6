//! Money: "$9 billion", "£8.8bn", "C$58.03", "USD 5 million", "Rs 500",
//! "8.8 billion pounds", "17.6 billion U.S. dollars", "697 pence". The value
//! is the ISO currency code and the amount in its main unit:
//! "USD 9000000000", "GBP 6.97".

use super::token::Token;
use super::{lexicon, number, qualifier_before, Claim, Scan};
use crate::claims::ClaimKind;

/// Runs the money rules over the body.
pub(super) fn find(scan: &mut Scan) {
    let mut i = 0;
    while i < scan.tokens.len() {
        let tokens = &scan.tokens;
        let found = symbol_first(tokens, i)
            .or_else(|| code_first(tokens, i))
            .or_else(|| currency_after(tokens, i))
            .filter(|c| !scan.any_taken(c.first, c.last));
        match found {
            Some(claim) => {
                i = claim.last + 1;
                scan.push(claim);
            }
            None => i += 1,
        }
    }
}

fn money_claim(
    tokens: &[Token],
    first: usize,
    last: usize,
    currency: &str,
    amount: f64,
    rule: &'static str,
) -> Option<Claim> {
    let (first, qualifier) = match qualifier_before(tokens, first) {
        Some((symbol, start)) => (start, symbol),
        None => (first, ""),
    };
    Some(Claim {
        kind: ClaimKind::Money,
        first,
        last,
        value: Some(format!("{qualifier}{currency} {}", number::plain(amount))),
        rule,
        relative: false,
        forward: false,
    })
}

/// A figure after a currency mark, with a glued or spelled scale:
/// its value and last token.
fn amount_at(tokens: &[Token], i: usize) -> Option<(f64, usize)> {
    let numeral = number::read(tokens, i).filter(|n| !n.spelled)?;
    let mut value = numeral.value;
    let mut last = numeral.last;
    if let Some(next) = tokens.get(last + 1) {
        if next.is_word() && next.glued() && last == numeral.first {
            if let Some(factor) = lexicon::money_scale(next.text) {
                value *= factor;
                last += 1;
            }
        }
    }
    Some((value, last))
}

/// "$9 billion", "£8.8bn", "C$58.03", "US$ 5m".
fn symbol_first(tokens: &[Token], i: usize) -> Option<Claim> {
    let token = &tokens[i];
    let (prefix, symbol_at) = if token.is_word() {
        let symbol = tokens.get(i + 1).filter(|s| s.glued())?;
        lexicon::currency_symbol(Some(token.text), symbol.text)?;
        (Some(token.text), i + 1)
    } else {
        (None, i)
    };
    if prefix.is_none() && i > 0 && token.glued() && tokens[i - 1].is_word() {
        return None; // the prefix was read at the word before
    }
    let currency = lexicon::currency_symbol(prefix, tokens[symbol_at].text)?;
    let number_at = symbol_at + 1;
    tokens.get(number_at).filter(|t| t.is_number())?;
    let (amount, last) = amount_at(tokens, number_at)?;
    money_claim(tokens, i, last, currency, amount, "currency_symbol")
}

/// "USD 5 million", "Rs 500", "Rs. 500".
fn code_first(tokens: &[Token], i: usize) -> Option<Claim> {
    let token = &tokens[i];
    let currency = lexicon::currency_code(token.text).filter(|_| token.is_word())?;
    let mut at = i + 1;
    if tokens.get(at).is_some_and(|t| t.is_mark('.') && t.glued()) {
        at += 1;
    }
    tokens.get(at).filter(|t| t.is_number())?;
    let (amount, last) = amount_at(tokens, at)?;
    money_claim(tokens, i, last, currency, amount, "currency_code")
}

/// "8.8 billion pounds", "17.6 billion U.S. dollars", "47.23 Canadian
/// dollars", "697 pence", "5 million USD", "50p"; with the currency it is
/// priced in when it is an exchange rate ("1.08 dollars per euro").
fn currency_after(tokens: &[Token], i: usize) -> Option<Claim> {
    if !tokens[i].is_number() || (i > 0 && tokens[i].glued() && tokens[i - 1].is_word()) {
        return None;
    }
    let (amount, last) = amount_at(tokens, i)?;
    let Some((currency, factor, at)) = currency_named(tokens, last + 1, true) else {
        return exchange_rate(tokens, i, amount, last);
    };
    let mut claim = money_claim(tokens, i, at, currency, amount * factor, "currency_after")?;
    if let Some((per, end)) = rate_base(tokens, at) {
        claim.last = end;
        claim.rule = "exchange_rate";
        if let Some(value) = claim.value.as_mut() {
            value.push_str(" per ");
            value.push_str(per);
        }
    }
    Some(claim)
}

/// The currency named from token `at`: an ISO code or a currency word, with
/// a country before it ("U.S.", "Canadian", "Hong Kong"); its code, the
/// factor to its main unit and its last token. `after_figure`: the name
/// follows an amount, where "p" must be glued to it ("50p").
fn currency_named(
    tokens: &[Token],
    at: usize,
    after_figure: bool,
) -> Option<(&'static str, f64, usize)> {
    // A country before the currency: "U.S.", "Canadian", "Hong Kong".
    let mut country = String::new();
    let mut country_end = at;
    while let Some(t) = tokens.get(country_end) {
        if country_end - at >= 4 {
            break;
        }
        if t.is_capitalised() || (t.is_mark('.') && t.glued() && !country.is_empty()) {
            if !country.is_empty() && t.is_word() && !t.glued() {
                country.push(' ');
            }
            country.push_str(t.text);
            country_end += 1;
        } else {
            break;
        }
    }
    let word = tokens.get(country_end)?;
    let code = lexicon::currency_code(word.text).filter(|_| word.is_word() && country.is_empty());
    let (currency, factor) = match code {
        Some(code) => (code, 1.0),
        None => {
            let (base, factor) = lexicon::currency_word(word.text).filter(|_| word.is_word())?;
            let glued_only = word.text == "p";
            if after_figure && glued_only != word.glued() {
                return None;
            }
            if word.is("won") && country.is_empty() {
                return None; // the verb, far more often than Korea's currency
            }
            if (word.is("pound") || word.is("pounds"))
                && tokens.get(country_end + 1).is_some_and(|t| t.is("of"))
            {
                return None; // "200 pounds of cocaine": a weight
            }
            let currency = if country.is_empty() {
                base
            } else {
                lexicon::currency_country(&country, base)?
            };
            (currency, factor)
        }
    };
    Some((currency, factor, country_end))
}

/// The currency an exchange rate is counted against, after its amount ends
/// at `last`: "per euro", "a dollar", "to the dollar", "against the U.S.
/// dollar"; its code and last token.
fn rate_base(tokens: &[Token], last: usize) -> Option<(&'static str, usize)> {
    let link = tokens.get(last + 1)?;
    let at = if link.is("per") || link.is("a") {
        last + 2
    } else if link.is("to") || link.is("against") {
        let the = tokens.get(last + 2)?.is("the");
        if the {
            last + 3
        } else if link.is("against") {
            last + 2
        } else {
            return None;
        }
    } else {
        return None;
    };
    let (currency, factor, end) = currency_named(tokens, at, false)?;
    let singular = !tokens[end].text.ends_with('s') || tokens[end].text.len() <= 3;
    (factor == 1.0 && singular).then_some((currency, end))
}

/// A rate without its own currency: "at 83.2 to the dollar", "in the low
/// 0.60s against the U.S. dollar", "105 per dollar".
fn exchange_rate(tokens: &[Token], i: usize, amount: f64, last: usize) -> Option<Claim> {
    let mut end = last;
    // "the 0.60s": a level the rate moves in.
    if tokens
        .get(last + 1)
        .is_some_and(|t| t.is("s") && t.glued() && last == i)
    {
        end += 1;
    }
    // "4.1910/1940 against the dollar": the bid and the offer.
    let offer = |k: usize| tokens.get(k).is_some_and(|t| t.glued());
    if tokens.get(end + 1).is_some_and(|t| t.is_mark('/'))
        && offer(end + 1)
        && offer(end + 2)
        && tokens[end + 2].is_number()
    {
        end += 2;
    }
    let (per, base_end) = rate_base(tokens, end)?;
    if tokens.get(end + 1).is_some_and(|t| t.is("a")) {
        return None; // "5 a dollar" is a price, read as money elsewhere
    }
    let (first, qualifier) = match qualifier_before(tokens, i) {
        Some((symbol, start)) => (start, symbol),
        None => (i, ""),
    };
    let claim = Claim {
        kind: ClaimKind::Money,
        first,
        last: base_end,
        value: Some(format!("{qualifier}{} per {per}", number::plain(amount))),
        rule: "exchange_rate",
        relative: false,
        forward: false,
    };
    Some(claim)
}

#[cfg(test)]
mod tests {
    use super::super::{found, pair};
    use crate::claims::ClaimKind;

    fn money(body: &str) -> Vec<(String, String)> {
        found(body, ClaimKind::Money, None)
    }

    #[test]
    fn symbols_with_scales_and_prefixes() {
        assert_eq!(
            money("a $9 billion buyback, £8.8bn, C$58.03 and about $20 billion"),
            vec![
                pair("$9 billion", "USD 9000000000"),
                pair("£8.8bn", "GBP 8800000000"),
                pair("C$58.03", "CAD 58.03"),
                pair("about $20 billion", "~USD 20000000000"),
            ]
        );
    }

    #[test]
    fn currency_words_and_country_adjectives() {
        assert_eq!(
            money("for 8.8 billion pounds (17.6 billion U.S. dollars), 47.23 Canadian dollars, 697 pence"),
            vec![
                pair("8.8 billion pounds", "GBP 8800000000"),
                pair("17.6 billion U.S. dollars", "USD 17600000000"),
                pair("47.23 Canadian dollars", "CAD 47.23"),
                pair("697 pence", "GBP 6.97"),
            ]
        );
        assert_eq!(
            money("get 352-1/2 pence, Rs 500 and USD 5 million"),
            vec![
                pair("352-1/2 pence", "GBP 3.525"),
                pair("Rs 500", "INR 500"),
                pair("USD 5 million", "USD 5000000"),
            ]
        );
    }

    #[test]
    fn weights_and_verbs_are_not_money() {
        assert!(money("seized 200 pounds of cocaine; the party 5 won").is_empty());
    }
    #[test]
    fn exchange_rates_name_both_currencies() {
        assert_eq!(
            money(
                "The euro bought 1.12 dollars per euro, the rupee ended at 74.5 to the dollar, \
                 the rand hovered in the 14.80s against the U.S. dollar and the yen at \
                 about 109 per dollar."
            ),
            vec![
                pair("1.12 dollars per euro", "USD 1.12 per EUR"),
                pair("74.5 to the dollar", "74.5 per USD"),
                pair("14.80s against the U.S. dollar", "14.8 per USD"),
                pair("about 109 per dollar", "~109 per USD"),
            ]
        );
        assert_eq!(
            money("The ringgit opened at 3.8450/8480 against the U.S. dollar."),
            vec![pair("3.8450/8480 against the U.S. dollar", "3.845 per USD")]
        );
    }

    #[test]
    fn figures_near_currencies_that_are_no_rates() {
        assert!(money(
            "sales rose 5 percent against the dollar; 2 per cent; 3 to the pound of flesh"
        )
        .is_empty());
        assert_eq!(
            money("a $1-billion plan"),
            vec![pair("$1-billion", "USD 1000000000")]
        );
    }
}
