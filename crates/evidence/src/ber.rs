//! BER to DER for CMS blobs: many PDF signers write their CMS with indefinite lengths (BER),
//! which the strict DER decoder refuses. This rewrites every indefinite length as a definite
//! one, keeping every value's bytes and order, so that the DER decoder can read it. Nothing
//! else is normalised: a signature over re-sorted bytes would no longer verify.

/// How deep constructed values may nest before the input is refused (real CMS nests about 12).
const MAX_DEPTH: usize = 64;

/// Why the bytes are not BER.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BerError {
    #[error("the encoding ends in the middle of a value")]
    Truncated,
    #[error("the encoding nests more than {MAX_DEPTH} values deep")]
    TooDeep,
    #[error("a length is longer than the encoding allows")]
    BadLength,
}

/// The first complete BER value of `bytes` (padding after it is ignored, as PDF signers pad
/// `/Contents` with zeros), written with definite lengths.
pub fn to_der(bytes: &[u8]) -> Result<Vec<u8>, BerError> {
    let mut out = Vec::with_capacity(bytes.len());
    value(bytes, 0, &mut out)?;
    Ok(out)
}

/// Rewrites one value starting at `bytes[0]` into `out`; answers how many input bytes it used.
fn value(bytes: &[u8], depth: usize, out: &mut Vec<u8>) -> Result<usize, BerError> {
    if depth > MAX_DEPTH {
        return Err(BerError::TooDeep);
    }
    let (tag_len, constructed) = tag(bytes)?;
    let rest = &bytes[tag_len..];
    let first = *rest.first().ok_or(BerError::Truncated)?;
    if first == 0x80 {
        if !constructed {
            return Err(BerError::BadLength);
        }
        // Indefinite: children up to the end-of-contents octets 00 00.
        let mut content = Vec::new();
        let mut at = 1;
        loop {
            let remaining = rest.get(at..).ok_or(BerError::Truncated)?;
            if remaining.len() < 2 {
                return Err(BerError::Truncated);
            }
            if remaining[0] == 0 && remaining[1] == 0 {
                at += 2;
                break;
            }
            at += value(remaining, depth + 1, &mut content)?;
        }
        out.extend_from_slice(&bytes[..tag_len]);
        write_length(content.len(), out);
        out.extend_from_slice(&content);
        return Ok(tag_len + at);
    }
    let (length_len, length) = definite_length(rest)?;
    let body = rest
        .get(length_len..length_len + length)
        .ok_or(BerError::Truncated)?;
    out.extend_from_slice(&bytes[..tag_len]);
    write_length(length, out);
    if constructed && body.contains(&0x80) {
        // A definite constructed value may still hold indefinite children: rewrite them.
        let mut content = Vec::with_capacity(body.len());
        let mut at = 0;
        while at < body.len() {
            at += value(&body[at..], depth + 1, &mut content)?;
        }
        out.truncate(out.len() - length_size(length));
        write_length(content.len(), out);
        out.extend_from_slice(&content);
    } else {
        out.extend_from_slice(body);
    }
    Ok(tag_len + length_len + length)
}

/// The tag's length in bytes and whether the value is constructed.
fn tag(bytes: &[u8]) -> Result<(usize, bool), BerError> {
    let first = *bytes.first().ok_or(BerError::Truncated)?;
    let constructed = first & 0x20 != 0;
    if first & 0x1F != 0x1F {
        return Ok((1, constructed));
    }
    // High tag numbers continue while the top bit is set.
    let mut at = 1;
    loop {
        let byte = *bytes.get(at).ok_or(BerError::Truncated)?;
        at += 1;
        if byte & 0x80 == 0 {
            return Ok((at, constructed));
        }
        if at > 6 {
            return Err(BerError::BadLength);
        }
    }
}

/// A definite length: how many bytes encode it and its value.
fn definite_length(bytes: &[u8]) -> Result<(usize, usize), BerError> {
    let first = *bytes.first().ok_or(BerError::Truncated)?;
    if first & 0x80 == 0 {
        return Ok((1, usize::from(first)));
    }
    let count = usize::from(first & 0x7F);
    if count == 0 || count > 4 {
        return Err(BerError::BadLength);
    }
    let digits = bytes.get(1..=count).ok_or(BerError::Truncated)?;
    let length = digits.iter().fold(0usize, |acc, &d| (acc << 8) | usize::from(d));
    Ok((1 + count, length))
}

fn length_size(length: usize) -> usize {
    match length {
        0..=0x7F => 1,
        0x80..=0xFF => 2,
        0x100..=0xFFFF => 3,
        0x1_0000..=0xFF_FFFF => 4,
        _ => 5,
    }
}

fn write_length(length: usize, out: &mut Vec<u8>) {
    let size = length_size(length);
    if size == 1 {
        // Proven to fit: length_size answers 1 only below 0x80.
        out.push(length as u8);
        return;
    }
    out.push(0x80 | (size - 1) as u8);
    for shift in (0..size - 1).rev() {
        out.push((length >> (8 * shift)) as u8);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &[u8], expected: Result<&[u8], BerError>) {
        assert_eq!(to_der(input).as_deref().map_err(|e| *e), expected);
    }

    #[test]
    fn indefinite_lengths_become_definite() {
        // SEQUENCE (indefinite) { INTEGER 5, OCTET STRING "ab" } 00 00, then zero padding.
        check(
            &[
                0x30, 0x80, 0x02, 0x01, 0x05, 0x04, 0x02, b'a', b'b', 0, 0, 0, 0, 0,
            ],
            Ok(&[0x30, 0x07, 0x02, 0x01, 0x05, 0x04, 0x02, b'a', b'b']),
        );
        // A definite SEQUENCE holding an indefinite one.
        check(
            &[0x30, 0x06, 0x31, 0x80, 0x05, 0x00, 0x00, 0x00],
            Ok(&[0x30, 0x04, 0x31, 0x02, 0x05, 0x00]),
        );
        // A long-form length becomes the shortest form; padding is dropped.
        check(&[0x04, 0x81, 0x01, 0xAA, 0x00], Ok(&[0x04, 0x01, 0xAA]));
    }

    #[test]
    fn broken_encodings_are_refused() {
        check(&[0x30, 0x80, 0x02, 0x01], Err(BerError::Truncated));
        check(&[0x30, 0x05, 0x02], Err(BerError::Truncated));
        check(&[0x04, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9], Err(BerError::BadLength));
        let deep: Vec<u8> = std::iter::repeat_n([0x30, 0x80], 100).flatten().collect();
        check(&deep, Err(BerError::TooDeep));
    }
}
