//! Findings (docs/rules.md, "Findings"): made when a round is published, from its official
//! figures; read by the team and by each unit for itself; reported on by the unit, reviewed by
//! admins and reviewers; listed across organisations and exported as a workbook.

use scorecard_api::evidence::FileView;
use scorecard_api::{FindingReportBody, FindingReportView, FindingReviewBody, FindingView};
use scorecard_briefing::Lang;
use scorecard_briefing::xlsx::{FindingRow, findings_workbook};
use scorecard_domain::findings::{default_due_date, is_overdue, unmet_mandatory};
use scorecard_domain::{OrgId, Record, Role, Round, View};
use scorecard_store::{
    FindingFile, FindingFilter, NewFinding, RecordFilter, RecordKey, StoreError, StoredFinding,
};

use crate::exports::{Download, today_in_viet_nam};
use crate::reports::RoundInputs;
use crate::{Service, ServiceError, Who, lookup};

/// The longest report or review note, in characters.
const MAX_TEXT: usize = 4_000;

/// Which findings a list asks for.
#[derive(Debug, Clone, Default)]
pub struct FindingQuery {
    pub round: Option<String>,
    pub organization: Option<String>,
    /// `open`, `overdue` or `closed`.
    pub state: Option<String>,
    pub criterion: Option<String>,
}

/// A file of a finding's follow-up, shown as evidence files are (its record: the finding's).
fn file_view(finding: &StoredFinding, file: &FindingFile) -> FileView {
    let kind = scorecard_evidence::FileKind::from_media_type(&file.media_type)
        .map_or("?", scorecard_evidence::FileKind::label)
        .to_owned();
    FileView {
        id: file.id,
        round: finding.key.round.clone(),
        organization: finding.key.organization.clone(),
        criterion: finding.key.criterion.clone(),
        name: file.name.clone(),
        size: file.size,
        media_type: file.media_type.clone(),
        kind,
        sha256: file.sha256.clone(),
        document_date: None,
        uploaded_by: file.uploaded_by.clone(),
        uploaded_at: file.uploaded_at.clone(),
        analysis: None,
    }
}

pub(crate) fn view_of(finding: StoredFinding) -> FindingView {
    let overdue = is_overdue(finding.open, finding.due_on, today_in_viet_nam());
    let files = finding.files.iter().map(|f| file_view(&finding, f)).collect();
    FindingView {
        files,
        id: finding.id,
        round: finding.key.round,
        organization: finding.key.organization,
        criterion: finding.key.criterion,
        legal_basis: finding.legal_basis,
        note: finding.note,
        due_on: finding.due_on,
        state: if finding.open { "open" } else { "closed" }.to_owned(),
        overdue,
        created_at: finding.created_at,
        reviewed_by: finding.reviewed_by,
        reviewed_at: finding.reviewed_at,
        review_note: finding.review_note,
        reports: finding
            .reports
            .into_iter()
            .map(|r| FindingReportView {
                text: r.text,
                reported_by: r.reported_by,
                reported_at: r.reported_at,
            })
            .collect(),
    }
}

fn closed() -> ServiceError {
    ServiceError::conflict(
        "Kiến nghị này đã đóng: không báo cáo thêm được.",
        "This finding is closed: nothing more can be reported on it.",
    )
}

fn checked_text(field: &str, text: &str, required: bool) -> Result<String, ServiceError> {
    let text = text.trim();
    if (required && text.is_empty()) || text.chars().count() > MAX_TEXT {
        return Err(ServiceError::bad_request(
            field,
            format!("Hãy ghi nội dung (tối đa {MAX_TEXT} ký tự)."),
            format!("Write the text (at most {MAX_TEXT} characters)."),
        ));
    }
    Ok(text.to_owned())
}

impl Service {
    /// The findings a round makes when it is published: every organisation's mandatory
    /// criteria not met in its official figures, with the legal basis, the inspector's note
    /// and the default due date.
    pub(crate) async fn findings_of(&self, round: &Round) -> Result<Vec<NewFinding>, ServiceError> {
        let store = self.store();
        let catalog = lookup::catalog_of(store, round).await?;
        let inputs = RoundInputs::load(store, round).await?;
        let scores = inputs.as_round_data(round).scores(View::Official);
        let rounds = store.rounds().await?;
        let catalogs = store.catalogs().await?;
        let family = |r: &Round| {
            catalogs
                .iter()
                .find(|c| c.id == r.catalog)
                .map(|c| c.family.as_str())
        };
        let due_on = default_due_date(round, &rounds, family);
        let records: Vec<Record> = store
            .records(&round.id, &RecordFilter::default())
            .await?
            .into_iter()
            .map(|s| s.record)
            .collect();
        let mut findings = Vec::new();
        for score in &scores {
            for criterion in unmet_mandatory(&catalog, score) {
                let record = records
                    .iter()
                    .find(|r| r.organization == score.organization && r.criterion == criterion.code);
                let note = record
                    .map(|r| {
                        [r.note.trim(), r.evidence.trim()]
                            .into_iter()
                            .filter(|t| !t.is_empty())
                            .collect::<Vec<_>>()
                            .join(" — ")
                    })
                    .unwrap_or_default();
                findings.push(NewFinding {
                    key: RecordKey {
                        round: round.id.clone(),
                        organization: score.organization.clone(),
                        criterion: criterion.code.clone(),
                    },
                    legal_basis: criterion.legal_basis.clone(),
                    note,
                    due_on,
                });
            }
        }
        Ok(findings)
    }

    /// The findings `who` may read that match: a unit's contact its own organisation's; the
    /// team every organisation's.
    pub async fn findings(&self, who: &Who, query: &FindingQuery) -> Result<Vec<FindingView>, ServiceError> {
        let user = if who.is_command() { None } else { Some(who.user()?) };
        let mut filter = FindingFilter::default();
        if let Some(round) = query.round.as_deref().filter(|r| !r.is_empty()) {
            filter.round = Some(lookup::round(self.store(), round).await?.id);
        }
        if let Some(org) = query.organization.as_deref().filter(|o| !o.is_empty()) {
            let organizations = self.store().organizations().await?;
            filter.organization = Some(lookup::organization(&organizations, org)?.id.clone());
        }
        if let Some(user) = user.filter(|u| u.role == Role::Unit) {
            let own = user.organization.clone().ok_or(ServiceError::Forbidden)?;
            match &filter.organization {
                Some(asked) if *asked != own => return Err(ServiceError::Forbidden),
                _ => filter.organization = Some(own),
            }
        }
        let state = query.state.as_deref().filter(|s| !s.is_empty());
        filter.open = match state {
            None => None,
            Some("open" | "overdue") => Some(true),
            Some("closed") => Some(false),
            Some(other) => {
                return Err(ServiceError::bad_request(
                    "state",
                    format!("Tình trạng `{other}` không có; chọn open, overdue hoặc closed."),
                    format!("There is no state `{other}`; choose open, overdue or closed."),
                ));
            }
        };
        let criterion = query.criterion.as_deref().filter(|c| !c.is_empty());
        Ok(self
            .store()
            .findings(&filter)
            .await?
            .into_iter()
            .filter(|f| criterion.is_none_or(|c| f.key.criterion.as_str() == c))
            .map(view_of)
            .filter(|f| state != Some("overdue") || f.overdue)
            .collect())
    }

    async fn finding_for(&self, who: &Who, id: i64) -> Result<StoredFinding, ServiceError> {
        let missing = || ServiceError::not_found(format!("kiến nghị số {id}"), format!("Finding {id}"));
        let finding = self.store().finding(id).await?.ok_or_else(missing)?;
        // A unit's contact does not learn that another organisation's finding exists.
        if let Some(user) = who.user.as_ref().filter(|u| u.role == Role::Unit)
            && user.organization.as_ref() != Some(&finding.key.organization)
        {
            return Err(missing());
        }
        Ok(finding)
    }

    /// The unit's report of what it did about one of its findings.
    pub async fn report_on_finding(
        &self,
        who: &Who,
        id: i64,
        body: FindingReportBody,
    ) -> Result<FindingView, ServiceError> {
        if who.role() != Some(Role::Unit) {
            return Err(ServiceError::Forbidden);
        }
        self.finding_for(who, id).await?;
        let text = checked_text("text", &body.text, true)?;
        match self.store().report_on_finding(id, &text, &who.actor()?).await {
            Ok(stored) => Ok(view_of(stored)),
            Err(StoreError::FindingClosed) => Err(closed()),
            Err(other) => Err(other.into()),
        }
    }

    /// Whether `who` may add a file to the follow-up of this finding: its organisation's
    /// contact, while it is open. Checked before the upload is read.
    pub async fn may_add_finding_file(&self, who: &Who, id: i64) -> Result<(), ServiceError> {
        if who.role() != Some(Role::Unit) {
            return Err(ServiceError::Forbidden);
        }
        let finding = self.finding_for(who, id).await?;
        if finding.open { Ok(()) } else { Err(closed()) }
    }

    /// Attaches an uploaded file to the unit's follow-up of a finding (typed by its content,
    /// kept once, audited).
    pub async fn attach_finding_upload(
        &self,
        who: &Who,
        id: i64,
        upload: crate::evidence::Upload,
    ) -> Result<FindingView, ServiceError> {
        self.may_add_finding_file(who, id).await?;
        let limit = self.file_limits().max_file_bytes;
        if upload.size > limit {
            return Err(crate::evidence::too_large(limit));
        }
        self.keep_content(&upload).await?;
        let name = crate::evidence::clean_name(&upload.name);
        let uploaded_by = who.user()?.username.clone();
        match self
            .store()
            .attach_finding_file(id, &upload.sha256, &name, &uploaded_by, &who.actor()?)
            .await
        {
            Ok(stored) => Ok(view_of(stored)),
            Err(StoreError::FindingClosed) => Err(closed()),
            Err(StoreError::AlreadyExists { .. }) => Err(ServiceError::conflict(
                "Tệp này đã được đính kèm vào kiến nghị này.",
                "This file is already attached to this finding.",
            )),
            Err(other) => Err(other.into()),
        }
    }

    /// One file of a finding's follow-up, for whoever may read the finding.
    pub async fn finding_file_download(
        &self,
        who: &Who,
        file: i64,
    ) -> Result<crate::evidence::FileDownload, ServiceError> {
        let missing = || ServiceError::not_found(format!("tệp số {file}"), format!("File {file}"));
        if !who.is_command() {
            who.user()?;
        }
        let stored = self.store().finding_file(file).await?.ok_or_else(missing)?;
        let finding = self
            .finding_for(who, stored.finding_id)
            .await
            .map_err(|_| missing())?;
        Ok(self.download_of(file_view(&finding, &stored)))
    }

    /// Sets a finding's due date (admins and reviewers), or clears it; only while it is open.
    pub async fn set_finding_due(
        &self,
        who: &Who,
        id: i64,
        body: scorecard_api::FindingDueBody,
    ) -> Result<FindingView, ServiceError> {
        if !who.is(&[Role::Admin, Role::Reviewer]) {
            return Err(ServiceError::Forbidden);
        }
        let finding = self.finding_for(who, id).await?;
        if !finding.open {
            return Err(ServiceError::conflict(
                "Kiến nghị này đã đóng: không đổi hạn được.",
                "This finding is closed: its due date cannot change.",
            ));
        }
        let due_on = body
            .due_on
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|text| crate::admin::parse_day("due_on", text))
            .transpose()?;
        Ok(view_of(
            self.store().set_finding_due(id, due_on, &who.actor()?).await?,
        ))
    }

    /// The team's review of a finding: closed, or kept open, with a note (required to keep it
    /// open, so the unit knows what is missing).
    pub async fn review_finding(
        &self,
        who: &Who,
        id: i64,
        body: FindingReviewBody,
    ) -> Result<FindingView, ServiceError> {
        if !who.is(&[Role::Admin, Role::Reviewer]) {
            return Err(ServiceError::Forbidden);
        }
        self.finding_for(who, id).await?;
        let note = checked_text("note", &body.note, !body.close)?;
        Ok(view_of(
            self.store()
                .review_finding(id, body.close, &note, &who.actor()?)
                .await?,
        ))
    }

    /// The findings that match as a workbook, in `lang`.
    pub async fn findings_xlsx(
        &self,
        who: &Who,
        query: &FindingQuery,
        lang: Lang,
    ) -> Result<Download, ServiceError> {
        let findings = self.findings(who, query).await?;
        let rows = self.finding_rows(&findings, lang).await?;
        let day = today_in_viet_nam();
        let title = format!(
            "{} — {}",
            lang.pick("Kiến nghị và việc khắc phục", "Findings and their follow-up"),
            day.format("%d/%m/%Y")
        );
        let bytes = tokio::task::spawn_blocking(move || findings_workbook(&rows, &title, lang))
            .await
            .map_err(|e| ServiceError::Internal(format!("findings workbook: {e}")))?
            .map_err(|e| ServiceError::Internal(format!("findings workbook: {e}")))?;
        let file_name = format!("kien-nghi_{}_{}.xlsx", lang.code(), day.format("%Y-%m-%d"));
        if who.role().is_some() {
            let change = scorecard_store::Change::new(
                "export.xlsx",
                "findings",
                serde_json::Value::Null,
                serde_json::json!({ "file": file_name }),
            );
            self.store().record_event(&change, &who.reader()).await?;
        }
        Ok(Download {
            bytes,
            file_name,
            content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        })
    }

    /// Findings as the documents list them, their texts in `lang`.
    pub(crate) async fn finding_rows(
        &self,
        findings: &[FindingView],
        lang: Lang,
    ) -> Result<Vec<FindingRow>, ServiceError> {
        let organizations = self.store().organizations().await?;
        let rounds = self.store().rounds().await?;
        let mut catalogs = Vec::new();
        for round in &rounds {
            if let Some(catalog) = self.store().catalog(&round.catalog).await? {
                catalogs.push((round.id.clone(), catalog));
            }
        }
        let org_name = |id: &OrgId| {
            organizations.iter().find(|o| &o.id == id).map_or_else(
                || id.to_string(),
                |o| lang.pick(&o.name_vi, &o.name_en).to_owned(),
            )
        };
        let rows: Vec<FindingRow> = findings
            .iter()
            .map(|f| {
                let criterion_name = catalogs
                    .iter()
                    .find(|(round, _)| *round == f.round)
                    .and_then(|(_, c)| c.criterion(&f.criterion))
                    .map(|c| lang.pick(&c.name_vi, &c.name_en).to_owned())
                    .unwrap_or_default();
                let state = match (f.state.as_str(), f.overdue) {
                    ("closed", _) => lang.pick("Đã đóng", "Closed"),
                    (_, true) => lang.pick("Quá hạn", "Overdue"),
                    _ => lang.pick("Đang mở", "Open"),
                };
                FindingRow {
                    round: f.round.to_string(),
                    organization: f.organization.to_string(),
                    organization_name: org_name(&f.organization),
                    criterion: f.criterion.to_string(),
                    criterion_name,
                    legal_basis: f.legal_basis.clone(),
                    due_on: f.due_on,
                    state: state.to_owned(),
                    open: f.state != "closed",
                    note: f.note.clone(),
                    reports: f
                        .reports
                        .iter()
                        .map(|r| {
                            format!(
                                "{} {}: {}",
                                r.reported_at.get(..10).unwrap_or(""),
                                r.reported_by,
                                r.text
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("\n"),
                    review_note: f.review_note.clone(),
                }
            })
            .collect();
        Ok(rows)
    }
}
