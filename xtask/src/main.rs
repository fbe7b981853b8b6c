//! `cargo xtask dist [--input FILE]`, `cargo xtask serve`, `cargo xtask nginx`, `cargo xtask bench`,
//! `cargo xtask wasm-size`: the command line only. The site's build and server are the
//! library `rendiconto-site`; the benchmark is its own package (`bench/`).

use clap::{Parser, Subcommand};
use rendiconto_site::{wasm_size, Build};
use std::path::PathBuf;
use std::process::{Command, ExitCode};

#[derive(Parser)]
#[command(name = "xtask", about = "Build, serve and measure Rendiconto Aperto")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Build the static app, its search bundle and every delivery into dist/. Steps
    /// whose inputs did not change since the last run are skipped (target/xtask-cache).
    Dist {
        /// Report text to index (default: the bundled 2023 report).
        #[arg(long)]
        input: Option<PathBuf>,
        /// Lower compression levels, for development (what is published: without).
        #[arg(long)]
        fast: bool,
        /// The site's public address (canonical links, sitemap.xml, robots.txt);
        /// default https://www.comune.torino.it/rendiconto-aperto/.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Build the site into dist/ and serve it as soon as it is ready; the single file,
    /// the kiosk and the open data are finished meanwhile (--no-build: serve dist/ as it is).
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        #[arg(long)]
        no_build: bool,
        #[arg(long)]
        input: Option<PathBuf>,
        /// Lower compression levels, for development.
        #[arg(long)]
        fast: bool,
        /// The site's public address (canonical links, sitemap.xml, robots.txt);
        /// default https://www.comune.torino.it/rendiconto-aperto/.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Serve dist/ (as `cargo xtask dist` built it) with Debian's nginx in the
    /// foreground, through the configuration the build wrote (dist/deploy/nginx.conf),
    /// at the site's sub-path: http://127.0.0.1:8090/rendiconto-aperto/ by default.
    Nginx {
        #[arg(long, default_value_t = 8090)]
        port: u16,
        /// As a server without Debian's brotli module (gzip only).
        #[arg(long)]
        no_brotli: bool,
    },
    /// Measure this app, Pagefind and MiniSearch side by side (sizes, first result,
    /// keystroke latency, index build) at scale x1, x10, x100; writes BENCHMARKS.md and
    /// docs/bench/results.json. Runs the benchmark package (bench/, a release build),
    /// which reads the options: `cargo xtask bench --help` lists them.
    #[command(disable_help_flag = true)]
    Bench {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Size of the app's wasm (raw, brotli 11, gzip 9) and twiggy's items summed by
    /// crate, from the last Trunk build (docs/slim-engine.md). Needs `cargo xtask dist`
    /// and twiggy (`cargo install twiggy`).
    WasmSize {
        /// wasm-bindgen's output before wasm-opt (default: the last Trunk build's,
        /// target/wasm-bindgen/release/app_bg.wasm).
        #[arg(long)]
        bound: Option<PathBuf>,
        /// Rows of the table.
        #[arg(long, default_value_t = 20)]
        top: usize,
        /// Write every crate's bytes to this CSV file, to compare builds.
        #[arg(long)]
        csv: Option<PathBuf>,
        /// A CSV an earlier run wrote: show its bytes and the change beside.
        #[arg(long)]
        baseline: Option<PathBuf>,
    },
}

fn nginx(port: u16, brotli: bool) -> Result<(), String> {
    let dist = rendiconto_site::root().join("dist");
    let work = rendiconto_site::server_work("nginx");
    let server = rendiconto_site::nginx::start(&dist, &format!("127.0.0.1:{port}"), brotli, &work, true)?;
    eprintln!("nginx: {}  (configuration and logs in {}; Ctrl-C to stop)", server.base, work.display());
    server.wait()
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Cmd::Dist { input, fast, base_url } => rendiconto_site::dist(&Build { input, fast, base_url }).map(|_| ()),
        Cmd::Serve { addr, no_build, input, fast, base_url } => {
            rendiconto_site::serve(&addr, no_build, &Build { input, fast, base_url })
        }
        Cmd::Nginx { port, no_brotli } => nginx(port, !no_brotli),
        Cmd::Bench { args } => rendiconto_site::run(
            Command::new("cargo")
                .current_dir(rendiconto_site::root())
                .args(["run", "--quiet", "--release", "-p", "rendiconto-bench", "--"])
                .args(args),
        ),
        Cmd::WasmSize { bound, top, csv, baseline } => {
            wasm_size::run_cmd(&wasm_size::Options { bound, top, csv, baseline })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
