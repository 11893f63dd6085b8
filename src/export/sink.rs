//! Where a text export goes while it is made: straight into the output (a temporary file, a
//! pipe, stdout, or a buffer for `render`), so a large export is never held whole in memory.

use std::fmt;
use std::io;

/// Text written into an `io::Write` as it comes. Writing never fails on the spot: the first I/O
/// error is kept, later writes are skipped, and [`Sink::finish`] returns it.
pub struct Sink<'w> {
    out: &'w mut dyn io::Write,
    error: Option<io::Error>,
}

impl<'w> Sink<'w> {
    pub fn new(out: &'w mut dyn io::Write) -> Sink<'w> {
        Sink { out, error: None }
    }

    pub fn push_str(&mut self, text: &str) {
        if self.error.is_none()
            && let Err(e) = self.out.write_all(text.as_bytes())
        {
            self.error = Some(e);
        }
    }

    pub fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    /// The first write that failed, if any.
    pub fn finish(self) -> io::Result<()> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

impl fmt::Write for Sink<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.push_str(text);
        if self.error.is_some() {
            Err(fmt::Error)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;

    struct Full;

    impl io::Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn text_goes_through_and_the_first_error_is_kept() {
        let mut bytes = Vec::new();
        let mut sink = Sink::new(&mut bytes);
        sink.push_str("a");
        sink.push('é');
        let _ = write!(sink, "{}", 1);
        sink.finish().unwrap();
        assert_eq!(bytes, "aé1".as_bytes());
        let mut full = Full;
        let mut sink = Sink::new(&mut full);
        sink.push_str("a");
        assert!(write!(sink, "b").is_err());
        assert_eq!(
            sink.finish().unwrap_err().kind(),
            io::ErrorKind::StorageFull
        );
    }
}
