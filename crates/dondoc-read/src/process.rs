//! Running the external readers (pdftotext, pdftoppm, tesseract) on untrusted
//! files: with a time limit, a cap on what they print, a memory ceiling where
//! the system can set one, and a cancellation flag checked while they run.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Address space a child may use: far above what a page needs (tesseract
/// takes about 100 MB, pdftoppm about 50 MB at 300 dpi), far below what
/// a crafted file could make it ask for.
const CHILD_MEMORY_BYTES: u64 = 2 << 30;
/// What a child may write on stderr that we keep for the error message.
const STDERR_KEEP: u64 = 2048;

/// How a run ended, when it did not end well.
#[derive(Debug)]
pub enum RunError {
    /// The program is not installed.
    Missing,
    Spawn(std::io::Error),
    Timeout,
    Cancelled,
    /// It printed more than the cap.
    TooMuchOutput,
    /// It exited with a failure; what it said on stderr.
    Failed(String),
    Io(std::io::Error),
}

/// Limits on one run.
pub struct Run<'a> {
    pub timeout: Duration,
    pub max_output: u64,
    pub cancel: Option<&'a AtomicBool>,
}

impl Run<'_> {
    /// Runs `program args…`, returning what it wrote on stdout.
    pub fn output(&self, program: &str, args: &[&std::ffi::OsStr]) -> Result<Vec<u8>, RunError> {
        if self.cancelled() {
            return Err(RunError::Cancelled);
        }
        // Under prlimit a missing program would be prlimit's failure: look first.
        if !installed(program) {
            return Err(RunError::Missing);
        }
        let mut child = command(program, args, self.timeout)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    RunError::Missing
                } else {
                    RunError::Spawn(e)
                }
            })?;
        let overflow = Arc::new(AtomicBool::new(false));
        // Both pipes are drained in threads so a talkative child never blocks.
        let stdout = child.stdout.take().map(|out| {
            let cap = self.max_output;
            let overflow = Arc::clone(&overflow);
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                let r = out.take(cap + 1).read_to_end(&mut buf);
                if buf.len() as u64 > cap {
                    overflow.store(true, Ordering::Relaxed);
                }
                r.map(|_| buf)
            })
        });
        let stderr = child.stderr.take().map(|err| {
            std::thread::spawn(move || {
                let mut err = err;
                let mut buf = Vec::new();
                let _ = err.by_ref().take(STDERR_KEEP).read_to_end(&mut buf);
                let _ = std::io::copy(&mut err, &mut std::io::sink());
                String::from_utf8_lossy(&buf).into_owned()
            })
        });
        let status = self.wait(&mut child, &overflow);
        let out = stdout.map(|t| t.join());
        let err = stderr.and_then(|t| t.join().ok()).unwrap_or_default();
        let status = status?;
        if overflow.load(Ordering::Relaxed) {
            return Err(RunError::TooMuchOutput);
        }
        if !status.success() {
            let said = err.trim();
            return Err(RunError::Failed(if said.is_empty() {
                status.to_string()
            } else {
                said.to_owned()
            }));
        }
        match out {
            Some(Ok(Ok(bytes))) => Ok(bytes),
            Some(Ok(Err(e))) => Err(RunError::Io(e)),
            _ => Err(RunError::Io(std::io::Error::other("no output"))),
        }
    }

    fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }

    fn wait(
        &self,
        child: &mut Child,
        overflow: &AtomicBool,
    ) -> Result<std::process::ExitStatus, RunError> {
        let start = Instant::now();
        let mut pause = Duration::from_millis(2);
        loop {
            match child.try_wait() {
                Ok(Some(s)) => return Ok(s),
                Ok(None) => {}
                Err(e) => {
                    stop(child);
                    return Err(RunError::Io(e));
                }
            }
            let why = if self.cancelled() {
                Some(RunError::Cancelled)
            } else if start.elapsed() > self.timeout {
                Some(RunError::Timeout)
            } else if overflow.load(Ordering::Relaxed) {
                Some(RunError::TooMuchOutput)
            } else {
                None
            };
            if let Some(why) = why {
                stop(child);
                return Err(why);
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(25));
        }
    }
}

fn stop(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// The command, under `prlimit` (util-linux, present on every Debian system)
/// for a memory and CPU ceiling when it is there.
fn command(program: &str, args: &[&std::ffi::OsStr], timeout: Duration) -> Command {
    let prlimit = Path::new("/usr/bin/prlimit");
    let mut c = if prlimit.exists() {
        let mut c = Command::new(prlimit);
        c.arg(format!("--as={CHILD_MEMORY_BYTES}"))
            .arg(format!("--cpu={}", timeout.as_secs().saturating_add(5)))
            .arg("--")
            .arg(program);
        c
    } else {
        Command::new(program)
    };
    c.args(args);
    // tesseract's OpenMP threads spin: on a shared server one thread per
    // page is as fast (3.6 s a page here, against 10.5 s with two) and
    // leaves the other cores to other requests.
    c.env("OMP_THREAD_LIMIT", "1");
    c
}

/// Whether `program` can be started at all.
pub fn installed(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            let p = dir.join(program);
            p.is_file()
        })
    })
}

/// A private temporary directory, removed with everything in it when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> std::io::Result<Self> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let base = std::env::temp_dir();
        loop {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let path = base.join(format!("dondoc-read-{}-{n}-{nanos}", std::process::id()));
            let mut builder = std::fs::DirBuilder::new();
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            match builder.create(&path) {
                Ok(()) => return Ok(TempDir(path)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
