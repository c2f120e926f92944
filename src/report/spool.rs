//! Each transcript's part of a report, kept in an unnamed temporary file until the cohort
//! is complete. The parts are made while grading (so full scorecards need not stay in
//! memory), but some of what surrounds them — the attempt number — is known only once
//! every transcript has been read. The file has no name, so nothing is left behind
//! whatever way the process ends.

use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

/// Parts written in order, read back in the same order.
#[derive(Debug)]
pub struct Spool {
    file: BufWriter<std::fs::File>,
    /// Length of each part, in order.
    lengths: Vec<u64>,
}

impl Spool {
    /// An empty spool.
    pub fn new() -> io::Result<Spool> {
        Ok(Spool {
            file: BufWriter::new(tempfile::tempfile()?),
            lengths: Vec::new(),
        })
    }

    /// Adds the next part.
    pub fn push(&mut self, part: &[u8]) -> io::Result<()> {
        self.file.write_all(part)?;
        self.lengths.push(part.len() as u64);
        Ok(())
    }

    /// Hands each part, with its index, to `each`, in the order they were added.
    pub fn replay(self, each: &mut dyn FnMut(usize, &[u8]) -> io::Result<()>) -> io::Result<()> {
        let mut file = self.file.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        let mut reader = BufReader::new(file);
        let mut part = Vec::new();
        for (i, &length) in self.lengths.iter().enumerate() {
            part.clear();
            (&mut reader).take(length).read_to_end(&mut part)?;
            if part.len() as u64 != length {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the report's temporary file was cut short",
                ));
            }
            each(i, &part)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_come_back_whole_and_in_order() {
        let mut spool = Spool::new().unwrap();
        for part in ["one", "", "three\n"] {
            spool.push(part.as_bytes()).unwrap();
        }
        let mut seen = Vec::new();
        spool
            .replay(&mut |i, part| {
                seen.push((i, String::from_utf8(part.to_vec()).unwrap()));
                Ok(())
            })
            .unwrap();
        assert_eq!(
            seen,
            vec![(0, "one".into()), (1, String::new()), (2, "three\n".into())]
        );
    }
}
