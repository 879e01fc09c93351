//! The `scorecard` command: serve the dashboard, or work on the database from the shell.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = scorecard_server::cli::Cli::parse();
    match scorecard_server::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
