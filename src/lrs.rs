//! Posting xAPI statements to a learning record store (`grade --lrs URL`): in batches,
//! with basic-auth credentials, retrying with backoff when the LRS or the network fails,
//! and an account of what was stored and what was not. It never prints; `grade` does.

use std::time::Duration;

use base64::Engine;

/// Statements per POST: small enough for any LRS's request limit.
pub const BATCH: usize = 100;
/// Tries per batch when the LRS answers 5xx or cannot be reached.
const TRIES: u32 = 4;
/// The first wait before a retry; it doubles each time.
const FIRST_BACKOFF: Duration = Duration::from_millis(500);

/// Why the LRS cannot be used at all.
#[derive(Debug, thiserror::Error)]
pub enum LrsError {
    /// The credentials are not `user:password`.
    #[error("REHEARSE_LRS_AUTH must be `user:password`")]
    BadCredentials,
    /// The URL is not http(s).
    #[error("--lrs {0}: expected an http:// or https:// URL of the LRS (its xAPI endpoint)")]
    BadUrl(String),
}

/// An LRS endpoint with its credentials.
pub struct Lrs {
    statements: String,
    authorization: Option<String>,
    agent: ureq::Agent,
    backoff: Duration,
}

/// What happened to a batch that was not stored.
#[derive(Debug, Clone)]
pub struct Undelivered {
    /// Statement ids in the batch.
    pub ids: Vec<String>,
    /// Why: the LRS's status and answer, or the network error, after the last try.
    pub why: String,
}

/// What a delivery stored and what it did not.
#[derive(Debug, Clone, Default)]
pub struct Delivery {
    /// Statements the LRS stored (or already had: ids are deterministic).
    pub stored: usize,
    /// Batches that were not stored.
    pub failed: Vec<Undelivered>,
}

impl Lrs {
    /// The LRS at `url` (its xAPI endpoint, e.g. `https://lrs.example/xAPI/`, or the
    /// statements resource itself), with `user:password` credentials if given.
    pub fn new(url: &str, credentials: Option<&str>) -> Result<Lrs, LrsError> {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(LrsError::BadUrl(url.to_string()));
        }
        let trimmed = url.trim_end_matches('/');
        let statements = if trimmed.ends_with("/statements") {
            trimmed.to_string()
        } else {
            format!("{trimmed}/statements")
        };
        let authorization = match credentials {
            Some(c) if c.contains(':') => Some(format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(c)
            )),
            Some(_) => return Err(LrsError::BadCredentials),
            None => None,
        };
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Ok(Lrs {
            statements,
            authorization,
            agent,
            backoff: FIRST_BACKOFF,
        })
    }

    /// Posts `statements` (each one JSON object, with its `id`) in batches of [`BATCH`].
    pub fn post_all(&self, statements: &[(String, Vec<u8>)]) -> Delivery {
        let mut delivery = Delivery::default();
        for batch in statements.chunks(BATCH) {
            let mut body = Vec::with_capacity(batch.iter().map(|(_, s)| s.len() + 1).sum());
            body.push(b'[');
            for (i, (_, statement)) in batch.iter().enumerate() {
                if i > 0 {
                    body.push(b',');
                }
                body.extend_from_slice(statement.trim_ascii_end());
            }
            body.push(b']');
            let ids: Vec<String> = batch.iter().map(|(id, _)| id.clone()).collect();
            match self.post(&body) {
                Ok(()) => delivery.stored += batch.len(),
                // 409: some ids are stored already (a re-run); ids are deterministic, so
                // each one the LRS has is this very statement.
                Err((Some(409), why)) => {
                    let mut missing = Vec::new();
                    for (id, statement) in batch {
                        if self.has(id) || self.post(statement.trim_ascii_end()).is_ok() {
                            delivery.stored += 1;
                        } else {
                            missing.push(id.clone());
                        }
                    }
                    if !missing.is_empty() {
                        delivery.failed.push(Undelivered { ids: missing, why });
                    }
                }
                Err((_, why)) => delivery.failed.push(Undelivered { ids, why }),
            }
        }
        delivery
    }

    /// Whether the LRS holds a statement with this id.
    fn has(&self, id: &str) -> bool {
        let url = format!("{}?statementId={id}", self.statements);
        let mut request = self
            .agent
            .get(&url)
            .header("X-Experience-API-Version", "1.0.3");
        if let Some(auth) = &self.authorization {
            request = request.header("Authorization", auth);
        }
        matches!(request.call(), Ok(r) if r.status().as_u16() == 200)
    }

    /// One POST, retried with backoff on 5xx and network errors; the status and a
    /// description when it finally fails.
    fn post(&self, body: &[u8]) -> Result<(), (Option<u16>, String)> {
        let mut wait = self.backoff;
        let mut last = (None, String::new());
        for attempt in 1..=TRIES {
            let mut request = self
                .agent
                .post(&self.statements)
                .header("X-Experience-API-Version", "1.0.3")
                .header("Content-Type", "application/json");
            if let Some(auth) = &self.authorization {
                request = request.header("Authorization", auth);
            }
            match request.send(body) {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    if (200..300).contains(&status) {
                        return Ok(());
                    }
                    let text = response
                        .body_mut()
                        .read_to_string()
                        .unwrap_or_default()
                        .chars()
                        .take(300)
                        .collect::<String>();
                    last = (Some(status), format!("the LRS answered {status}: {text}"));
                    if status < 500 {
                        return Err(last);
                    }
                }
                Err(error) => last = (None, format!("could not reach the LRS: {error}")),
            }
            if attempt < TRIES {
                std::thread::sleep(wait);
                wait *= 2;
            }
        }
        last.1 = format!("{} (after {TRIES} tries)", last.1);
        Err(last)
    }
}
