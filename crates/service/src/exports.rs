//! What leaves the product as files (docs/formats.md, "Exports"): the records in the import
//! format, the JSON of a round's figures, the PDF briefing and the XLSX workbook, and chart
//! images. Each is made from the same figures as the ranking and summary, and each file taken
//! is recorded in the audit trail with who took it.

use chrono::NaiveDate;
use scorecard_api::{Figures, RecordView};
use scorecard_briefing::charts::{self, Chart, TrendPoint};
use scorecard_briefing::{Heading, Lang, RoundReport, pdf, template, xlsx};
use scorecard_dataset::records_csv;
use scorecard_domain::{Catalog, OrgScore, Organization, Ranking, Record, Role, Round, Scope, View};
use scorecard_store::{Change, RecordFilter};
use serde_json::json;

use crate::access::may_read_round;
use crate::records::view_of;
use crate::reports::RoundInputs;
use crate::{Service, ServiceError, Who, lookup};

/// The two briefing documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    Pdf,
    Xlsx,
}

impl Document {
    fn extension(self) -> &'static str {
        match self {
            Document::Pdf => "pdf",
            Document::Xlsx => "xlsx",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Document::Pdf => "application/pdf",
            Document::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// A chart image's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Svg,
    Png,
}

/// A file to hand out, with a name that says what it holds.
#[derive(Debug, Clone)]
pub struct Download {
    pub bytes: Vec<u8>,
    /// Letters, digits, `_`, `-` and `.` only: ids and codes are slugs.
    pub file_name: String,
    pub content_type: &'static str,
}

/// Today in Viet Nam (UTC+7), the date a briefing is issued on: the server's one clock
/// ([`crate::participation::now`]) read in Viet Nam's time zone.
pub fn today_in_viet_nam() -> NaiveDate {
    crate::participation::day_in_viet_nam(crate::participation::now())
}

fn view_name(view: View) -> &'static str {
    match view {
        View::Official => "official",
        View::Preliminary => "preliminary",
    }
}

pub(crate) fn failed(what: &'static str, round: &Round, error: impl std::fmt::Display) -> ServiceError {
    tracing::error!(round = %round.id, %error, "a {what} could not be made");
    ServiceError::Document {
        what,
        round: round.id.to_string(),
        problem: error.to_string(),
    }
}

impl Service {
    /// Records who took which file of which round: exports by signed-in users are audited like
    /// changes. Anonymous readers take published figures, which anyone may; auditing each of
    /// their downloads would let anyone grow the append-only trail without bound.
    pub(crate) async fn record_export(
        &self,
        who: &Who,
        round: &Round,
        file_name: &str,
    ) -> Result<(), ServiceError> {
        if who.role().is_none() {
            return Ok(());
        }
        let kind = file_name.rsplit('.').next().unwrap_or("file");
        let change = Change::new(
            &format!("export.{kind}"),
            format!("round:{}", round.id),
            serde_json::Value::Null,
            json!({ "file": file_name }),
        );
        self.store().record_event(&change, &who.reader()).await?;
        Ok(())
    }

    /// Every record of a round in the import format, by organisation then in catalog order,
    /// so that export then import is the identity. For staff who may see every record.
    pub async fn records_csv(&self, who: &Who, round: &str) -> Result<Download, ServiceError> {
        crate::admin::require(who, &[Role::Admin, Role::Reviewer])?;
        let round = lookup::round(self.store(), round).await?;
        let stored = self.store().records(&round.id, &RecordFilter::default()).await?;
        let catalog = self.store().catalog(&round.catalog).await?;
        let position = |code: &scorecard_domain::CriterionCode| {
            catalog
                .as_ref()
                .and_then(|c| c.criteria.iter().position(|x| &x.code == code))
                .unwrap_or(usize::MAX)
        };
        let mut records: Vec<Record> = stored.into_iter().map(|s| s.record).collect();
        records.sort_by(|a, b| {
            (&a.organization, position(&a.criterion), &a.criterion).cmp(&(
                &b.organization,
                position(&b.criterion),
                &b.criterion,
            ))
        });
        let files = self.store().files(&round.id, None).await?;
        let listed = |record: &Record| {
            let texts: Vec<String> = files
                .iter()
                .filter(|f| f.key.organization == record.organization && f.key.criterion == record.criterion)
                .map(|f| {
                    let analysis = f.analysis.as_deref().and_then(|a| serde_json::from_str(a).ok());
                    format!(
                        "{} [sha256:{}] {}",
                        f.name,
                        f.sha256,
                        crate::evidence::verdict_code(analysis.as_ref())
                    )
                })
                .collect();
            (!texts.is_empty()).then(|| texts.join("; "))
        };
        let download = Download {
            bytes: records_csv::write_with_evidence(&records, listed).into_bytes(),
            file_name: format!("egov-scorecard_{}_records.csv", round.id),
            content_type: "text/csv; charset=utf-8",
        };
        self.record_export(who, &round, &download.file_name).await?;
        Ok(download)
    }

    /// `{"ranking", "summary", "records"}` of a round in `view`; the ranking in `scope`, the
    /// summary and the records (those the figures count) of the whole round.
    pub async fn figures_json(
        &self,
        who: &Who,
        round: &str,
        scope: Scope,
        view: View,
    ) -> Result<Download, ServiceError> {
        let round = self.readable_round(who, round, view).await?;
        let ranking = self.ranking(&round, scope, view).await?;
        let organizations = self.store().organizations().await?;
        let inputs = RoundInputs::load(self.store(), &round).await?;
        let summary = inputs.as_round_data(&round).summary(&organizations, view);
        let records: Vec<RecordView> = self
            .store()
            .records(&round.id, &RecordFilter::default())
            .await?
            .into_iter()
            .filter(|s| view.counts(s.record.state))
            .map(view_of)
            .collect();
        let document = Figures {
            ranking,
            summary,
            records,
        };
        // Plain data types serialize to JSON without failing.
        let mut bytes = serde_json::to_vec_pretty(&document).unwrap_or_default();
        bytes.push(b'\n');
        let download = Download {
            bytes,
            file_name: format!("egov-scorecard_{}_{}.json", round.id, view_name(view)),
            content_type: "application/json",
        };
        self.record_export(who, &round, &download.file_name).await?;
        Ok(download)
    }

    /// The PDF briefing or XLSX workbook of a round in `scope` and `view`; the records in the
    /// workbook are those the figures count. Typesetting runs off the async threads.
    pub async fn briefing(
        &self,
        who: &Who,
        round: &str,
        kind: Document,
        scope: Scope,
        view: View,
        lang: Lang,
    ) -> Result<Download, ServiceError> {
        let owned = self.owned_report(who, round, scope.clone(), view, true).await?;
        let round = owned.round.clone();
        // The files of the records the figures count, for the workbook's evidence sheet.
        let evidence: Vec<xlsx::EvidenceRow> = if matches!(kind, Document::Xlsx) {
            let files = self.store().files(&round.id, None).await?;
            let counted: std::collections::HashSet<(String, String)> = owned
                .report()
                .records
                .iter()
                .map(|r| (r.organization.to_string(), r.criterion.to_string()))
                .collect();
            files
                .into_iter()
                .filter(|f| counted.contains(&(f.key.organization.to_string(), f.key.criterion.to_string())))
                .map(|f| {
                    let analysis: Option<scorecard_api::evidence::PdfAnalysis> =
                        f.analysis.as_deref().and_then(|a| serde_json::from_str(a).ok());
                    xlsx::EvidenceRow {
                        organization: f.key.organization.to_string(),
                        criterion: f.key.criterion.to_string(),
                        name: f.name,
                        size: f.size,
                        sha256: f.sha256,
                        document_date: f.document_date,
                        verdict: crate::evidence::verdict_text(lang, analysis.as_ref()),
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        // The self-assessments beside the verified scores of this document, in its scope.
        let in_scope: Vec<scorecard_domain::OrgScore> =
            owned.report().scores_in_scope().into_iter().cloned().collect();
        let self_assessment = self.self_assessed_lines(&round, &in_scope).await?;
        // The findings the round made when it was published: what is public of them (the
        // criterion, its basis, the due date, whether it is closed), not the unit's reports.
        let findings = if round.state == scorecard_domain::RoundState::Published {
            let scope: std::collections::HashSet<&scorecard_domain::OrgId> =
                in_scope.iter().map(|s| &s.organization).collect();
            let made: Vec<scorecard_api::FindingView> = self
                .store()
                .findings(&scorecard_store::FindingFilter {
                    round: Some(round.id.clone()),
                    ..scorecard_store::FindingFilter::default()
                })
                .await?
                .into_iter()
                .filter(|f| scope.contains(&f.key.organization))
                .map(crate::findings::view_of)
                .collect();
            let mut rows = self.finding_rows(&made, lang).await?;
            for row in &mut rows {
                row.reports.clear();
                row.review_note.clear();
            }
            rows
        } else {
            Vec::new()
        };
        let day = today_in_viet_nam();
        let bytes = tokio::task::spawn_blocking(move || {
            let report = owned.report();
            let annexes = scorecard_briefing::Annexes {
                evidence: &evidence,
                self_assessment: &self_assessment,
                findings: &findings,
            };
            match kind {
                Document::Pdf => {
                    pdf::briefing_with(&report, &Heading::inspection_team(lang, day), lang, &annexes)
                }
                Document::Xlsx => xlsx::workbook_with(&report, lang, &annexes),
            }
        })
        .await
        .map_err(|error| failed("briefing", &round, error))?
        .map_err(|error| failed("briefing", &round, error))?;
        let download = Download {
            bytes,
            file_name: format!(
                "egov-scorecard_{}_{scope}_{}_{}_{}.{}",
                round.id,
                view_name(view),
                lang.code(),
                day.format("%Y-%m-%d"),
                kind.extension()
            ),
            content_type: kind.content_type(),
        };
        self.record_export(who, &round, &download.file_name).await?;
        Ok(download)
    }

    /// A chart of a round: `ranking` (bars in ranking order) or `criteria` (met, not met and
    /// not applicable per criterion), `width` pixels wide.
    #[allow(clippy::too_many_arguments)]
    pub async fn round_chart(
        &self,
        who: &Who,
        round: &str,
        name: RoundChart,
        format: ImageFormat,
        scope: Scope,
        view: View,
        lang: Lang,
        width: u32,
    ) -> Result<Download, ServiceError> {
        let owned = self.owned_report(who, round, scope.clone(), view, false).await?;
        let (round, report) = (&owned.round, owned.report());
        let (chart, label) = match name {
            RoundChart::Ranking => (Chart::ranking(&report, lang), "ranking"),
            RoundChart::Criteria => (Chart::criteria(&report.summary()), "criteria"),
        };
        let stem = format!(
            "egov-scorecard_{}_{scope}_{}_{label}_{}",
            round.id,
            view_name(view),
            lang.code()
        );
        let download = image(round, &chart, format, width, lang, stem)?;
        self.record_export(who, round, &download.file_name).await?;
        Ok(download)
    }

    /// The fill-in template of a round: a row per organisation the round inspects × criterion,
    /// for staff who enter results in a spreadsheet and import them back.
    pub async fn template(&self, who: &Who, round: &str, lang: Lang) -> Result<Download, ServiceError> {
        crate::admin::require(who, &[Role::Admin, Role::Reviewer, Role::Inspector, Role::Leader])?;
        let round = lookup::round(self.store(), round).await?;
        let inputs = RoundInputs::load(self.store(), &round).await?;
        let data = inputs.as_round_data(&round);
        let ids = data.organizations();
        let all = self.store().organizations().await?;
        let organizations: Vec<Organization> = ids
            .iter()
            .filter_map(|id| all.iter().find(|o| &o.id == id).cloned())
            .collect();
        let bytes = template::template(&round, data.catalog, &organizations, lang)
            .map_err(|error| failed("template", &round, error))?;
        let download = Download {
            bytes,
            file_name: format!("egov-scorecard_{}_template_{}.xlsx", round.id, lang.code()),
            content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        };
        self.record_export(who, &round, &download.file_name).await?;
        Ok(download)
    }

    /// Everything a document of a round in `scope` and `view` is made from, for a reader who
    /// may read it; with the records the figures count when `with_records`.
    async fn owned_report(
        &self,
        who: &Who,
        round: &str,
        scope: Scope,
        view: View,
        with_records: bool,
    ) -> Result<OwnedReport, ServiceError> {
        let round = self.readable_round(who, round, view).await?;
        let organizations = self.store().organizations().await?;
        let ranking = self.ranking(&round, scope, view).await?;
        let inputs = RoundInputs::load(self.store(), &round).await?;
        let data = inputs.as_round_data(&round);
        let records = if with_records {
            data.records
                .iter()
                .filter(|r| view.counts(r.state))
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        Ok(OwnedReport {
            scores: data.scores(view),
            catalog: data.catalog.clone(),
            round,
            organizations,
            ranking,
            records,
        })
    }

    /// An organisation's official score by round, following its lineage, over the rounds `who`
    /// may read.
    pub async fn trend_chart(
        &self,
        who: &Who,
        org: &str,
        format: ImageFormat,
        lang: Lang,
        width: u32,
    ) -> Result<Download, ServiceError> {
        let history = self.history(who, org).await?;
        let points: Vec<TrendPoint> = history
            .entries
            .iter()
            .map(|entry| TrendPoint {
                label: entry.round.to_string(),
                score: entry.score,
            })
            .collect();
        // A trend belongs to no single round; the audit entry names the latest one shown.
        let Some(latest) = history.entries.last() else {
            return Err(ServiceError::not_found(
                format!("số liệu của đơn vị `{org}`"),
                format!("Figures of organisation `{org}`"),
            ));
        };
        let round = lookup::round(self.store(), latest.round.as_str()).await?;
        may_read_round(who, &round)?;
        let stem = format!("egov-scorecard_{}_trend_{}", history.organization, lang.code());
        let download = image(&round, &Chart::Trend(points), format, width, lang, stem)?;
        self.record_export(who, &round, &download.file_name).await?;
        Ok(download)
    }
}

/// What a [`RoundReport`] borrows, owned, so it can move to a blocking thread.
struct OwnedReport {
    round: Round,
    catalog: Catalog,
    organizations: Vec<Organization>,
    ranking: Ranking,
    scores: Vec<OrgScore>,
    records: Vec<Record>,
}

impl OwnedReport {
    fn report(&self) -> RoundReport<'_> {
        RoundReport {
            round: &self.round,
            catalog: &self.catalog,
            organizations: &self.organizations,
            ranking: &self.ranking,
            scores: &self.scores,
            records: &self.records,
        }
    }
}

/// The charts of a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundChart {
    Ranking,
    Criteria,
}

fn image(
    round: &Round,
    chart: &Chart,
    format: ImageFormat,
    width: u32,
    lang: Lang,
    stem: String,
) -> Result<Download, ServiceError> {
    Ok(match format {
        ImageFormat::Svg => Download {
            bytes: charts::svg(chart, width, lang)
                .map_err(|e| failed("chart", round, e))?
                .into_bytes(),
            file_name: format!("{stem}.svg"),
            content_type: "image/svg+xml",
        },
        ImageFormat::Png => Download {
            bytes: charts::png(chart, width, lang).map_err(|e| failed("chart", round, e))?,
            file_name: format!("{stem}.png"),
            content_type: "image/png",
        },
    })
}
