//! Signed exams: an HMAC-SHA-256 over everything `grade` scores or reports, made with a key
//! held by the exam terminal (`REHEARSE_EXAM_KEY`, or a file named by
//! `REHEARSE_EXAM_KEY_FILE`) and checked by `grade` with the same key.
//!
//! A signature proves only that someone holding the key wrote the transcript as it is;
//! what that is worth depends on who holds the key (docs/reports.md, "Signed exams").
//! Replay (`replay`) covers the customer's side for unsigned files too.

use std::path::PathBuf;

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

use crate::scenario::Ending;
use crate::transcript::{Line, Mode, RubricRef, Transcript, Turn};

/// The environment variable holding the key itself.
pub const KEY_VAR: &str = "REHEARSE_EXAM_KEY";
/// The environment variable naming a file that holds the key.
pub const KEY_FILE_VAR: &str = "REHEARSE_EXAM_KEY_FILE";
/// What a signature starts with: the algorithm, so another can follow without ambiguity.
const PREFIX: &str = "hmac-sha256:";
/// Keys shorter than this are refused: a guessable key proves nothing.
const MIN_KEY_BYTES: usize = 16;

/// Why the exam key could not be had.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The key file could not be read.
    #[error("{KEY_FILE_VAR}={}: {source}", path.display())]
    Unreadable {
        /// The file named.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The key is too short to be a secret.
    #[error(
        "the exam key from {from} is {len} bytes; use at least {MIN_KEY_BYTES} random bytes (e.g. `openssl rand -hex 32`)"
    )]
    TooShort {
        /// Which variable it came from.
        from: &'static str,
        /// Its length.
        len: usize,
    },
}

/// The secret that signs and checks exam transcripts.
#[derive(Clone)]
pub struct ExamKey(Vec<u8>);

impl std::fmt::Debug for ExamKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret, not even in a debug dump.
        f.write_str("ExamKey(…)")
    }
}

impl ExamKey {
    /// The key from `REHEARSE_EXAM_KEY` (its bytes), or else from the file named by
    /// `REHEARSE_EXAM_KEY_FILE` (its bytes, without trailing white space); `None` when
    /// neither is set.
    pub fn from_env() -> Result<Option<ExamKey>, KeyError> {
        if let Some(key) = std::env::var_os(KEY_VAR).filter(|v| !v.is_empty()) {
            return ExamKey::new(key.into_encoded_bytes(), KEY_VAR).map(Some);
        }
        let Some(path) = std::env::var_os(KEY_FILE_VAR).filter(|v| !v.is_empty()) else {
            return Ok(None);
        };
        let path = PathBuf::from(path);
        let mut bytes = std::fs::read(&path).map_err(|source| KeyError::Unreadable {
            path: path.clone(),
            source,
        })?;
        while bytes.last().is_some_and(|b| b.is_ascii_whitespace()) {
            bytes.pop();
        }
        ExamKey::new(bytes, KEY_FILE_VAR).map(Some)
    }

    /// A key from raw bytes.
    pub fn new(bytes: Vec<u8>, from: &'static str) -> Result<ExamKey, KeyError> {
        if bytes.len() < MIN_KEY_BYTES {
            return Err(KeyError::TooShort {
                from,
                len: bytes.len(),
            });
        }
        Ok(ExamKey(bytes))
    }

    fn mac(&self, transcript: &Transcript) -> Hmac<Sha256> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(&canonical(transcript));
        mac
    }

    /// The signature of `transcript` as it stands (its own `signature` field aside).
    pub fn sign(&self, transcript: &Transcript) -> String {
        let bytes = self.mac(transcript).finalize().into_bytes();
        let mut text = String::with_capacity(PREFIX.len() + 64);
        text.push_str(PREFIX);
        for b in bytes {
            text.push_str(&format!("{b:02x}"));
        }
        text
    }

    /// Whether `transcript` carries a valid signature made with this key.
    pub fn check(&self, transcript: &Transcript) -> Signature {
        let Some(signature) = &transcript.signature else {
            return Signature::Unsigned;
        };
        let Some(bytes) = signature.strip_prefix(PREFIX).and_then(from_hex) else {
            return Signature::BadSignature;
        };
        // `verify_slice` compares in constant time.
        match self.mac(transcript).verify_slice(&bytes) {
            Ok(()) => Signature::Valid,
            Err(_) => Signature::BadSignature,
        }
    }
}

/// What `grade` found out about a transcript's signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signature {
    /// Signed with the key `grade` holds, and unchanged since.
    Valid,
    /// Signed, but not with that key, or changed since: refused.
    BadSignature,
    /// No signature.
    Unsigned,
    /// Signed, but `grade` has no key to check it with.
    NotChecked,
}

impl Signature {
    /// The status as reports write it.
    pub fn name(self) -> &'static str {
        match self {
            Signature::Valid => "valid",
            Signature::BadSignature => "bad-signature",
            Signature::Unsigned => "unsigned",
            Signature::NotChecked => "not-checked",
        }
    }
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() != 64 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Everything graded or reported, in a fixed order and encoding (JSON of these structs,
/// whose field order is their declaration order), so that the same transcript read from
/// YAML or JSON, reformatted or commented, signs the same. Versioned by its first field.
#[derive(Serialize)]
struct Canonical<'t> {
    signed: &'static str,
    scenario: &'t str,
    scenario_hash: &'t str,
    rubrics: &'t [RubricRef],
    // Left out when absent, so transcripts from before it sign as they did.
    #[serde(skip_serializing_if = "Option::is_none")]
    engine: Option<u32>,
    seed: u64,
    mode: Mode,
    trainee: &'t str,
    trainee_id: Option<&'t str>,
    started: &'t str,
    finished: Option<&'t str>,
    ending: Option<Ending>,
    turns: Vec<CanonicalTurn<'t>>,
    closing: &'t [Line],
}

#[derive(Serialize)]
struct CanonicalTurn<'t> {
    step: &'t str,
    customer: &'t [Line],
    reply: &'t str,
    latency_ms: Option<u64>,
    mood_before: u8,
    mood_after: u8,
}

fn canonical_turn(turn: &Turn) -> CanonicalTurn<'_> {
    CanonicalTurn {
        step: &turn.step,
        customer: &turn.customer,
        reply: &turn.reply,
        latency_ms: turn.latency_ms,
        mood_before: turn.mood_before,
        mood_after: turn.mood_after,
    }
}

fn canonical(t: &Transcript) -> Vec<u8> {
    let canonical = Canonical {
        signed: "rehearse transcript 1",
        scenario: &t.scenario,
        scenario_hash: &t.scenario_hash,
        rubrics: &t.rubrics,
        engine: t.engine,
        seed: t.seed,
        mode: t.mode,
        trainee: &t.trainee,
        trainee_id: t.trainee_id.as_deref(),
        started: &t.started,
        finished: t.finished.as_deref(),
        ending: t.ending,
        turns: t.turns.iter().map(canonical_turn).collect(),
        closing: &t.closing,
    };
    serde_json::to_vec(&canonical).expect("plain structs of strings and numbers serialize")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transcript() -> Transcript {
        let text = "rehearse: 1\nscenario: s\nscenario_hash: sha256:1\ntrainee: A\nseed: 3\nmode: exam\nstarted: 2026-11-20T09:00:00Z\nfinished: 2026-11-20T09:05:00Z\nending: resolved\nturns:\n- step: opening\n  customer:\n  - speaker: C\n    text: Hi.\n  reply: Hello.\n  latency_ms: 900\n  mood_before: 5\n  mood_after: 4\nclosing:\n- speaker: C\n  text: Bye.\n";
        serde_yaml::from_str(text).expect("a valid transcript")
    }

    #[test]
    fn every_graded_field_is_signed() {
        let key = ExamKey::new(b"0123456789abcdef0123".to_vec(), KEY_VAR).unwrap();
        let mut signed = transcript();
        signed.signature = Some(key.sign(&signed));
        assert_eq!(key.check(&signed), Signature::Valid);
        let edits: [fn(&mut Transcript); 11] = [
            |t| t.scenario_hash.push('0'),
            |t| t.engine = Some(1),
            |t| t.seed += 1,
            |t| t.mode = Mode::Practice,
            |t| t.trainee_id = Some("E-1".into()),
            |t| t.finished = None,
            |t| t.ending = Some(Ending::Escalated),
            |t| t.turns[0].reply.push('!'),
            |t| t.turns[0].latency_ms = None,
            |t| t.turns[0].mood_after = 3,
            |t| t.closing.clear(),
        ];
        for (i, edit) in edits.iter().enumerate() {
            let mut edited = signed.clone();
            edit(&mut edited);
            assert_eq!(key.check(&edited), Signature::BadSignature, "edit {i}");
        }
        let mut garbled = signed.clone();
        garbled.signature = Some("hmac-sha256:zz".into());
        assert_eq!(key.check(&garbled), Signature::BadSignature);
        assert!(ExamKey::new(b"short".to_vec(), KEY_VAR).is_err());
        assert_eq!(
            format!("{key:?}"),
            "ExamKey(…)",
            "the secret is never printed"
        );
    }
}
