//! The envelope shared by the old transmission formats (ANPA-1312, IPTC 7901):
//! SOH opens the header, STX the text, ETX ends it, EOT ends the message.

pub(crate) const SOH: char = '\u{01}';
pub(crate) const STX: char = '\u{02}';
pub(crate) const ETX: char = '\u{03}';

/// Whether decoded text is a transmitted message: SOH before any text.
pub(crate) fn is_transmission(text: &str) -> bool {
    text.trim_start_matches(['\u{16}', '\r', '\n', ' '])
        .starts_with(SOH)
}

/// A message split into its header (SOH..STX), text (STX..ETX) and trailer.
pub(crate) struct Envelope<'a> {
    pub header: &'a str,
    pub text: &'a str,
    pub trailer: &'a str,
}

/// Opens a message, or says it has no text part.
pub(crate) fn open_or_refuse<'a>(
    message: &'a str,
    format: &'static str,
) -> Result<Envelope<'a>, crate::error::IngestError> {
    open(message).ok_or(crate::error::IngestError::Malformed {
        format,
        reason: "no STX: the message has no text part".into(),
    })
}

impl Envelope<'_> {
    /// The transmission line after ETX ("AP-WF-11-13-13 1509GMT", "212322 GMT Nov 18").
    pub fn transmission(&self) -> Option<String> {
        let trailer = lines(self.trailer).join(" ");
        let trailer = trailer.trim().trim_end_matches('<').trim();
        (!trailer.is_empty()).then(|| trailer.to_owned())
    }
}

/// The place of a lead's dateline before `dash`: "BERLIN (dpa) - …" → "BERLIN".
pub(crate) fn dateline_place(lead: &str, dash: &str) -> Option<String> {
    let (head, _) = lead.split_once(dash)?;
    let place = head.split(" (").next()?.split(',').next()?.trim();
    (place.len() < 40 && place.chars().any(char::is_alphabetic)).then(|| place.to_owned())
}

pub(crate) fn open(message: &str) -> Option<Envelope<'_>> {
    let soh = message.find(SOH)?;
    let stx = soh + message[soh..].find(STX)?;
    let end = message[stx..].find(ETX).map_or(message.len(), |e| stx + e);
    Some(Envelope {
        header: &message[soh + 1..stx],
        text: &message[stx + 1..end],
        trailer: message.get(end + 1..).unwrap_or(""),
    })
}

/// Lines of transmitted text: CR/LF line ends, fill and control characters gone.
pub(crate) fn lines(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split(['\n', '\r'])
        .map(|line| {
            line.chars()
                .filter(|c| !c.is_control() || *c == '\t')
                .collect::<String>()
                .trim_end()
                .to_owned()
        })
        .collect()
}

/// Paragraphs: runs of non-blank lines joined with spaces.
pub(crate) fn paragraphs<'a>(lines: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in lines {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line.trim());
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out.into_iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_header_text_and_trailer() {
        let message = "\u{16}\u{16}\u{1}W1 hdr\r\n\u{2}Body line\r\n\u{3}sig\u{4}";
        assert!(is_transmission(message));
        let envelope = open(message).unwrap();
        assert_eq!(envelope.header, "W1 hdr\r\n");
        assert_eq!(envelope.text, "Body line\r\n");
        assert_eq!(envelope.trailer, "sig\u{4}");
        assert!(!is_transmission("Plain text"));
    }

    #[test]
    fn paragraphs_join_wrapped_lines() {
        let lines = lines("One\r\ntwo.\r\n\r\n   Three\u{7f}\r\n");
        assert_eq!(paragraphs(&lines), ["One two.", "Three"]);
    }
}
