//! The CMS side of a PDF signature: the signer's certificate, the digest and signature over the
//! signed bytes, the signing time, and the certificate chain up to a root the admin trusts.
//! Parsing is the `cms` and `x509-cert` crates'; signatures are checked with the RustCrypto
//! RSA and ECDSA crates. Revocation is not checked (no network): the result says so.

use chrono::{DateTime, TimeZone, Utc};
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use sha2::Digest;
use x509_cert::Certificate;
use x509_cert::name::Name;

use crate::ber;
use crate::trust::TrustStore;

mod oid {
    use der::asn1::ObjectIdentifier as Oid;

    pub const SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
    pub const MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
    pub const SIGNING_TIME: Oid = Oid::new_unwrap("1.2.840.113549.1.9.5");
    pub const SHA1: Oid = Oid::new_unwrap("1.3.14.3.2.26");
    pub const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
    pub const SHA384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.2");
    pub const SHA512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.3");
    pub const RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
    pub const SHA1_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.5");
    pub const SHA256_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
    pub const SHA384_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.12");
    pub const SHA512_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.13");
    pub const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
    pub const ECDSA_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");
    pub const ECDSA_SHA384: Oid = Oid::new_unwrap("1.2.840.10045.4.3.3");
    pub const ECDSA_SHA512: Oid = Oid::new_unwrap("1.2.840.10045.4.3.4");
    pub const P256: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
    pub const P384: Oid = Oid::new_unwrap("1.3.132.0.34");
}

/// A digest algorithm a signature may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestAlgorithm {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl DigestAlgorithm {
    fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        match *oid {
            oid::SHA1 | oid::SHA1_RSA => Some(Self::Sha1),
            oid::SHA256 | oid::SHA256_RSA | oid::ECDSA_SHA256 => Some(Self::Sha256),
            oid::SHA384 | oid::SHA384_RSA | oid::ECDSA_SHA384 => Some(Self::Sha384),
            oid::SHA512 | oid::SHA512_RSA | oid::ECDSA_SHA512 => Some(Self::Sha512),
            _ => None,
        }
    }

    /// The name people read ("SHA-256").
    pub fn name(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA-1",
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
        }
    }

    /// The digest of the concatenated parts.
    pub fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut hasher = D::new();
            for part in parts {
                hasher.update(part);
            }
            hasher.finalize().to_vec()
        }
        match self {
            Self::Sha1 => run::<sha1::Sha1>(parts),
            Self::Sha256 => run::<sha2::Sha256>(parts),
            Self::Sha384 => run::<sha2::Sha384>(parts),
            Self::Sha512 => run::<sha2::Sha512>(parts),
        }
    }
}

/// What the CMS blob of one PDF signature says, checked.
#[derive(Debug, Clone)]
pub struct CmsCheck {
    /// The signer's certificate, when the blob carries it.
    pub signer: Option<Certificate>,
    /// The signature verifies over the signed bytes: the message digest matches and the
    /// signature over the signed attributes (or the digest) is valid for the signer's key.
    pub intact: bool,
    /// The time the signer's software recorded (the `signingTime` attribute).
    pub signing_time: Option<DateTime<Utc>>,
    pub digest_algorithm: Option<DigestAlgorithm>,
    /// The signer's certificate alone was valid at the signing time.
    pub certificate_valid_at_signing: Option<bool>,
    /// The chain reaches a root the admin trusts; `None` when no root is loaded.
    pub trusted: Option<bool>,
    /// Why something could not be checked or did not verify, in English and Vietnamese.
    pub problems: Vec<(String, String)>,
}

impl CmsCheck {
    fn failed(en: impl Into<String>, vi: impl Into<String>) -> Self {
        CmsCheck {
            signer: None,
            intact: false,
            signing_time: None,
            digest_algorithm: None,
            certificate_valid_at_signing: None,
            trusted: None,
            problems: vec![(en.into(), vi.into())],
        }
    }
}

/// Checks the CMS `blob` of a signature over the bytes `signed` (the byte range's parts).
/// `fallback_time` is the PDF's own `/M` time, used when the CMS carries none.
pub fn check(
    blob: &[u8],
    signed: &[&[u8]],
    fallback_time: Option<DateTime<Utc>>,
    trust: &TrustStore,
) -> CmsCheck {
    let der = match ber::to_der(blob) {
        Ok(der) => der,
        Err(err) => {
            return CmsCheck::failed(
                format!("the signature value is not a CMS structure: {err}"),
                format!("giá trị chữ ký không phải cấu trúc CMS: {err}"),
            );
        }
    };
    let signed_data = match ContentInfo::from_der(&der) {
        Ok(info) if info.content_type == oid::SIGNED_DATA => match info.content.decode_as::<SignedData>() {
            Ok(data) => data,
            Err(err) => {
                return CmsCheck::failed(
                    format!("the CMS SignedData cannot be read: {err}"),
                    format!("không đọc được CMS SignedData: {err}"),
                );
            }
        },
        Ok(_) => {
            return CmsCheck::failed(
                "the CMS structure is not SignedData",
                "cấu trúc CMS không phải SignedData",
            );
        }
        Err(err) => {
            return CmsCheck::failed(
                format!("the signature value is not a CMS structure: {err}"),
                format!("giá trị chữ ký không phải cấu trúc CMS: {err}"),
            );
        }
    };
    let certificates: Vec<Certificate> = signed_data
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|choice| match choice {
            cms::cert::CertificateChoices::Certificate(cert) => Some(cert.clone()),
            cms::cert::CertificateChoices::Other(_) => None,
        })
        .collect();
    let Some(signer_info) = signed_data.signer_infos.0.iter().next() else {
        return CmsCheck::failed(
            "the CMS structure has no signer",
            "cấu trúc CMS không có người ký",
        );
    };
    let mut result = CmsCheck::failed("", "");
    result.problems.clear();
    result.signer = certificates
        .iter()
        .find(|cert| identifies(&signer_info.sid, cert))
        .cloned();
    result.digest_algorithm = DigestAlgorithm::from_oid(&signer_info.digest_alg.oid);
    result.signing_time = signing_time(signer_info).or(fallback_time);

    let Some(signer) = result.signer.clone() else {
        result.problems.push((
            "the CMS structure does not carry the signer's certificate".into(),
            "cấu trúc CMS không kèm chứng thư số của người ký".into(),
        ));
        return result;
    };
    match verify_signer(signer_info, &signer, signed, &der) {
        Ok(()) => result.intact = true,
        Err((en, vi)) => result.problems.push((en, vi)),
    }
    if let Some(time) = result.signing_time {
        result.certificate_valid_at_signing = Some(valid_at(&signer, time));
    }
    let chain = chain_of(&signer, &certificates, trust);
    result.trusted = if trust.is_empty() {
        None
    } else {
        Some(chain.reaches_trusted_root)
    };
    if let Some(broken) = chain.broken {
        result.problems.push(broken);
    }
    result
}

/// The signer identifier names this certificate.
fn identifies(sid: &SignerIdentifier, cert: &Certificate) -> bool {
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(id) => {
            id.issuer == cert.tbs_certificate.issuer && id.serial_number == cert.tbs_certificate.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => cert
            .tbs_certificate
            .extensions
            .iter()
            .flatten()
            .find(|ext| ext.extn_id == ObjectIdentifier::new_unwrap("2.5.29.14"))
            .and_then(|ext| OctetString::from_der(ext.extn_value.as_bytes()).ok())
            .is_some_and(|value| value.as_bytes() == ski.0.as_bytes()),
    }
}

fn signing_time(info: &SignerInfo) -> Option<DateTime<Utc>> {
    let attribute = info
        .signed_attrs
        .as_ref()?
        .iter()
        .find(|attr| attr.oid == oid::SIGNING_TIME)?;
    let value = attribute.values.iter().next()?;
    let time = x509_cert::time::Time::from_der(&value.to_der().ok()?).ok()?;
    Utc.timestamp_opt(i64::try_from(time.to_unix_duration().as_secs()).ok()?, 0)
        .single()
}

/// The message digest matches the signed bytes and the signature is the signer's.
fn verify_signer(
    info: &SignerInfo,
    signer: &Certificate,
    signed: &[&[u8]],
    der: &[u8],
) -> Result<(), (String, String)> {
    let digest_alg = DigestAlgorithm::from_oid(&info.digest_alg.oid).ok_or_else(|| {
        (
            format!("the digest algorithm {} is not supported", info.digest_alg.oid),
            format!("không hỗ trợ thuật toán băm {}", info.digest_alg.oid),
        )
    })?;
    let content_digest = digest_alg.digest(signed);
    let message = match &info.signed_attrs {
        Some(attrs) => {
            let claimed = attrs
                .iter()
                .find(|attr| attr.oid == oid::MESSAGE_DIGEST)
                .and_then(|attr| attr.values.iter().next())
                .and_then(|value| value.decode_as::<OctetString>().ok())
                .ok_or_else(|| {
                    (
                        "the signed attributes have no message digest".to_owned(),
                        "thuộc tính đã ký không có giá trị băm của văn bản".to_owned(),
                    )
                })?;
            if claimed.as_bytes() != content_digest.as_slice() {
                return Err((
                    "the signed bytes do not match the digest in the signature: the document was changed"
                        .into(),
                    "nội dung được ký không khớp giá trị băm trong chữ ký: văn bản đã bị thay đổi".into(),
                ));
            }
            // The signature is over the DER of the signed attributes as a SET (tag 0x31).
            let raw = raw_signed_attributes(der).ok_or_else(|| {
                (
                    "the signed attributes cannot be located in the signature".to_owned(),
                    "không xác định được thuộc tính đã ký trong chữ ký".to_owned(),
                )
            })?;
            digest_alg.digest(&[&raw])
        }
        None => content_digest,
    };
    verify_with_key(
        &signer.tbs_certificate.subject_public_key_info,
        &info.signature_algorithm.oid,
        digest_alg,
        &message,
        info.signature.as_bytes(),
    )
}

/// The signed attributes exactly as encoded in the first SignerInfo, with the SET tag.
fn raw_signed_attributes(der: &[u8]) -> Option<Vec<u8>> {
    // ContentInfo ::= SEQUENCE { contentType, [0] EXPLICIT SignedData }
    let content_info = children(body(der)?)?;
    let signed_data = children(body(body(content_info.get(1)?)?)?)?;
    // SignedData's last child is the SET of SignerInfos.
    let signer_infos = children(body(signed_data.last()?)?)?;
    let signer_info = children(body(signer_infos.first()?)?)?;
    // version, sid, digestAlgorithm, then [0] IMPLICIT signedAttrs when present.
    let attrs = signer_info.get(3)?;
    if attrs.first() != Some(&0xA0) {
        return None;
    }
    let mut raw = attrs.to_vec();
    raw[0] = 0x31;
    Some(raw)
}

/// The content of one DER value (after its tag and length).
fn body(tlv: &[u8]) -> Option<&[u8]> {
    let (header, len) = header(tlv)?;
    tlv.get(header..header + len)
}

/// The header size and content length of the DER value at the start of `bytes`.
fn header(bytes: &[u8]) -> Option<(usize, usize)> {
    let length_byte = *bytes.get(1)?;
    if length_byte & 0x80 == 0 {
        return Some((2, usize::from(length_byte)));
    }
    let count = usize::from(length_byte & 0x7F);
    if count == 0 || count > 4 {
        return None;
    }
    let length = bytes
        .get(2..2 + count)?
        .iter()
        .fold(0usize, |acc, &d| (acc << 8) | usize::from(d));
    Some((2 + count, length))
}

/// The complete DER values (tag, length and content) one after another in `content`.
fn children(content: &[u8]) -> Option<Vec<&[u8]>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < content.len() {
        let (header, len) = header(&content[at..])?;
        let end = at.checked_add(header)?.checked_add(len)?;
        out.push(content.get(at..end)?);
        at = end;
    }
    Some(out)
}

/// Verifies `signature` over a message whose digest is `digest`, with the key of `spki`.
fn verify_with_key(
    spki: &spki::SubjectPublicKeyInfoOwned,
    algorithm: &ObjectIdentifier,
    digest_alg: DigestAlgorithm,
    digest: &[u8],
    signature: &[u8],
) -> Result<(), (String, String)> {
    use signature::hazmat::PrehashVerifier;
    let invalid = || {
        (
            "the signature value does not verify with the signer's public key".to_owned(),
            "giá trị chữ ký không khớp khóa công khai của người ký".to_owned(),
        )
    };
    match spki.algorithm.oid {
        oid::RSA => {
            if !matches!(
                *algorithm,
                oid::RSA | oid::SHA1_RSA | oid::SHA256_RSA | oid::SHA384_RSA | oid::SHA512_RSA
            ) {
                return Err(unsupported(algorithm));
            }
            let key_der = spki.to_der().map_err(|_| invalid())?;
            let key = <rsa::RsaPublicKey as rsa::pkcs8::DecodePublicKey>::from_public_key_der(&key_der)
                .map_err(|_| invalid())?;
            let scheme = match digest_alg {
                DigestAlgorithm::Sha1 => rsa::Pkcs1v15Sign::new::<sha1::Sha1>(),
                DigestAlgorithm::Sha256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
                DigestAlgorithm::Sha384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
                DigestAlgorithm::Sha512 => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
            };
            key.verify(scheme, digest, signature).map_err(|_| invalid())
        }
        oid::EC_PUBLIC_KEY => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
            let point = spki.subject_public_key.raw_bytes();
            match curve {
                Some(oid::P256) => {
                    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(|_| invalid())?;
                    let sig = p256::ecdsa::Signature::from_der(signature).map_err(|_| invalid())?;
                    key.verify_prehash(digest, &sig).map_err(|_| invalid())
                }
                Some(oid::P384) => {
                    let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(|_| invalid())?;
                    let sig = p384::ecdsa::Signature::from_der(signature).map_err(|_| invalid())?;
                    key.verify_prehash(digest, &sig).map_err(|_| invalid())
                }
                _ => Err(unsupported(&spki.algorithm.oid)),
            }
        }
        ref other => Err(unsupported(other)),
    }
}

fn unsupported(oid: &ObjectIdentifier) -> (String, String) {
    (
        format!("the signature algorithm {oid} is not supported, so the signature cannot be verified"),
        format!("không hỗ trợ thuật toán chữ ký {oid} nên không kiểm tra được chữ ký"),
    )
}

/// `issuer` signed `cert`.
fn issued_by(cert: &Certificate, issuer: &Certificate) -> bool {
    if cert.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return false;
    }
    let Some(digest_alg) = DigestAlgorithm::from_oid(&cert.signature_algorithm.oid) else {
        return false;
    };
    let Ok(tbs) = cert.tbs_certificate.to_der() else {
        return false;
    };
    let Some(signature) = cert.signature.as_bytes() else {
        return false;
    };
    verify_with_key(
        &issuer.tbs_certificate.subject_public_key_info,
        &cert.signature_algorithm.oid,
        digest_alg,
        &digest_alg.digest(&[&tbs]),
        signature,
    )
    .is_ok()
}

struct Chain {
    reaches_trusted_root: bool,
    broken: Option<(String, String)>,
}

/// The longest chain a path may have; real ones have three or four certificates.
const MAX_CHAIN: usize = 8;

/// The chain from `signer` up through the certificates in the signature and the trust store.
fn chain_of(signer: &Certificate, carried: &[Certificate], trust: &TrustStore) -> Chain {
    let mut chain = vec![signer.clone()];
    let mut broken = None;
    loop {
        let last = chain.last().cloned().unwrap_or_else(|| signer.clone());
        if trust.contains(&last) {
            return Chain {
                reaches_trusted_root: true,
                broken,
            };
        }
        if trust.roots().iter().any(|root| issued_by(&last, root)) {
            return Chain {
                reaches_trusted_root: true,
                broken,
            };
        }
        if last.tbs_certificate.issuer == last.tbs_certificate.subject || chain.len() >= MAX_CHAIN {
            break;
        }
        match carried
            .iter()
            .find(|cert| *cert != &last && issued_by(&last, cert))
        {
            Some(issuer) if !chain.contains(issuer) => chain.push(issuer.clone()),
            Some(_) => break,
            None => {
                if carried
                    .iter()
                    .any(|cert| cert.tbs_certificate.subject == last.tbs_certificate.issuer)
                {
                    broken = Some((
                        "a certificate in the chain does not verify with its issuer's key".into(),
                        "một chứng thư trong chuỗi không khớp khóa của tổ chức cấp".into(),
                    ));
                }
                break;
            }
        }
    }
    Chain {
        reaches_trusted_root: false,
        broken,
    }
}

fn valid_at(cert: &Certificate, time: DateTime<Utc>) -> bool {
    let validity = &cert.tbs_certificate.validity;
    let seconds =
        |t: &x509_cert::time::Time| i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX);
    let at = time.timestamp();
    seconds(&validity.not_before) <= at && at <= seconds(&validity.not_after)
}

/// One attribute of a name: its short key ("CN", "O", "UID") and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamePart {
    pub key: String,
    pub value: String,
}

/// The attributes of a distinguished name, most general first as encoded.
pub fn name_parts(name: &Name) -> Vec<NamePart> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .map(|atv| NamePart {
            key: short_key(&atv.oid),
            value: text_of(&atv.value),
        })
        .collect()
}

/// A name as people read it, most specific first ("CN=Nguyễn Văn A, O=Bộ Tài chính, C=VN").
pub fn describe(name: &Name) -> String {
    let parts = name_parts(name);
    parts
        .iter()
        .rev()
        .map(|part| format!("{}={}", part.key, part.value))
        .collect::<Vec<_>>()
        .join(", ")
}

fn short_key(oid: &ObjectIdentifier) -> String {
    const KEYS: [(&str, &str); 13] = [
        ("2.5.4.3", "CN"),
        ("2.5.4.4", "SN"),
        ("2.5.4.42", "GN"),
        ("2.5.4.5", "SERIALNUMBER"),
        ("2.5.4.6", "C"),
        ("2.5.4.7", "L"),
        ("2.5.4.8", "ST"),
        ("2.5.4.10", "O"),
        ("2.5.4.11", "OU"),
        ("2.5.4.12", "T"),
        ("0.9.2342.19200300.100.1.1", "UID"),
        ("1.2.840.113549.1.9.1", "E"),
        ("2.5.4.97", "ORGID"),
    ];
    let dotted = oid.to_string();
    KEYS.iter()
        .find(|(id, _)| *id == dotted)
        .map(|(_, key)| (*key).to_owned())
        .unwrap_or(dotted)
}

/// The text of a directory string, whatever string type encodes it (BMPString is UTF-16).
fn text_of(value: &der::Any) -> String {
    use der::{Tag, Tagged};
    let bytes = value.value();
    match value.tag() {
        Tag::BmpString => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Tag::TeletexString => bytes.iter().map(|&b| char::from(b)).collect(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}
