//! What the customer listens for in a scenario — the phrases of its transitions' `says`,
//! rudeness, the fact questions — compiled once per scenario text and cached.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::memory::FactValues;
use super::questions::FactQuestions;
use super::rudeness::RudenessBook;
use crate::matcher::{MatchOptions, PhraseBook, PhraseId};
use crate::scenario::{Scenario, expand};
use crate::shared_cache::SharedCache;

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

impl Script {
    /// The scenario's script, from the cache when its exact text was compiled before.
    pub(super) fn of(scenario: &Scenario, values: &BTreeMap<String, String>) -> Arc<Script> {
        // By scenario id and content hash; a library has a few dozen scenarios.
        static SCRIPTS: SharedCache<(String, String), Arc<Script>> = SharedCache::new(256);
        let key = (scenario.id.clone(), scenario.hash.clone());
        if let Some(script) = SCRIPTS.get(&key) {
            return script;
        }
        let script = Arc::new(Script::compile(scenario, values));
        SCRIPTS.keep(key, Arc::clone(&script));
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
