//! Test-only signing: a throwaway CA, certificates for people and organisations, and a small
//! PDF writer that appends signed revisions the way signing tools do (an incremental update
//! with the signature field, its appearance, and a CMS SignedData over the byte range). It
//! lives only in test code: the product never signs.

#![allow(dead_code)]

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::CertificateChoices;
use cms::cert::IssuerAndSerialNumber;
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::asn1::{SetOfVec, UtcTime};
use der::{Any, Decode, Encode};
use p256::ecdsa::{DerSignature, SigningKey};
use rand_core::OsRng;
use sha2::{Digest, Sha256};
use spki::{AlgorithmIdentifierOwned, EncodePublicKey, SubjectPublicKeyInfoOwned};
use x509_cert::Certificate;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};

/// A key and its certificate, with the certificates above it.
pub struct Identity {
    pub key: SigningKey,
    pub cert: Certificate,
    pub chain: Vec<Certificate>,
}

impl Identity {
    pub fn pem(&self) -> String {
        use der::EncodePem;
        self.cert
            .to_pem(der::pem::LineEnding::LF)
            .expect("a PEM certificate")
    }
}

fn time(at: DateTime<Utc>) -> Time {
    Time::UtcTime(
        UtcTime::from_unix_duration(Duration::from_secs(at.timestamp() as u64)).expect("a UTC time"),
    )
}

fn spki_of(key: &SigningKey) -> SubjectPublicKeyInfoOwned {
    let der = key.verifying_key().to_public_key_der().expect("a public key");
    SubjectPublicKeyInfoOwned::from_der(der.as_bytes()).expect("an SPKI")
}

static SERIAL: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

fn serial() -> SerialNumber {
    let n = SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    SerialNumber::from(n)
}

/// A root CA valid from 2020 to 2040.
pub fn root(name: &str) -> Identity {
    let key = SigningKey::random(&mut OsRng);
    let subject = Name::from_str(&format!("CN={name},O=Test CA,C=VN")).expect("a name");
    let validity = Validity {
        not_before: time("2020-01-01T00:00:00Z".parse().expect("a time")),
        not_after: time("2040-01-01T00:00:00Z".parse().expect("a time")),
    };
    let builder = CertificateBuilder::new(Profile::Root, serial(), validity, subject, spki_of(&key), &key)
        .expect("a builder");
    let cert = builder.build::<DerSignature>().expect("a root certificate");
    Identity {
        key,
        cert,
        chain: Vec::new(),
    }
}

/// Who a certificate is for.
pub enum Holder<'a> {
    /// A person: common name, title and organisation, with a citizen's card number.
    Person {
        name: &'a str,
        title: &'a str,
        organization: &'a str,
    },
    /// An organisation: its name as the common name and the organisation, with a tax code.
    Organization { name: &'a str },
}

/// A certificate issued by `ca` for `holder`, valid between the two times.
pub fn issue(ca: &Identity, holder: Holder<'_>, valid_from: &str, valid_to: &str) -> Identity {
    let key = SigningKey::random(&mut OsRng);
    // UID is 0.9.2342.19200300.100.1.1 and title 2.5.4.12, written as OIDs for the parser.
    let subject = match holder {
        Holder::Person {
            name,
            title,
            organization,
        } => {
            format!(
                "CN={name},2.5.4.12={title},O={organization},0.9.2342.19200300.100.1.1=CCCD:001089001234,C=VN"
            )
        }
        Holder::Organization { name } => {
            format!("CN={name},O={name},0.9.2342.19200300.100.1.1=MST:0100100001,C=VN")
        }
    };
    let subject = Name::from_str(&subject).expect("a name");
    let validity = Validity {
        not_before: time(valid_from.parse().expect("a time")),
        not_after: time(valid_to.parse().expect("a time")),
    };
    let profile = Profile::Leaf {
        issuer: ca.cert.tbs_certificate.subject.clone(),
        enable_key_agreement: false,
        enable_key_encipherment: false,
    };
    let builder = CertificateBuilder::new(profile, serial(), validity, subject, spki_of(&key), &ca.key)
        .expect("a builder");
    let cert = builder.build::<DerSignature>().expect("a certificate");
    let mut chain = vec![ca.cert.clone()];
    chain.extend(ca.chain.iter().cloned());
    Identity { key, cert, chain }
}

/// How a signature is made.
pub struct Sign<'a> {
    pub field: &'a str,
    /// Where it shows on page 1 (`[left, bottom, right, top]`), or invisible.
    pub rect: Option<[f64; 4]>,
    pub page: usize,
    pub with_image: bool,
    /// Text drawn in the appearance.
    pub text: Option<&'a str>,
    /// The PDF's `/M` time ("D:20261129101500+07'00'").
    pub recorded: &'a str,
    /// The CMS signingTime.
    pub signed_at: &'a str,
}

/// The signer's image, then the seal over its left third, as the decree draws them.
pub const SIGNER_RECT: [f64; 4] = [330.0, 120.0, 480.0, 190.0];
pub const SEAL_RECT: [f64; 4] = [270.0, 95.0, 380.0, 205.0];

impl Sign<'_> {
    /// The competent person's signature with its picture.
    pub fn signer() -> Self {
        Sign {
            field: "NguoiKy",
            rect: Some(SIGNER_RECT),
            ..Sign::default()
        }
    }

    /// The organisation's signature with its seal at `rect`.
    pub fn seal(rect: [f64; 4]) -> Self {
        Sign {
            field: "CoQuan",
            rect: Some(rect),
            ..Sign::default()
        }
    }
}

impl Default for Sign<'_> {
    fn default() -> Self {
        Sign {
            field: "Signature1",
            rect: Some([300.0, 120.0, 450.0, 190.0]),
            page: 1,
            with_image: true,
            text: None,
            recorded: "D:20261129101500+07'00'",
            signed_at: "2026-11-29T03:15:00Z",
        }
    }
}

/// A PDF being built and signed, revision by revision.
pub struct Pdf {
    pub bytes: Vec<u8>,
    next_id: u32,
    last_xref: usize,
    pages: Vec<u32>,
    annots: Vec<Vec<u32>>,
    fields: Vec<u32>,
    acroform: Option<u32>,
}

const CATALOG: u32 = 1;
const PAGES: u32 = 2;
const FONT: u32 = 3;

/// Room for the CMS value, in bytes (written as twice as many hex digits).
const CONTENTS_ROOM: usize = 8192;

impl Pdf {
    /// A PDF of `pages` A4 pages with a line of text each.
    pub fn new(pages: usize) -> Pdf {
        let mut pdf = Pdf {
            bytes: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec(),
            next_id: 4,
            last_xref: 0,
            pages: Vec::new(),
            annots: vec![Vec::new(); pages],
            fields: Vec::new(),
            acroform: None,
        };
        let mut objects = vec![
            (
                CATALOG,
                format!("<< /Type /Catalog /Pages {PAGES} 0 R >>").into_bytes(),
            ),
            (
                FONT,
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
            ),
        ];
        for n in 0..pages {
            let page = pdf.id();
            let content = pdf.id();
            pdf.pages.push(page);
            let text = format!(
                "BT /F1 14 Tf 72 760 Td (Cong van so 123/BTC-VP, trang {}) Tj ET",
                n + 1
            );
            objects.push((content, stream("", text.as_bytes())));
            objects.push((page, pdf.page_dict(n, content)));
        }
        let kids: Vec<String> = pdf.pages.iter().map(|p| format!("{p} 0 R")).collect();
        objects.push((
            PAGES,
            format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages).into_bytes(),
        ));
        pdf.append(objects);
        pdf
    }

    /// A one-page PDF that also carries `payload` as an image on its page (for benchmarks of
    /// large files: the payload's bytes are signed like the rest).
    pub fn with_image(payload: &[u8]) -> Pdf {
        let mut pdf = Pdf::new(1);
        let image = pdf.id();
        let page = pdf.pages[0];
        let content = pdf.content_id(0);
        let side = 1024;
        let rows = payload.len() / (side * 3);
        let dict = format!(
            "/Type /XObject /Subtype /Image /Width {side} /Height {rows} /ColorSpace /DeviceRGB /BitsPerComponent 8"
        );
        let drawn = "q 400 0 0 300 100 300 cm /Im0 Do Q BT /F1 14 Tf 72 760 Td (Phu luc anh chup) Tj ET";
        let mut objects = vec![
            (image, stream(&dict, &payload[..rows * side * 3])),
            (content, stream("", drawn.as_bytes())),
        ];
        let mut page_dict = String::from_utf8(pdf.page_dict(0, content)).expect("ASCII");
        page_dict = page_dict.replace(
            &format!("/Font << /F1 {FONT} 0 R >>"),
            &format!("/Font << /F1 {FONT} 0 R >> /XObject << /Im0 {image} 0 R >>"),
        );
        objects.push((page, page_dict.into_bytes()));
        pdf.append(objects);
        pdf
    }

    fn id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    fn content_id(&self, page: usize) -> u32 {
        self.pages[page] + 1
    }

    fn page_dict(&self, page: usize, content: u32) -> Vec<u8> {
        let annots = if self.annots[page].is_empty() {
            String::new()
        } else {
            let refs: Vec<String> = self.annots[page].iter().map(|a| format!("{a} 0 R")).collect();
            format!(" /Annots [{}]", refs.join(" "))
        };
        format!(
            "<< /Type /Page /Parent {PAGES} 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R /Resources << /Font << /F1 {FONT} 0 R >> >>{annots} >>"
        )
        .into_bytes()
    }

    /// Appends objects as one revision with a classic cross-reference table.
    fn append(&mut self, objects: Vec<(u32, Vec<u8>)>) {
        let mut offsets = Vec::new();
        for (id, body) in objects {
            if !self.bytes.ends_with(b"\n") {
                self.bytes.push(b'\n');
            }
            offsets.push((id, self.bytes.len()));
            self.bytes.extend_from_slice(format!("{id} 0 obj\n").as_bytes());
            self.bytes.extend_from_slice(&body);
            self.bytes.extend_from_slice(b"\nendobj\n");
        }
        offsets.sort();
        let xref = self.bytes.len();
        let mut table = String::from("xref\n");
        if self.last_xref == 0 {
            table.push_str("0 1\n0000000000 65535 f \n");
        }
        for (id, offset) in &offsets {
            table.push_str(&format!("{id} 1\n{offset:010} 00000 n \n"));
        }
        let prev = if self.last_xref == 0 {
            String::new()
        } else {
            format!(" /Prev {}", self.last_xref)
        };
        table.push_str(&format!(
            "trailer\n<< /Size {} /Root {CATALOG} 0 R{prev} >>\nstartxref\n{xref}\n%%EOF\n",
            self.next_id
        ));
        self.bytes.extend_from_slice(table.as_bytes());
        self.last_xref = xref;
    }

    /// Appends a revision that changes page 1's text, as a forger would.
    pub fn tamper(&mut self) {
        let content = self.content_id(0);
        let objects = vec![(
            content,
            stream("", b"BT /F1 14 Tf 72 760 Td (Cong van so 999/BTC-VP) Tj ET"),
        )];
        self.append(objects);
    }

    /// Signs the document as it stands, in a new revision.
    pub fn sign(&mut self, who: &Identity, how: &Sign<'_>) {
        let sig = self.id();
        let widget = self.id();
        let page_index = how.page - 1;
        let mut objects = Vec::new();
        let rect = how.rect.unwrap_or([0.0, 0.0, 0.0, 0.0]);
        let mut ap = String::new();
        if how.rect.is_some() {
            let (w, h) = (rect[2] - rect[0], rect[3] - rect[1]);
            let appearance = self.id();
            let mut resources = format!("/Font << /F1 {FONT} 0 R >>");
            let mut content = String::new();
            if how.with_image {
                let image = self.id();
                objects.push((
                    image,
                    stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceRGB /BitsPerComponent 8", &[0, 0, 255]),
                ));
                resources.push_str(&format!(" /XObject << /Im1 {image} 0 R >>"));
                content.push_str(&format!("q {w} 0 0 {h} 0 0 cm /Im1 Do Q\n"));
            }
            if let Some(text) = how.text {
                content.push_str(&format!("BT /F1 7 Tf 2 4 Td ({text}) Tj ET\n"));
            }
            objects.push((
                appearance,
                stream(
                    &format!(
                        "/Type /XObject /Subtype /Form /BBox [0 0 {w} {h}] /Resources << {resources} >>"
                    ),
                    content.as_bytes(),
                ),
            ));
            ap = format!(" /AP << /N {appearance} 0 R >>");
        }
        let page = self.pages[page_index];
        objects.push((
            widget,
            format!(
                "<< /Type /Annot /Subtype /Widget /FT /Sig /F 132 /T ({}) /V {sig} 0 R /Rect [{} {} {} {}] /P {page} 0 R{ap} >>",
                how.field, rect[0], rect[1], rect[2], rect[3]
            )
            .into_bytes(),
        ));
        self.annots[page_index].push(widget);
        self.fields.push(widget);
        let content = self.content_id(page_index);
        objects.push((page, self.page_dict(page_index, content)));
        let acroform = match self.acroform {
            Some(id) => id,
            None => {
                let id = self.id();
                self.acroform = Some(id);
                id
            }
        };
        let fields: Vec<String> = self.fields.iter().map(|f| format!("{f} 0 R")).collect();
        objects.push((
            acroform,
            format!("<< /Fields [{}] /SigFlags 3 >>", fields.join(" ")).into_bytes(),
        ));
        objects.push((
            CATALOG,
            format!("<< /Type /Catalog /Pages {PAGES} 0 R /AcroForm {acroform} 0 R >>").into_bytes(),
        ));
        let placeholder_range = "/ByteRange [0 0000000000 0000000000 0000000000]";
        let placeholder_contents = format!("/Contents <{}>", "0".repeat(CONTENTS_ROOM * 2));
        objects.push((
            sig,
            format!(
                "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached {placeholder_range} {placeholder_contents} /M ({}) >>",
                how.recorded
            )
            .into_bytes(),
        ));
        let start = self.bytes.len();
        self.append(objects);
        // Fill in the byte range, then the signature over it.
        let range_at = start + find(&self.bytes[start..], placeholder_range.as_bytes());
        let contents_at = start + find(&self.bytes[start..], b"/Contents <") + "/Contents ".len();
        let contents_end = contents_at + CONTENTS_ROOM * 2 + 2;
        let range = [0, contents_at, contents_end, self.bytes.len() - contents_end];
        let written = format!(
            "/ByteRange [0 {:<10} {:<10} {:<10}]",
            range[1], range[2], range[3]
        );
        assert_eq!(written.len(), placeholder_range.len());
        self.bytes[range_at..range_at + written.len()].copy_from_slice(written.as_bytes());
        let digest = Sha256::new()
            .chain_update(&self.bytes[..range[1]])
            .chain_update(&self.bytes[range[2]..])
            .finalize();
        let cms = cms_signature(who, &digest, how.signed_at);
        assert!(cms.len() <= CONTENTS_ROOM, "the CMS fits the room left for it");
        let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
        self.bytes[contents_at + 1..contents_at + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    }
}

fn stream(dict: &str, content: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", content.len()).into_bytes();
    out.extend_from_slice(content);
    out.extend_from_slice(b"\nendstream");
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("the placeholder is in the revision")
}

/// A detached CMS SignedData over `digest`, with the signer's chain and a signing time.
pub fn cms_signature(who: &Identity, digest: &[u8], signed_at: &str) -> Vec<u8> {
    let content = EncapsulatedContentInfo {
        econtent_type: const_oid::db::rfc5911::ID_DATA,
        econtent: None,
    };
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: who.cert.tbs_certificate.issuer.clone(),
        serial_number: who.cert.tbs_certificate.serial_number.clone(),
    });
    let sha256 = AlgorithmIdentifierOwned {
        oid: const_oid::db::rfc5912::ID_SHA_256,
        parameters: None,
    };
    let mut signer =
        SignerInfoBuilder::new(&who.key, sid, sha256.clone(), &content, Some(digest)).expect("a signer info");
    let at: DateTime<Utc> = signed_at.parse().expect("a time");
    let time = UtcTime::from_unix_duration(Duration::from_secs(at.timestamp() as u64)).expect("a UTC time");
    let mut values = SetOfVec::new();
    values
        .insert(Any::from_der(&time.to_der().expect("DER")).expect("an attribute value"))
        .expect("one value");
    signer
        .add_signed_attribute(x509_cert::attr::Attribute {
            oid: const_oid::db::rfc5911::ID_SIGNING_TIME,
            values,
        })
        .expect("a signing time");
    let mut builder = SignedDataBuilder::new(&content);
    builder.add_digest_algorithm(sha256).expect("a digest algorithm");
    builder
        .add_certificate(CertificateChoices::Certificate(who.cert.clone()))
        .expect("the signer's certificate");
    for cert in &who.chain {
        builder
            .add_certificate(CertificateChoices::Certificate(cert.clone()))
            .expect("a chain certificate");
    }
    builder
        .add_signer_info::<SigningKey, DerSignature>(signer)
        .expect("a signer");
    builder.build().expect("a SignedData").to_der().expect("DER")
}
