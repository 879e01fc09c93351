//! The signature check of uploaded PDFs in a separate process (`scorecard pdf check --worker`):
//! a hostile file may exhaust the memory or time it is given, or crash the parser, and the
//! server only hears "cannot analyse" with the reason. Its address space and CPU time are
//! capped by `setrlimit` before it starts, its wall time by a timeout, and at most `permits`
//! run at once, off the async executor.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use async_trait::async_trait;
use scorecard_api::evidence::PdfAnalysis;
use scorecard_service::evidence::{Analyser, cannot_analyse};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Semaphore;

/// The bounds of one analysis.
#[derive(Debug, Clone, Copy)]
pub struct WorkerLimits {
    /// The address space the worker may use.
    pub memory_bytes: u64,
    /// The CPU time it may use, and a little more of wall time.
    pub seconds: u64,
}

impl Default for WorkerLimits {
    fn default() -> Self {
        WorkerLimits {
            memory_bytes: 1024 * 1024 * 1024,
            seconds: 30,
        }
    }
}

/// Runs the analysis in worker processes of the `scorecard` binary at `program`.
pub struct WorkerAnalyser {
    program: PathBuf,
    permits: Semaphore,
    limits: WorkerLimits,
}

impl WorkerAnalyser {
    pub fn new(program: PathBuf, permits: usize, limits: WorkerLimits) -> WorkerAnalyser {
        WorkerAnalyser {
            program,
            permits: Semaphore::new(permits.max(1)),
            limits,
        }
    }

    async fn run(&self, file: &Path, roots_pem: &str) -> Result<PdfAnalysis, (String, String)> {
        let mut command = tokio::process::Command::new(&self.program);
        command
            .args(["pdf", "check", "--worker"])
            .arg(file)
            .env("SCORECARD_LOG", "error")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true);
        let limits = self.limits;
        // SAFETY: the closure runs in the child between fork and exec and calls only
        // setrlimit, which is async-signal-safe; it allocates nothing.
        unsafe {
            command.pre_exec(move || {
                let memory = libc::rlimit {
                    rlim_cur: limits.memory_bytes as libc::rlim_t,
                    rlim_max: limits.memory_bytes as libc::rlim_t,
                };
                let cpu = libc::rlimit {
                    rlim_cur: limits.seconds as libc::rlim_t,
                    rlim_max: limits.seconds as libc::rlim_t + 1,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &memory) != 0
                    || libc::setrlimit(libc::RLIMIT_CPU, &cpu) != 0
                {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let mut child = command.spawn().map_err(|err| {
            (
                format!("the analysis process did not start ({err})"),
                format!("tiến trình phân tích không khởi động được ({err})"),
            )
        })?;
        if let Some(mut stdin) = child.stdin.take() {
            // A worker that dies before reading its roots is reported below, by its status.
            let _ = stdin.write_all(roots_pem.as_bytes()).await;
        }
        let mut stdout = child
            .stdout
            .take()
            .ok_or_else(|| ("no output".to_owned(), "không có kết quả".to_owned()))?;
        let wall = Duration::from_secs(self.limits.seconds + 5);
        let waited = tokio::time::timeout(wall, async {
            let mut output = Vec::new();
            let read = stdout.read_to_end(&mut output).await;
            let status = child.wait().await;
            (read, status, output)
        })
        .await;
        let Ok((read, status, output)) = waited else {
            return Err((
                format!(
                    "the analysis took longer than {} s and was stopped",
                    wall.as_secs()
                ),
                format!(
                    "việc phân tích kéo dài quá {} giây nên đã bị dừng",
                    wall.as_secs()
                ),
            ));
        };
        let status = status.map_err(|err| {
            (
                format!("the analysis process failed ({err})"),
                format!("tiến trình phân tích bị lỗi ({err})"),
            )
        })?;
        if read.is_err() || !status.success() {
            return Err((
                "the analysis stopped before the end (the file needs more memory or time than allowed, or breaks the parser)".into(),
                "việc phân tích dừng giữa chừng (tệp cần nhiều bộ nhớ hoặc thời gian hơn mức cho phép, hoặc làm hỏng bộ đọc)".into(),
            ));
        }
        serde_json::from_slice(&output).map_err(|err| {
            (
                format!("the analysis answered something unreadable ({err})"),
                format!("kết quả phân tích không đọc được ({err})"),
            )
        })
    }
}

#[async_trait]
impl Analyser for WorkerAnalyser {
    async fn analyse(&self, file: &Path, roots_pem: &str) -> PdfAnalysis {
        let _permit = self.permits.acquire().await;
        match self.run(file, roots_pem).await {
            Ok(analysis) => analysis,
            Err((en, vi)) => {
                tracing::warn!(reason = %en, "a PDF could not be analysed");
                cannot_analyse(&en, &vi)
            }
        }
    }
}
