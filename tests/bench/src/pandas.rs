//! Scoring and ranking beside pandas doing the same computation (`tests/bench/pandas_scoring.py`):
//! the tool an analyst would reach for. The round is written as CSV files, the script times its
//! computation alone, and its scores, ranks and compliance are checked against ours first, so
//! that the two are the same computation. Skipped with a note when Python or pandas is missing.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, ensure};
use scorecard_domain::{CriterionKind, Outcome, Ranking};
use serde_json::Value;

use crate::generate::Generated;
use crate::{Row, median};

/// A CSV field, quoted.
fn field(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

fn write_round(generated: &Generated, dir: &Path) -> anyhow::Result<()> {
    let mut criteria = String::from("code,kind,weight,mandatory,target,pass_credit\n");
    let mut levels = String::from("criterion,key,credit\n");
    for criterion in &generated.catalog.criteria {
        let target = match &criterion.kind {
            CriterionKind::Ratio { target } => target.to_string(),
            _ => String::new(),
        };
        if let CriterionKind::Levels { levels: list } = &criterion.kind {
            for level in list {
                writeln!(levels, "{},{},{}", criterion.code, level.key, level.credit)?;
            }
        }
        let mandatory = if criterion.mandatory { "True" } else { "False" };
        writeln!(
            criteria,
            "{},{},{},{mandatory},{target},{}",
            criterion.code,
            criterion.kind.name(),
            criterion.weight,
            criterion.pass_credit
        )?;
    }
    let mut organizations = String::from("id,name_vi\n");
    for org in &generated.organizations {
        writeln!(organizations, "{},{}", org.id, field(&org.name_vi))?;
    }
    let mut records = String::with_capacity(generated.records.len() * 40);
    records.push_str("organization,criterion,outcome,value,state\n");
    for record in &generated.records {
        let value = match &record.outcome {
            Outcome::Ratio(value) => value.to_string(),
            _ => String::new(),
        };
        writeln!(
            records,
            "{},{},{},{value},{}",
            record.organization,
            record.criterion,
            record.outcome.key(),
            record.state.as_str()
        )?;
    }
    for (name, text) in [
        ("criteria.csv", criteria),
        ("levels.csv", levels),
        ("organizations.csv", organizations),
        ("records.csv", records),
    ] {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}

/// Runs the script on `generated` and adds its row: our median `ours` (seconds) beside pandas'.
pub fn compare(
    generated: &Generated,
    ranking: &Ranking,
    ours: f64,
    rows: &mut Vec<Row>,
) -> anyhow::Result<()> {
    let has_pandas = Command::new("python3")
        .args(["-c", "import pandas"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_pandas {
        println!("note: scoring beside pandas skipped: python3 with pandas is missing (pip install pandas)");
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    write_round(generated, dir.path())?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("pandas_scoring.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(dir.path())
        .arg("5")
        // One core, as the domain's figure.
        .env("OMP_NUM_THREADS", "1")
        .env("OPENBLAS_NUM_THREADS", "1")
        .output()
        .context("cannot run python3")?;
    ensure!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let answer: Value = serde_json::from_slice(&out.stdout)?;
    // The same computation: the same compliance, every score within one unit of the last
    // decimal of ours, and equal but for the few on a rounding edge (pandas adds in another
    // order, so a sum may differ in its last bits); ranks moved by at most that many places.
    let mut differ = 0u32;
    for entry in &ranking.entries {
        let id = entry.organization.as_str();
        let theirs = answer["scores"][id].as_f64();
        match (entry.score, theirs) {
            (Some(a), Some(b)) if a == b => {}
            (Some(a), Some(b)) if (a - b).abs() <= 0.0100001 => differ += 1,
            (None, None) => {}
            _ => anyhow::bail!("{id}: score {:?} here, {theirs:?} in pandas", entry.score),
        }
        ensure!(
            answer["compliant"][id].as_bool() == Some(entry.compliant),
            "{id}: compliance differs"
        );
    }
    ensure!(
        differ as usize <= ranking.entries.len() / 1000,
        "{differ} scores differ from pandas'"
    );
    for entry in &ranking.entries {
        let theirs = answer["ranks"][entry.organization.as_str()].as_u64();
        if let (Some(rank), Some(theirs)) = (entry.rank, theirs) {
            ensure!(
                rank.abs_diff(theirs as u32) <= differ,
                "{}: rank {rank} here, {theirs} in pandas",
                entry.organization
            );
        }
    }
    println!(
        "pandas agrees: {} scores, {differ} of them a unit apart on a rounding edge",
        ranking.entries.len()
    );
    let seconds: Vec<f64> = answer["seconds"]
        .as_array()
        .context("seconds")?
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    let pandas = median(seconds);
    rows.push(Row {
        what: format!(
            "… beside pandas {} doing the same computation (same scores, ranks, compliance; one core)",
            answer["pandas"].as_str().unwrap_or("?")
        ),
        value: format!("{pandas:.3} s, scoring {:.2} × that", ours / pandas),
        budget: "≤ 0.5 ×",
    });
    Ok(())
}
