//! Evidence files of records (issue 12; docs/rules.md, "Evidence files"): attach, list,
//! download, remove, reuse an earlier file of the same organisation, the outcome the files
//! suggest, and the trusted roots of the signature check. Who may see a record's files is who
//! may see the record; who may change them is its assigned inspector or a reviewer of the
//! round, while the round is open and the record is not approved.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use chrono::NaiveDate;
use scorecard_api::evidence::{FileView, PdfAnalysis, Suggestion, TrustRootView, TrustRoots};
use scorecard_domain::{Lang, Role, Round, RoundState};
use scorecard_evidence::rules::Overall;
use scorecard_evidence::{FileKind, TrustStore};
use scorecard_store::{NewBlob, NewFile, RecordFilter, RecordKey, StoreError, StoredFile, TrustRoot};
use tokio::sync::Semaphore;

use crate::access::{may_write_assigned, record_scope};
use crate::error::capitalised;
use crate::{Service, ServiceError, Who};

/// Limits of uploads (docs/rules.md, "Evidence files").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileLimits {
    pub max_file_bytes: u64,
    pub max_files_per_record: usize,
}

impl Default for FileLimits {
    fn default() -> Self {
        FileLimits {
            max_file_bytes: 20 * 1024 * 1024,
            max_files_per_record: 20,
        }
    }
}

/// Runs the signature check of a PDF. The server runs it in a separate process with bounded
/// memory and time; [`InProcess`] runs it on a blocking thread, for the command line and tests.
#[async_trait]
pub trait Analyser: Send + Sync {
    /// The analysis of the PDF at `file` with the trusted roots in `roots_pem`.
    async fn analyse(&self, file: &Path, roots_pem: &str) -> PdfAnalysis;
}

/// The analysis on a blocking thread of this process, at most `permits` at a time.
pub struct InProcess {
    permits: Semaphore,
}

impl InProcess {
    pub fn new(permits: usize) -> InProcess {
        InProcess {
            permits: Semaphore::new(permits.max(1)),
        }
    }
}

#[async_trait]
impl Analyser for InProcess {
    async fn analyse(&self, file: &Path, roots_pem: &str) -> PdfAnalysis {
        let _permit = self.permits.acquire().await;
        let (file, roots) = (file.to_path_buf(), roots_pem.to_owned());
        let outcome = tokio::task::spawn_blocking(move || {
            let bytes = std::fs::read(&file)?;
            Ok::<_, std::io::Error>(scorecard_evidence::analyse(
                &bytes,
                &TrustStore::from_bundle(roots.as_bytes()).unwrap_or_default(),
            ))
        })
        .await;
        match outcome {
            Ok(Ok(analysis)) => analysis,
            Ok(Err(err)) => cannot_analyse(
                &format!("the file cannot be read ({err})"),
                &format!("không đọc được tệp ({err})"),
            ),
            Err(_) => cannot_analyse("the analysis failed", "việc phân tích bị lỗi"),
        }
    }
}

/// The answer for a file the analysis could not finish, with the reason.
pub fn cannot_analyse(en: &str, vi: &str) -> PdfAnalysis {
    scorecard_evidence::pdf::not_analysable(
        format!("cannot analyse: {en}"),
        format!("Không phân tích được: {vi}."),
    )
}

/// An uploaded file waiting in a temporary file for the service to take it.
#[derive(Debug, Clone)]
pub struct Upload {
    pub path: PathBuf,
    pub size: u64,
    /// The SHA-256 of its bytes, computed as it arrived.
    pub sha256: String,
    /// The name the person's computer gave it.
    pub name: String,
    pub document_date: Option<NaiveDate>,
}

/// A file to hand out: what it is, and where its content is.
pub struct FileDownload {
    pub file: FileView,
    store: Arc<dyn scorecard_store::Store>,
}

impl FileDownload {
    /// Chunk `seq` of the content, from 0; `None` after the last.
    pub async fn chunk(&self, seq: i64) -> Result<Option<Vec<u8>>, ServiceError> {
        Ok(self.store.blob_chunk(&self.file.sha256, seq).await?)
    }
}

/// A file name as stored and shown: the last part of a path, without control characters,
/// at most 200 characters; a name with nothing left becomes "tệp".
pub fn clean_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    if trimmed.is_empty() {
        "tệp".to_owned()
    } else {
        trimmed.to_owned()
    }
}

fn view_of(file: StoredFile) -> FileView {
    let kind = FileKind::from_media_type(&file.media_type).map_or("?", FileKind::label);
    let analysis = file
        .analysis
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok());
    FileView {
        id: file.id,
        round: file.key.round,
        organization: file.key.organization,
        criterion: file.key.criterion,
        name: file.name,
        size: file.size,
        media_type: file.media_type,
        kind: kind.to_owned(),
        sha256: file.sha256,
        document_date: file.document_date,
        uploaded_by: file.uploaded_by,
        uploaded_at: file.uploaded_at,
        analysis,
    }
}

fn file_missing(id: i64) -> ServiceError {
    ServiceError::not_found(format!("tệp số {id}"), format!("File {id}"))
}

fn frozen() -> ServiceError {
    ServiceError::Conflict {
        detail_vi: "Kết quả đã được duyệt nên không thể thêm hay gỡ tệp kiểm chứng.".into(),
        detail_en: "The record is approved, so its evidence files cannot be added or removed.".into(),
    }
}

fn not_open(round: &Round) -> ServiceError {
    ServiceError::Conflict {
        detail_vi: format!(
            "Đợt kiểm tra `{}` không mở nên không thể thay đổi tệp kiểm chứng.",
            round.id
        ),
        detail_en: format!(
            "Round `{}` is not open, so evidence files cannot change.",
            round.id
        ),
    }
}

impl Service {
    /// The file limits in force.
    pub fn file_limits(&self) -> FileLimits {
        self.evidence.limits
    }

    /// Who may change the files of a record: its assigned inspector, or a reviewer of the
    /// round, while the round is open. Checked before an upload is read.
    pub async fn may_change_files(
        &self,
        who: &Who,
        round: &str,
        org: &str,
        criterion: &str,
    ) -> Result<RecordKey, ServiceError> {
        let target = self.target(round, org, criterion).await?;
        if target.round.state != RoundState::Open {
            return Err(not_open(&target.round));
        }
        if who.role() == Some(Role::Unit) {
            self.may_unit_change_files(who, round, org).await?;
        } else if !who.is_command() {
            let assignments = self.store().assignments(&target.round.id).await?;
            let inspector = may_write_assigned(&assignments, who, &target.key.organization);
            if inspector.is_ok() {
                self.may_inspect_now(&target.round, target.reference).await?;
            }
            let reviewer = who.role() == Some(Role::Reviewer)
                && crate::access::may_review(self.store(), who, &target.round)
                    .await
                    .is_ok();
            if inspector.is_err() && !reviewer {
                return Err(inspector.err().unwrap_or(ServiceError::Forbidden));
            }
        }
        Ok(target.key)
    }

    /// Attaches an uploaded file to a record: its type is read from its content (anything but
    /// the accepted types is refused), a PDF is analysed, the content is stored once under its
    /// hash, and the attachment is audited.
    pub async fn attach_upload(
        &self,
        who: &Who,
        round: &str,
        org: &str,
        criterion: &str,
        upload: Upload,
    ) -> Result<FileView, ServiceError> {
        let key = self.may_change_files(who, round, org, criterion).await?;
        let limits = self.evidence.limits;
        if upload.size > limits.max_file_bytes {
            return Err(too_large(limits.max_file_bytes));
        }
        self.refuse_when_full(&key).await?;
        self.keep_content(&upload).await?;
        self.attach(
            who,
            key,
            upload.sha256,
            clean_name(&upload.name),
            upload.document_date,
        )
        .await
    }

    async fn refuse_when_full(&self, key: &RecordKey) -> Result<(), ServiceError> {
        let limit = self.evidence.limits.max_files_per_record;
        let count = self
            .store()
            .files(&key.round, Some(&key.organization))
            .await?
            .iter()
            .filter(|f| f.key.criterion == key.criterion)
            .count();
        if count >= limit {
            return Err(ServiceError::Conflict {
                detail_vi: format!(
                    "Mỗi kết quả có tối đa {limit} tệp kiểm chứng; hãy gỡ bớt tệp trước khi thêm."
                ),
                detail_en: format!(
                    "A record holds at most {limit} evidence files; remove one before adding another."
                ),
            });
        }
        Ok(())
    }

    async fn attach(
        &self,
        who: &Who,
        key: RecordKey,
        sha256: String,
        name: String,
        document_date: Option<NaiveDate>,
    ) -> Result<FileView, ServiceError> {
        let file = NewFile {
            key,
            sha256,
            name,
            document_date,
            uploaded_by: who
                .user
                .as_ref()
                .map_or_else(|| "system".to_owned(), |u| u.username.clone()),
        };
        match self.store().attach_file(&file, &who.actor()?).await {
            Ok(stored) => Ok(view_of(stored)),
            Err(StoreError::RecordApproved) => Err(frozen()),
            Err(StoreError::AlreadyExists { .. }) => Err(ServiceError::Conflict {
                detail_vi: "Tệp này đã được đính kèm vào kết quả này.".into(),
                detail_en: "This file is already attached to this record.".into(),
            }),
            Err(other) => Err(other.into()),
        }
    }

    /// Attaches a file already attached to one of the same organisation's records (of any
    /// round the caller may see), without uploading it again.
    pub async fn reuse_file(
        &self,
        who: &Who,
        round: &str,
        org: &str,
        criterion: &str,
        from: i64,
        document_date: Option<NaiveDate>,
    ) -> Result<FileView, ServiceError> {
        let key = self.may_change_files(who, round, org, criterion).await?;
        let earlier = self.file(who, from).await?;
        if earlier.organization != key.organization {
            return Err(ServiceError::bad_request(
                "from",
                "Chỉ dùng lại được tệp của chính đơn vị này.",
                "Only a file of the same organisation can be reused.",
            ));
        }
        self.refuse_when_full(&key).await?;
        self.attach(
            who,
            key,
            earlier.sha256,
            earlier.name,
            document_date.or(earlier.document_date),
        )
        .await
    }

    /// The files of a round the caller may see: those of the records they may read.
    pub async fn files(
        &self,
        who: &Who,
        round: &str,
        org: Option<&str>,
    ) -> Result<Vec<FileView>, ServiceError> {
        let round = crate::lookup::round(self.store(), round).await?;
        let scope = record_scope(self.store(), who, &round).await?;
        let organization = match org {
            Some(org) => {
                let organizations = self.store().organizations().await?;
                Some(crate::lookup::organization(&organizations, org)?.id.clone())
            }
            None => None,
        };
        let filter = RecordFilter {
            organization: organization.clone(),
            ..RecordFilter::default()
        };
        let states: std::collections::HashMap<(String, String), scorecard_domain::RecordState> = self
            .store()
            .records(&round.id, &filter)
            .await?
            .into_iter()
            .map(|r| {
                (
                    (r.record.organization.to_string(), r.record.criterion.to_string()),
                    r.record.state,
                )
            })
            .collect();
        let files = self.store().files(&round.id, organization.as_ref()).await?;
        Ok(files
            .into_iter()
            .filter(|f| {
                let state = states
                    .get(&(f.key.organization.to_string(), f.key.criterion.to_string()))
                    .copied()
                    .unwrap_or(scorecard_domain::RecordState::Draft);
                scope.shows(&f.key.organization, state)
            })
            .map(view_of)
            .collect())
    }

    /// One file the caller may see.
    pub async fn file(&self, who: &Who, id: i64) -> Result<FileView, ServiceError> {
        let stored = self.store().file(id).await?.ok_or_else(|| file_missing(id))?;
        let round = self
            .store()
            .round(&stored.key.round)
            .await?
            .ok_or_else(|| file_missing(id))?;
        let scope = record_scope(self.store(), who, &round).await?;
        let state = self
            .store()
            .record(&stored.key)
            .await?
            .map_or(scorecard_domain::RecordState::Draft, |r| r.record.state);
        if !scope.shows(&stored.key.organization, state) {
            return Err(file_missing(id));
        }
        Ok(view_of(stored))
    }

    /// A file the caller may see, to hand out chunk by chunk.
    pub async fn download_file(&self, who: &Who, id: i64) -> Result<FileDownload, ServiceError> {
        let file = self.file(who, id).await?;
        Ok(FileDownload {
            file,
            store: self.store.clone(),
        })
    }

    /// Removes a file from its record (audited; the content stays for the audit trail).
    pub async fn remove_file(&self, who: &Who, id: i64) -> Result<FileView, ServiceError> {
        let file = self.file(who, id).await?;
        // A unit's contact removes only what it uploaded, never the inspectors' evidence.
        if who.role() == Some(Role::Unit)
            && who.user.as_ref().map(|u| u.username.as_str()) != Some(file.uploaded_by.as_str())
        {
            return Err(ServiceError::Forbidden);
        }
        self.may_change_files(
            who,
            file.round.as_str(),
            file.organization.as_str(),
            file.criterion.as_str(),
        )
        .await?;
        match self.store().remove_file(id, &who.actor()?).await {
            Ok(removed) => Ok(view_of(removed)),
            Err(StoreError::RecordApproved) => Err(frozen()),
            Err(StoreError::Missing { .. }) => Err(file_missing(id)),
            Err(other) => Err(other.into()),
        }
    }

    /// The outcome a record's PDFs suggest for a pass/fail criterion (docs/rules.md,
    /// "Signature check"): the inspector decides.
    pub async fn suggest_outcome(
        &self,
        who: &Who,
        round: &str,
        org: &str,
        criterion: &str,
    ) -> Result<Suggestion, ServiceError> {
        let target = self.target(round, org, criterion).await?;
        let files = self.files(who, round, Some(org)).await?;
        let pdfs: Vec<(String, PdfAnalysis)> = files
            .into_iter()
            .filter(|f| f.criterion == target.key.criterion)
            .filter_map(|f| f.analysis.map(|a| (f.name, a)))
            .collect();
        Ok(scorecard_evidence::suggest(
            pdfs.iter().map(|(name, a)| (name.as_str(), a)),
        ))
    }

    async fn roots_pem(&self) -> Result<String, ServiceError> {
        Ok(self
            .store()
            .trust_roots()
            .await?
            .into_iter()
            .map(|root| root.pem)
            .collect::<Vec<_>>()
            .join("\n"))
    }

    /// The trusted roots (admins).
    pub async fn trust_roots(&self, who: &Who) -> Result<Vec<TrustRootView>, ServiceError> {
        require_admin(who)?;
        Ok(self.store().trust_roots().await?.iter().map(root_view).collect())
    }

    /// Adds the root certificates of a PEM or DER file, then checks every stored PDF again.
    pub async fn add_trust_roots(&self, who: &Who, bytes: &[u8]) -> Result<TrustRoots, ServiceError> {
        require_admin(who)?;
        let certificates = TrustStore::parse_certificates(bytes).map_err(|err| {
            ServiceError::bad_request(
                "file",
                err.vietnamese(),
                format!("{}.", capitalised(&err.to_string())),
            )
        })?;
        let known = self.store().trust_roots().await?;
        for cert in certificates {
            let summary = scorecard_evidence::trust::summary(&cert);
            if known.iter().any(|k| k.sha256 == summary.sha256) {
                continue;
            }
            let pem = scorecard_evidence::trust::pem(&cert).map_err(|err| {
                ServiceError::bad_request(
                    "file",
                    format!("Không đọc được chứng thư số: {err}"),
                    format!("The certificate cannot be read: {err}."),
                )
            })?;
            let root = TrustRoot {
                sha256: summary.sha256,
                subject: summary.subject,
                pem,
                added_at: String::new(),
            };
            match self.store().add_trust_root(&root, &who.actor()?).await {
                Ok(()) | Err(StoreError::AlreadyExists { .. }) => {}
                Err(other) => return Err(other.into()),
            }
        }
        self.recheck(who).await
    }

    /// Removes a trusted root, then checks every stored PDF again.
    pub async fn remove_trust_root(&self, who: &Who, sha256: &str) -> Result<TrustRoots, ServiceError> {
        require_admin(who)?;
        match self.store().remove_trust_root(sha256, &who.actor()?).await {
            Ok(()) => {}
            Err(StoreError::Missing { .. }) => {
                return Err(ServiceError::not_found(
                    format!("chứng thư gốc `{sha256}`"),
                    format!("Trusted root `{sha256}`"),
                ));
            }
            Err(other) => return Err(other.into()),
        }
        self.recheck(who).await
    }

    /// Every stored PDF analysed again with the trusted roots as they are now.
    async fn recheck(&self, who: &Who) -> Result<TrustRoots, ServiceError> {
        let roots = self.roots_pem().await?;
        let pdfs = self.store().blobs_of_type(FileKind::Pdf.media_type()).await?;
        let mut analyses = Vec::new();
        for (sha256, _) in &pdfs {
            let temporary = self.content_to_temporary_file(sha256).await?;
            let analysis = self.evidence.analyser.analyse(temporary.path(), &roots).await;
            let json = serde_json::to_string(&analysis)
                .map_err(|e| ServiceError::Internal(format!("analysis: {e}")))?;
            analyses.push((sha256.clone(), json));
        }
        self.store().set_analyses(&analyses, &who.actor()?).await?;
        Ok(TrustRoots {
            roots: self.store().trust_roots().await?.iter().map(root_view).collect(),
            rechecked: analyses.len(),
        })
    }

    async fn content_to_temporary_file(&self, sha256: &str) -> Result<tempfile::NamedTempFile, ServiceError> {
        use tokio::io::AsyncWriteExt;
        let temporary = tempfile::NamedTempFile::new()
            .map_err(|e| ServiceError::Internal(format!("file content: {e}")))?;
        let mut out = tokio::fs::File::create(temporary.path())
            .await
            .map_err(|e| ServiceError::Internal(format!("file content: {e}")))?;
        for seq in 0.. {
            let Some(chunk) = self.store().blob_chunk(sha256, seq).await? else {
                break;
            };
            out.write_all(&chunk)
                .await
                .map_err(|e| ServiceError::Internal(format!("file content: {e}")))?;
        }
        out.flush()
            .await
            .map_err(|e| ServiceError::Internal(format!("file content: {e}")))?;
        Ok(temporary)
    }
}

/// A ZIP of evidence files with its manifest, in a temporary file (deleted when dropped).
pub struct EvidenceArchive {
    pub file: tempfile::NamedTempFile,
    pub file_name: String,
    pub size: u64,
    /// How many evidence files it holds.
    pub files: usize,
}

/// A name safe as a path inside an archive: no folders, no `..`, no control characters.
fn archive_name(name: &str) -> String {
    let cleaned: String = clean_name(name)
        .chars()
        .map(|c| if matches!(c, '/' | '\\' | ':') { '_' } else { c })
        .collect();
    if cleaned == ".." || cleaned == "." {
        "tệp".to_owned()
    } else {
        cleaned
    }
}

impl Service {
    /// The evidence files of a round (or of one organisation in it) that the caller may see, as a
    /// ZIP: `ORG/CRITERION/NAME` for each file, and `manifest.csv` (record, path in the archive,
    /// name, size, SHA-256, document date, verdict in a word and in both languages), so that the
    /// files can be archived with the briefing and checked against their hashes.
    pub async fn evidence_archive(
        &self,
        who: &Who,
        round: &str,
        org: Option<&str>,
    ) -> Result<EvidenceArchive, ServiceError> {
        use std::io::Write;
        let files = self.files(who, round, org).await?;
        let round = crate::lookup::round(self.store(), round).await?;
        let internal = |e: &dyn std::fmt::Display| ServiceError::Internal(format!("evidence archive: {e}"));
        let temporary = tempfile::NamedTempFile::new().map_err(|e| internal(&e))?;
        let mut zip = zip::ZipWriter::new(temporary.reopen().map_err(|e| internal(&e))?);
        // Evidence is PDFs, images and office files, compressed already: stored as they are.
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(true);
        let mut manifest = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(vec![0xEF, 0xBB, 0xBF]);
        manifest
            .write_record([
                "record",
                "path",
                "name",
                "size",
                "sha256",
                "document_date",
                "verdict",
                "verdict_vi",
                "verdict_en",
            ])
            .map_err(|e| internal(&e))?;
        let mut used = std::collections::HashSet::new();
        for file in &files {
            let folder = format!("{}/{}", file.organization, file.criterion);
            let mut path = format!("{folder}/{}", archive_name(&file.name));
            if !used.insert(path.clone()) {
                path = format!("{folder}/{}-{}", file.id, archive_name(&file.name));
                used.insert(path.clone());
            }
            zip.start_file(path.as_str(), options).map_err(|e| internal(&e))?;
            for seq in 0.. {
                let Some(chunk) = self.store().blob_chunk(&file.sha256, seq).await? else {
                    break;
                };
                zip.write_all(&chunk).map_err(|e| internal(&e))?;
            }
            let analysis = file.analysis.as_ref();
            let record = format!("{}/{}/{}", file.round, file.organization, file.criterion);
            let guarded = scorecard_dataset::records_csv::guard(&file.name);
            let (size, date) = (
                file.size.to_string(),
                file.document_date.map(|d| d.to_string()).unwrap_or_default(),
            );
            let (vi, en) = (verdict_text(Lang::Vi, analysis), verdict_text(Lang::En, analysis));
            manifest
                .write_record([
                    record.as_str(),
                    path.as_str(),
                    &guarded,
                    &size,
                    &file.sha256,
                    &date,
                    verdict_code(analysis),
                    &scorecard_dataset::records_csv::guard(&vi),
                    &scorecard_dataset::records_csv::guard(&en),
                ])
                .map_err(|e| internal(&e))?;
        }
        let manifest = manifest.into_inner().map_err(|e| internal(&e))?;
        zip.start_file("manifest.csv", options)
            .map_err(|e| internal(&e))?;
        zip.write_all(&manifest).map_err(|e| internal(&e))?;
        zip.finish().map_err(|e| internal(&e))?;
        let size = temporary.as_file().metadata().map_err(|e| internal(&e))?.len();
        let file_name = match org {
            Some(org) => format!("egov-scorecard_{}_{org}_evidence.zip", round.id),
            None => format!("egov-scorecard_{}_evidence.zip", round.id),
        };
        self.record_export(who, &round, &file_name).await?;
        Ok(EvidenceArchive {
            file: temporary,
            file_name,
            size,
            files: files.len(),
        })
    }
}

fn require_admin(who: &Who) -> Result<(), ServiceError> {
    if who.is(&[Role::Admin]) {
        Ok(())
    } else if who.user.is_none() {
        Err(ServiceError::Unauthorized)
    } else {
        Err(ServiceError::Forbidden)
    }
}

fn root_view(root: &TrustRoot) -> TrustRootView {
    let not_after = TrustStore::parse_certificates(root.pem.as_bytes())
        .ok()
        .and_then(|certs| {
            certs
                .first()
                .map(|c| scorecard_evidence::trust::summary(c).not_after)
        })
        .unwrap_or_default();
    TrustRootView {
        sha256: root.sha256.clone(),
        subject: root.subject.clone(),
        not_after,
        added_at: root.added_at.clone(),
    }
}

/// A file's signature verdict in a word and its reasons, for exports: `pass`, `fail`,
/// `unknown`, `cannot-analyse`, or `not-checked` for a file that is not a PDF.
pub fn verdict_code(analysis: Option<&PdfAnalysis>) -> &'static str {
    match analysis.map(scorecard_evidence::rules::overall) {
        None => "not-checked",
        Some(Overall::CannotAnalyse) => "cannot-analyse",
        Some(Overall::Fails) => "fail",
        Some(Overall::Undecided) => "unknown",
        Some(Overall::Passes) => "pass",
    }
}

/// The verdict in `lang`, naming the rules that fail or cannot be told.
pub fn verdict_text(lang: Lang, analysis: Option<&PdfAnalysis>) -> String {
    use scorecard_api::evidence::Verdict;
    let Some(analysis) = analysis else {
        return lang
            .pick("không kiểm tra (không phải PDF)", "not checked (not a PDF)")
            .to_owned();
    };
    if !analysis.analysable {
        return lang
            .pick(
                analysis.error_vi.as_deref().unwrap_or("Không phân tích được."),
                analysis.error.as_deref().unwrap_or("cannot analyse"),
            )
            .to_owned();
    }
    let ids = |verdict: Verdict| -> Vec<&str> {
        analysis
            .rules
            .iter()
            .filter(|r| r.verdict == verdict && !(verdict == Verdict::Unknown && r.advisory))
            .map(|r| r.id.as_str())
            .collect()
    };
    let (failing, unknown) = (ids(Verdict::Fail), ids(Verdict::Unknown));
    let mut text = match scorecard_evidence::rules::overall(analysis) {
        Overall::Passes => lang.pick("đạt mọi quy tắc", "passes every rule").to_owned(),
        Overall::Fails => format!("{}: {}", lang.pick("không đạt", "fails"), failing.join(", ")),
        _ => format!(
            "{}: {}",
            lang.pick("chưa xác định", "cannot tell"),
            unknown.join(", ")
        ),
    };
    if !failing.is_empty() && !unknown.is_empty() {
        text.push_str(&format!(
            "; {}: {}",
            lang.pick("chưa xác định", "cannot tell"),
            unknown.join(", ")
        ));
    }
    text
}

/// That an upload is larger than the limit.
pub fn too_large(limit: u64) -> ServiceError {
    let megabytes = limit / (1024 * 1024);
    ServiceError::bad_request(
        "file",
        format!("Tệp lớn hơn giới hạn {megabytes} MB."),
        format!("The file is larger than the {megabytes} MB limit."),
    )
}

/// The evidence settings of a service: limits and the analyser.
#[derive(Clone)]
pub struct EvidenceSettings {
    pub limits: FileLimits,
    pub analyser: Arc<dyn Analyser>,
}

impl Default for EvidenceSettings {
    fn default() -> Self {
        EvidenceSettings {
            limits: FileLimits::default(),
            analyser: Arc::new(InProcess::new(2)),
        }
    }
}

impl Service {
    /// Keeps an uploaded file's content under its hash, once: its type read from its content
    /// (anything but the accepted types is refused), a PDF analysed. For evidence files and
    /// for the files of a finding's follow-up.
    pub(crate) async fn keep_content(&self, upload: &Upload) -> Result<(), ServiceError> {
        let path = upload.path.clone();
        let kind = tokio::task::spawn_blocking(move || scorecard_evidence::sniff_file(&path))
            .await
            .map_err(|_| {
                ServiceError::bad_request("file", "Không đọc được tệp.", "The file could not be read.")
            })?
            .map_err(|_| {
                ServiceError::bad_request("file", "Không đọc được tệp.", "The file could not be read.")
            })?
            .map_err(|refused| {
                ServiceError::bad_request(
                    "file",
                    refused.vietnamese(),
                    format!("{}.", capitalised(&refused.to_string())),
                )
            })?;
        if !self.store().blob_exists(&upload.sha256).await? {
            let analysis = match kind {
                FileKind::Pdf => {
                    let roots = self.roots_pem().await?;
                    let analysis = self.evidence.analyser.analyse(&upload.path, &roots).await;
                    Some(
                        serde_json::to_string(&analysis)
                            .map_err(|e| ServiceError::Internal(format!("analysis: {e}")))?,
                    )
                }
                _ => None,
            };
            let blob = NewBlob {
                sha256: &upload.sha256,
                media_type: kind.media_type(),
                size: i64::try_from(upload.size).unwrap_or(i64::MAX),
                analysis: analysis.as_deref(),
            };
            let mut content = tokio::fs::File::open(&upload.path).await.map_err(|_| {
                ServiceError::bad_request("file", "Không đọc được tệp.", "The file could not be read.")
            })?;
            self.store().put_blob(&blob, &mut content).await?;
        }
        Ok(())
    }

    /// A file to hand out from what the store holds of it.
    pub(crate) fn download_of(&self, file: FileView) -> FileDownload {
        FileDownload {
            file,
            store: self.store.clone(),
        }
    }
}
