//! The shipped library covers every persona, channel and interaction stage the guidelines
//! describe; asserted from the files themselves.

use std::collections::HashSet;

use rehearse::library::Library;
use rehearse::scenario::{Channel, Language, Persona};

/// Skill ids the guidelines call for, each a stage of an interaction or a difficult-customer
/// technique.
const REQUIRED_SKILLS: &[&str] = &[
    "greeting",
    "introduction",
    "returning-recognition",
    "group-greeting",
    "address-individuals",
    "busy-acknowledge",
    "need-identification",
    "active-listening",
    "empathy",
    "apology",
    "de-escalation",
    "escalation",
    "boundaries",
    "verification",
    "positive-language",
    "professional-style",
    "expectation-setting",
    "understanding-check",
    "offer-more-help",
    "farewell",
    "email-salutation",
    "email-sign-off",
    "chat-brevity",
];

#[test]
fn every_required_skill_is_in_a_rubric_used_by_a_scenario() {
    let library = Library::builtin();
    for skill in REQUIRED_SKILLS {
        let rubrics: Vec<&str> = library
            .rubrics
            .iter()
            .filter(|r| r.skill(skill).is_some())
            .map(|r| r.id.as_str())
            .collect();
        assert!(!rubrics.is_empty(), "no rubric has skill `{skill}`");
        let used = library
            .scenarios
            .iter()
            .any(|s| s.rubrics.iter().any(|r| rubrics.contains(&r.as_str())));
        assert!(used, "no scenario uses a rubric with `{skill}`");
    }
}

#[test]
fn every_skill_has_examples_both_ways_and_a_suggestion() {
    let library = Library::builtin();
    for rubric in &library.rubrics {
        for skill in &rubric.skills {
            assert!(
                !skill.examples.hit.is_empty(),
                "{}.{} has no hit example",
                rubric.id,
                skill.id
            );
            assert!(
                !skill.examples.miss.is_empty(),
                "{}.{} has no miss example",
                rubric.id,
                skill.id
            );
            assert!(
                skill.feedback.suggest.is_some(),
                "{}.{} has no suggested phrasing",
                rubric.id,
                skill.id
            );
            assert!(
                skill.stage.is_some(),
                "{}.{} has no stage",
                rubric.id,
                skill.id
            );
        }
    }
    let stages: HashSet<&str> = library
        .rubrics
        .iter()
        .flat_map(|r| &r.skills)
        .filter_map(|s| s.stage.as_deref())
        .collect();
    for stage in [
        "greeting",
        "need",
        "verification",
        "solution",
        "understanding",
        "closure",
        "difficult",
        "persona",
        "style",
    ] {
        assert!(stages.contains(stage), "no skill for the {stage} stage");
    }
}

#[test]
fn scenario_mix_matches_the_brief() {
    let library = Library::builtin();
    let count = |p: Persona| library.scenarios.iter().filter(|s| s.persona == p).count();
    assert!(library.scenarios.len() >= 14);
    assert!(count(Persona::Angry) >= 3);
    assert!(count(Persona::Returning) >= 2);
    assert!(count(Persona::Group) >= 2);
    assert!(count(Persona::BusyTime) >= 2);
    assert!(
        library
            .scenarios
            .iter()
            .filter(|s| s.language == Language::Zh)
            .count()
            >= 2
    );
    for channel in [
        Channel::Phone,
        Channel::Chat,
        Channel::Email,
        Channel::InPerson,
    ] {
        assert!(
            library.scenarios.iter().any(|s| s.channel == channel),
            "no {channel:?} scenario"
        );
    }
    let difficulties: HashSet<u8> = library.scenarios.iter().map(|s| s.difficulty).collect();
    assert_eq!(
        difficulties.len(),
        5,
        "difficulty 1–5 all used: {difficulties:?}"
    );
    for scenario in &library.scenarios {
        let endings: HashSet<_> = scenario.steps.iter().filter_map(|s| s.end).collect();
        let can_walk_out = scenario.customer.walk_out_at <= 10;
        assert!(
            endings.len() + usize::from(can_walk_out) >= 2,
            "{} needs two endings",
            scenario.id
        );
        assert!(
            scenario.steps.iter().any(|s| s.say.len() > 1),
            "{} has no line variants",
            scenario.id
        );
        assert!(
            scenario.examples.len() >= 2,
            "{} needs a good and a bad example",
            scenario.id
        );
    }
}
