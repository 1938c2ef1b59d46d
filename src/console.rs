//! Writing to stdout and stderr without panicking when the reader has gone away.
//!
//! `println!` panics when stdout is a closed pipe (`eiam-sync reconcile --dry-run | head -1`).
//! Output is a courtesy to whoever reads it; the run's outcome is its exit code and the state
//! store, so once a stream is closed it is no longer written and the command ends as usual.

use std::fmt;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes to stdout; `false` once stdout cannot be written (the reader closed the pipe).
pub fn out(args: fmt::Arguments<'_>) -> bool {
    write_to(&mut io::stdout().lock(), args, &STDOUT_CLOSED)
}

/// Writes to stderr; `false` once stderr cannot be written.
pub fn err(args: fmt::Arguments<'_>) -> bool {
    write_to(&mut io::stderr().lock(), args, &STDERR_CLOSED)
}

/// Writes `value` to stdout as pretty JSON and a newline, streamed rather than built as one
/// string first: a report of a million operations is most of a gigabyte of text. `false` once
/// stdout cannot be written.
pub fn out_json<T: serde::Serialize>(value: &T) -> bool {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return false;
    }
    let mut w = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let written = serde_json::to_writer_pretty(&mut w, value)
        .map_err(|e| {
            if !e.is_io() {
                err(format_args!(
                    "error: the output could not be encoded as JSON: {e}\n"
                ));
            }
        })
        .and_then(|()| w.write_all(b"\n").and_then(|()| w.flush()).map_err(|_| ()));
    if written.is_err() {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
    }
    written.is_ok()
}

fn write_to(w: &mut dyn Write, args: fmt::Arguments<'_>, closed: &AtomicBool) -> bool {
    if closed.load(Ordering::Relaxed) {
        return false;
    }
    match w.write_fmt(args).and_then(|()| w.flush()) {
        Ok(()) => true,
        Err(_) => {
            // A closed pipe is the common case; any other write error (a full disk behind a
            // redirect) has nowhere better to be reported, and writing on would only fail again.
            closed.store(true, Ordering::Relaxed);
            false
        }
    }
}

/// `print!` that never panics: see [`out`].
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::console::out(format_args!($($arg)*))
    };
}

/// `println!` that never panics: see [`out`].
#[macro_export]
macro_rules! outln {
    () => {
        $crate::console::out(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::console::out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!` that never panics: see [`err`]. Nobody is left to tell when stderr is gone.
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {{
        let _ = $crate::console::err(format_args!("{}\n", format_args!($($arg)*)));
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(io::ErrorKind::BrokenPipe))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_stops_writing_without_panicking() {
        let closed = AtomicBool::new(false);
        assert!(!write_to(&mut Closed, format_args!("x"), &closed));
        assert!(closed.load(Ordering::Relaxed));
        let mut buf = Vec::new();
        assert!(!write_to(&mut buf, format_args!("y"), &closed));
        assert!(buf.is_empty(), "nothing is written after the pipe closed");
    }

    #[test]
    fn an_open_stream_gets_everything() {
        let closed = AtomicBool::new(false);
        let mut buf = Vec::new();
        assert!(write_to(&mut buf, format_args!("a {}\n", 1), &closed));
        assert_eq!(buf, b"a 1\n");
    }
}
