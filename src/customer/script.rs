//! What the customer listens for in a scenario — the phrases of its transitions' `says`,
//! rudeness, the fact questions — compiled once per scenario text and cached.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::memory::FactValues;
use super::questions::FactQuestions;
use super::rudeness::RudenessBook;
use crate::matcher::{MatchOptions, PhraseBook, PhraseId};
use crate::scenario::{Scenario, expand};

/// What the customer listens for in a scenario, compiled once per scenario and shared
/// by its conversations: a cohort replays thousands of them, and compiling these
/// automata for each took a third of `grade`'s time.
pub(super) struct Script {
    pub(super) says: Arc<PhraseBook>,
    pub(super) says_ids: Arc<Vec<Vec<Vec<PhraseId>>>>,
    pub(super) rudeness: Arc<RudenessBook>,
    pub(super) questions: Arc<FactQuestions>,
    pub(super) facts: Arc<FactValues>,
}

/// Compiled scripts by scenario id and content hash.
type Scripts = rustc_hash::FxHashMap<(String, String), Arc<Script>>;

/// Most scenarios whose compiled scripts are kept (a library has a few dozen).
const SCRIPT_CACHE: usize = 256;

impl Script {
    /// The scenario's script, from the cache when its exact text was compiled before.
    pub(super) fn of(scenario: &Scenario, values: &BTreeMap<String, String>) -> Arc<Script> {
        static SCRIPTS: std::sync::OnceLock<std::sync::Mutex<Scripts>> = std::sync::OnceLock::new();
        let cache = SCRIPTS.get_or_init(Default::default);
        let key = (scenario.id.clone(), scenario.hash.clone());
        // A poisoned lock only means another thread panicked mid-insert; the map is
        // still a valid cache.
        let lock = || {
            cache
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(script) = lock().get(&key) {
            return Arc::clone(script);
        }
        let script = Arc::new(Script::compile(scenario, values));
        let mut map = lock();
        if map.len() < SCRIPT_CACHE {
            map.insert(key, Arc::clone(&script));
        }
        script
    }

    fn compile(scenario: &Scenario, values: &BTreeMap<String, String>) -> Script {
        let mut builder = PhraseBook::builder();
        let options = MatchOptions {
            fuzzy: None,
            negation: true,
        };
        let says_ids = scenario
            .steps
            .iter()
            .map(|step| {
                step.next
                    .iter()
                    .map(|t| {
                        t.when
                            .says
                            .iter()
                            .filter_map(|p| builder.phrase(&expand(p, values), options))
                            .collect()
                    })
                    .collect()
            })
            .collect();
        Script {
            says: Arc::new(builder.build()),
            says_ids: Arc::new(says_ids),
            rudeness: Arc::new(RudenessBook::new(scenario)),
            questions: Arc::new(FactQuestions::new(scenario)),
            facts: Arc::new(FactValues::new(&scenario.customer.facts)),
        }
    }
}
