//! The `motcua` command line: a thin shell over the library. Each subcommand
//! parses its arguments, calls one library function and turns its error into
//! an exit status here, in one place.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use motcua::assistant::{ChatRequest, ChatResponse, Lang};
use motcua::http::routes::search::SearchResponse;

/// mimalloc instead of the system allocator: allocation-heavy chat turns
/// (see Cargo.toml).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Default location of the committed corpus.
const DEFAULT_CORPUS: &str = "corpus";
/// Default location of the built index (not committed).
const DEFAULT_INDEX: &str = motcua::http::serve::DEFAULT_INDEX;
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
        /// Also write the legalrag sheets' question variants (machine-generated,
        /// a second development set for `motcua eval`) as JSON Lines to FILE.
        #[arg(long, value_name = "FILE")]
        legalrag_eval: Option<PathBuf>,
    },
    /// Measure quality on labelled sets, beside a plain BM25 baseline.
    Eval {
        /// JSON Lines files (default: the committed development sets).
        files: Vec<PathBuf>,
        #[arg(long, env = "MOTCUA_CORPUS", default_value = DEFAULT_CORPUS)]
        corpus: PathBuf,
        #[arg(long, env = "MOTCUA_INDEX", default_value = DEFAULT_INDEX)]
        index: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Also print every question answered wrongly, to stderr.
        #[arg(long)]
        misses: bool,
    },
    /// Validate a corpus directory and print a summary.
    Check {
        #[arg(long, env = "MOTCUA_CORPUS", default_value = DEFAULT_CORPUS)]
        corpus: PathBuf,
    },
    /// Serve the HTTP API (builds the index first if it is missing or stale).
    Serve(Box<motcua::http::serve::ServeConfig>),
    /// Ask the assistant one question, as a citizen would in the chat.
    Ask {
        /// The question, e.g. "làm giấy khai sinh cho con cần gì".
        question: String,
        /// Print exactly the JSON `POST /api/chat` answers.
        #[arg(long)]
        json: bool,
        /// Label language of the answer (detected from the question if absent).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        #[command(flatten)]
        data: DataDirs,
    },
    /// Build a new index generation from the corpus now, check it and switch
    /// to it (a server running on the same index picks it up).
    Index {
        #[command(flatten)]
        data: DataDirs,
    },
    /// Search articles and procedures, as an official would.
    Search {
        query: String,
        /// Print exactly the JSON `GET /api/search` answers.
        #[arg(long)]
        json: bool,
        /// Hits to return (at most 50).
        #[arg(long, default_value_t = motcua::http::limits::DEFAULT_SEARCH_LIMIT)]
        limit: usize,
        /// Only articles or only procedures.
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// Only articles of this document, e.g. 60/2014/QH13.
        #[arg(long)]
        document: Option<String>,
        #[command(flatten)]
        data: DataDirs,
    },
}

/// Where the corpus and the index are.
#[derive(Args)]
struct DataDirs {
    /// Corpus directory.
    #[arg(long, env = "MOTCUA_CORPUS", default_value = DEFAULT_CORPUS)]
    corpus: PathBuf,
    /// Index directory (built when missing or older than the corpus).
    #[arg(long, env = "MOTCUA_INDEX", default_value = DEFAULT_INDEX)]
    index: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Vi,
    En,
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Article,
    Procedure,
}

fn main() -> ExitCode {
    motcua::allocator::tune();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        // Every log line passes through redaction (personal numbers, e-mails).
        .with_writer(motcua::redact::stderr)
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
            legalrag_eval,
        } => {
            let started = std::time::Instant::now();
            let report = motcua::import::run(&motcua::import::ImportOptions {
                from,
                corpus: corpus.clone(),
                national,
                legalrag_eval: legalrag_eval.clone(),
            })?;
            if let Some(path) = &legalrag_eval {
                println!(
                    "wrote {} legalrag evaluation items to {}",
                    report.legalrag_eval_items,
                    path.display()
                );
            }
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
        Command::Eval {
            files,
            corpus,
            index,
            json,
            misses,
        } => {
            let files = if files.is_empty() {
                motcua::eval::run::DEFAULT_SETS
                    .iter()
                    .map(PathBuf::from)
                    .collect()
            } else {
                files
            };
            let assistant = motcua::app::load(&corpus, &index)?;
            let reports = motcua::eval::run::evaluate_with(&assistant, &files, &mut |line| {
                if misses {
                    eprintln!("miss {line}");
                }
            })?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&reports)
                        .map_err(|e| motcua::Error::Config(e.to_string()))?
                );
            } else {
                println!("{}", motcua::eval::run::render(&reports));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve(config) => {
            motcua::http::serve::run_blocking(*config)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Ask {
            question,
            json,
            lang,
            data,
        } => {
            let assistant = motcua::app::load(&data.corpus, &data.index)?;
            let response = assistant.chat(&ChatRequest {
                message: question,
                session: None,
                lang: lang.map(|l| match l {
                    LangArg::Vi => Lang::Vi,
                    LangArg::En => Lang::En,
                }),
            })?;
            if json {
                println!("{}", to_json(&response)?);
            } else {
                print!("{}", readable_answer(&response));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Index { data } => {
            // Built, validated (counts, checksums, golden queries) and
            // switched under the index LOCK; a running `motcua serve` on the
            // same directories picks the new generation up by itself.
            let started = std::time::Instant::now();
            let loaded = motcua::app::rebuild(&data.corpus, &data.index).map_err(|e| match e {
                motcua::Error::Busy(m) => motcua::Error::Busy(format!(
                    "{m}; another `motcua index` or a server reindex is running, nothing was changed"
                )),
                other => other,
            })?;
            let m = loaded.assistant.engine().manifest();
            println!(
                "Indexed {} procedures and {} articles of {} documents into {} in {:.1} s.",
                m.procedures,
                m.articles,
                m.documents,
                loaded.generation.path.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Search {
            query,
            json,
            limit,
            kind,
            document,
            data,
        } => {
            let assistant = motcua::app::load(&data.corpus, &data.index)?;
            let kind = kind.map(|k| match k {
                KindArg::Article => motcua::search::Kind::Article,
                KindArg::Procedure => motcua::search::Kind::Procedure,
            });
            let limit = limit.clamp(1, motcua::http::limits::MAX_SEARCH_LIMIT);
            let document = match document {
                None => None,
                Some(d) => Some(
                    motcua::http::routes::search::resolve_document(&assistant, &d).ok_or_else(
                        || motcua::Error::InvalidInput(format!("no document {d} in the corpus")),
                    )?,
                ),
            };
            let hits = assistant
                .engine()
                .search(&query, kind, document.as_deref(), limit)?;
            let response = SearchResponse::from_hits(hits);
            if json {
                println!("{}", to_json(&response)?);
            } else {
                print!("{}", readable_hits(&response));
            }
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

fn to_json<T: serde::Serialize>(value: &T) -> motcua::Result<String> {
    serde_json::to_string(value).map_err(|e| motcua::Error::Config(format!("JSON output: {e}")))
}

/// The answer, then one line per cited passage:
/// `— Điều 16, Luật Hộ tịch (60/2014/QH13)`.
fn readable_answer(r: &ChatResponse) -> String {
    let mut out = r.answer.trim_end().to_string();
    out.push('\n');
    if !r.passages.is_empty() {
        out.push('\n');
        out.push_str(match r.lang {
            Lang::Vi => "Căn cứ:\n",
            Lang::En => "Legal basis:\n",
        });
    }
    let article = match r.lang {
        Lang::Vi => "Điều",
        Lang::En => "Article",
    };
    for p in &r.passages {
        out.push_str(&format!(
            "— {article} {}, {} ({})\n",
            p.article, p.document_title, p.document_number
        ));
    }
    out
}

/// One block per hit: rank, kind, what it is, score, then the snippet.
fn readable_hits(r: &SearchResponse) -> String {
    if r.hits.is_empty() {
        return "Không tìm thấy kết quả.\n".to_string();
    }
    let mut out = String::new();
    for (i, h) in r.hits.iter().enumerate() {
        let what = match &h.code {
            Some(code) => format!("{code} {}", h.title),
            None => format!(
                "Điều {}, {} ({}) — {}",
                h.article,
                h.document_title.as_deref().unwrap_or(""),
                h.document_number,
                h.title
            ),
        };
        out.push_str(&format!(
            "{:>2}. [{}] {what} ({:.2})\n",
            i + 1,
            h.kind,
            h.score
        ));
        let snippet = h.snippet.trim();
        if !snippet.is_empty() {
            out.push_str(&format!("    {}\n", snippet.replace('\n', " ")));
        }
    }
    out
}
