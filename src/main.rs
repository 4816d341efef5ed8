//! The `motcua` command line: a thin shell over the library. Each subcommand
//! parses its arguments, calls one library function and turns its error into
//! an exit status here, in one place.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Default location of the committed corpus.
const DEFAULT_CORPUS: &str = "corpus";
/// Default location of the built index (not committed).
#[allow(dead_code)] // used by index/serve, being built
const DEFAULT_INDEX: &str = "index";
/// Default location of the raw public sources.
const DEFAULT_SHARED_DATA: &str = "../shared/data";

#[derive(Parser)]
#[command(
    name = "motcua",
    version,
    about = "Trợ lý thủ tục hành chính một cửa cấp xã"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import the public sources into a corpus directory.
    Import {
        /// Folder with the raw sources (dichvucong/, legalrag/, laws-vlc/, phapdien/).
        #[arg(long, env = "MOTCUA_SHARED_DATA", default_value = DEFAULT_SHARED_DATA)]
        from: PathBuf,
        /// Corpus directory to write.
        #[arg(long, env = "MOTCUA_CORPUS", default_value = DEFAULT_CORPUS)]
        corpus: PathBuf,
        /// Build the national-size corpus: every portal procedure and every law.
        #[arg(long)]
        national: bool,
    },
    /// Validate a corpus directory and print a summary.
    Check {
        #[arg(long, env = "MOTCUA_CORPUS", default_value = DEFAULT_CORPUS)]
        corpus: PathBuf,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> motcua::Result<ExitCode> {
    match cli.command {
        Command::Import {
            from,
            corpus,
            national,
        } => {
            let started = std::time::Instant::now();
            let report = motcua::import::run(&motcua::import::ImportOptions {
                from,
                corpus: corpus.clone(),
                national,
            })?;
            println!(
                "imported {} procedures, {} documents ({} articles) into {} in {:.1} s; {} crawl errors rejected, {} sheets merged; report: {}",
                report.procedures,
                report.documents,
                report.articles,
                corpus.display(),
                started.elapsed().as_secs_f64(),
                report.crawl_errors.len(),
                report.sheets_matched,
                corpus.join("IMPORT_REPORT.md").display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { corpus } => {
            let (_, report) = motcua::corpus::validate::check_dir(&corpus)?;
            println!("{report}");
            Ok(if report.is_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
    }
}
