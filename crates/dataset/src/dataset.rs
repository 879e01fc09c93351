//! A whole data folder: organisations, catalogs, rounds and their records, checked together.

use std::path::Path;

use scorecard_domain::{Catalog, Organization, Record, Round};

use crate::error::FileError;
use crate::record_input::{Context, StatePolicy};
use crate::records_csv;
use crate::{catalog_file, organizations_file, rounds_file};

/// Everything a data folder holds, valid as a whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub organizations: Vec<Organization>,
    pub catalogs: Vec<Catalog>,
    pub rounds: Vec<Round>,
    pub records: Vec<Record>,
}

/// The files of a data folder, by their path relative to it.
pub trait Source {
    /// The text of a file, or `None` when it does not exist.
    fn read(&self, path: &str) -> Result<Option<String>, FileError>;
    /// The names of the catalog files under `catalogs/`.
    fn catalog_files(&self) -> Result<Vec<String>, FileError>;
}

/// The demo data compiled into the binary, so `scorecard serve --demo` works from anywhere.
pub fn demo() -> Result<Dataset, Vec<FileError>> {
    Dataset::load(&Embedded)
}

struct Embedded;

const EMBEDDED: &[(&str, &str)] = &[
    (
        "organizations.toml",
        include_str!("../../../data/organizations.toml"),
    ),
    ("rounds.toml", include_str!("../../../data/rounds.toml")),
    (
        "catalogs/cpdt-2019.toml",
        include_str!("../../../data/catalogs/cpdt-2019.toml"),
    ),
    (
        "catalogs/cpdt-2025.toml",
        include_str!("../../../data/catalogs/cpdt-2025.toml"),
    ),
    (
        "demo/records-2019.csv",
        include_str!("../../../data/demo/records-2019.csv"),
    ),
    (
        "demo/records-2020.csv",
        include_str!("../../../data/demo/records-2020.csv"),
    ),
    (
        "demo/records-2021.csv",
        include_str!("../../../data/demo/records-2021.csv"),
    ),
    (
        "demo/records-2025.csv",
        include_str!("../../../data/demo/records-2025.csv"),
    ),
];

impl Source for Embedded {
    fn read(&self, path: &str) -> Result<Option<String>, FileError> {
        Ok(EMBEDDED
            .iter()
            .find(|(name, _)| *name == path)
            .map(|(_, text)| (*text).to_owned()))
    }

    fn catalog_files(&self) -> Result<Vec<String>, FileError> {
        Ok(EMBEDDED
            .iter()
            .map(|(name, _)| *name)
            .filter(|n| n.starts_with("catalogs/"))
            .map(str::to_owned)
            .collect())
    }
}

/// A data folder on disk.
pub struct Folder<'a>(pub &'a Path);

impl Source for Folder<'_> {
    fn read(&self, path: &str) -> Result<Option<String>, FileError> {
        let full = self.0.join(path);
        match std::fs::read_to_string(&full) {
            Ok(text) => Ok(Some(text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(FileError::at(
                &full.display().to_string(),
                None,
                None,
                e.to_string(),
            )),
        }
    }

    fn catalog_files(&self) -> Result<Vec<String>, FileError> {
        let dir = self.0.join("catalogs");
        let error = |e: std::io::Error| FileError::at(&dir.display().to_string(), None, None, e.to_string());
        let mut names = Vec::new();
        for entry in std::fs::read_dir(&dir).map_err(error)? {
            let name = entry.map_err(error)?.file_name().to_string_lossy().into_owned();
            if name.ends_with(".toml") {
                names.push(format!("catalogs/{name}"));
            }
        }
        names.sort();
        Ok(names)
    }
}

fn required(source: &dyn Source, path: &str) -> Result<String, Vec<FileError>> {
    match source.read(path) {
        Ok(Some(text)) => Ok(text),
        Ok(None) => Err(vec![FileError::at(path, None, None, "the file is missing")]),
        Err(error) => Err(vec![error]),
    }
}

impl Dataset {
    /// Reads a data folder on disk.
    pub fn load_dir(dir: &Path) -> Result<Dataset, Vec<FileError>> {
        Dataset::load(&Folder(dir))
    }

    /// Reads and checks every file; reports every mistake found, not just the first.
    pub fn load(source: &dyn Source) -> Result<Dataset, Vec<FileError>> {
        let mut problems = Vec::new();
        let organizations =
            organizations_file::parse("organizations.toml", &required(source, "organizations.toml")?)
                .unwrap_or_else(|e| {
                    problems.extend(e);
                    Vec::new()
                });
        let mut catalogs = Vec::new();
        for name in source.catalog_files().map_err(|e| vec![e])? {
            match catalog_file::parse(&name, &required(source, &name)?) {
                Ok(catalog) if catalogs.iter().any(|c: &Catalog| c.id == catalog.id) => {
                    problems.push(FileError::at(
                        &name,
                        None,
                        Some("id"),
                        format!("catalog `{}` is defined twice", catalog.id),
                    ))
                }
                Ok(catalog) => catalogs.push(catalog),
                Err(errors) => problems.extend(errors),
            }
        }
        let entries = rounds_file::parse("rounds.toml", &required(source, "rounds.toml")?, &catalogs)
            .unwrap_or_else(|e| {
                problems.extend(e);
                Vec::new()
            });
        let mut records = Vec::new();
        for entry in &entries {
            let (Some(path), Some(catalog)) = (
                &entry.records,
                catalogs.iter().find(|c| c.id == entry.round.catalog),
            ) else {
                continue;
            };
            let text = required(source, path)?;
            let context = Context {
                round: &entry.round.id,
                catalog,
                organizations: &organizations,
                state: StatePolicy::FromFile,
            };
            let report = records_csv::read(&text, &context);
            for row in &report.rejected {
                for problem in &row.problems {
                    problems.push(FileError::at(
                        path,
                        Some(row.line),
                        problem.column(),
                        problem.message_en(),
                    ));
                }
            }
            records.extend(report.accepted.into_iter().map(|row| row.record));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let rounds = entries.into_iter().map(|e| e.round).collect();
        Ok(Dataset {
            organizations,
            catalogs,
            rounds,
            records,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_data_loads() {
        let data = demo().unwrap();
        assert_eq!(data.catalogs.len(), 2);
        assert_eq!(data.rounds.len(), 4);
        assert_eq!(
            data.records.iter().filter(|r| r.round.as_str() == "2019").count(),
            12 * 7
        );
    }

    #[test]
    fn the_data_folder_on_disk_matches_the_embedded_demo() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        assert_eq!(Dataset::load_dir(&dir).unwrap(), demo().unwrap());
    }

    #[test]
    fn a_mistake_in_a_records_file_names_file_line_and_field() {
        let dir = tempfile_dir();
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        copy_dir(&data, &dir);
        let path = dir.join("demo/records-2020.csv");
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replacen(",0.97,", ",1.7,", 1);
        std::fs::write(&path, text).unwrap();
        let errors = Dataset::load_dir(&dir).unwrap_err();
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "demo/records-2020.csv:4: field `value`: ratio 1.7 is outside [0, 1]; a percentage is written with its sign, e.g. 85,5%"
            ]
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("scorecard-dataset-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn copy_dir(from: &Path, to: &Path) {
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
}
