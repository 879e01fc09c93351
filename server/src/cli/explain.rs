//! The service's refusals as the command line prints them: whole sentences in English and
//! Vietnamese, and for an import every rejected line with its field.

use scorecard_service::ServiceError;

/// A refusal as the command line prints it: both languages, and every rejected row.
pub fn explain(error: ServiceError) -> anyhow::Error {
    match error {
        ServiceError::ImportRejected {
            rows,
            accepted,
            format,
        } => {
            let unit = if format == "json" { "record" } else { "line" };
            let mut text = format!(
                "nothing was imported: {} rows rejected, {accepted} valid / không nhập gì: {} dòng bị từ chối\n",
                rows.len(),
                rows.len()
            );
            for row in &rows {
                for message in &row.problems {
                    let place = match (&message.cell, &message.field) {
                        (Some(cell), _) => format!("  {cell}:"),
                        (None, Some(field)) => format!("  {unit} {}: field `{field}`:", row.line),
                        (None, None) => format!("  {unit} {}:", row.line),
                    };
                    text.push_str(&format!("{place} {} / {}\n", message.message, message.message_vi));
                }
            }
            anyhow::anyhow!(text.trim_end().to_owned())
        }
        ServiceError::NotFound { what_vi, what_en } => {
            anyhow::anyhow!("{what_en} was not found / Không tìm thấy {what_vi}")
        }
        ServiceError::BadRequest {
            detail_vi, detail_en, ..
        }
        | ServiceError::Conflict { detail_vi, detail_en } => {
            anyhow::anyhow!("{detail_en} / {detail_vi}")
        }
        ServiceError::Invalid { problems } => {
            let lines: Vec<String> = problems
                .iter()
                .map(|p| format!("{} / {}", p.message, p.message_vi))
                .collect();
            anyhow::anyhow!(lines.join("\n"))
        }
        other => anyhow::anyhow!("{other}"),
    }
}
