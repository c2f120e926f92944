//! Gaming checks: keyword stuffing, the same reply again, and the customer's words pasted
//! back. A flagged reply earns no positive points and costs the rubric's gaming penalty.

use super::{Check, Finding, GamingFinding, Grader, Prepared, Reply};

/// A reply hitting this many skills' phrases…
const STUFFING_SKILLS: usize = 4;
/// …with this share of its words inside matched phrases is stuffed.
const STUFFING_COVERAGE: f64 = 0.6;
/// Replies sharing this share of word pairs with an earlier one (both ways) are repeats.
const REPEAT_SIMILARITY: f64 = 0.9;
/// Replies with this share of word pairs copied from the customer are echoes.
const ECHO_SHARE: f64 = 0.8;
/// Short replies ("yes", "thank you") are allowed to repeat and echo.
const MIN_WORDS: usize = 4;

/// Flags gaming on reply `index` (its rule findings are `findings`), pushing to `found`.
pub(super) fn gaming_checks(
    grader: &Grader,
    reply: &Reply<'_>,
    texts: &[Prepared],
    index: usize,
    findings: &[Finding],
    found: &mut Vec<GamingFinding>,
) {
    let turn = index + 1;
    let this = &texts[index];
    if this.profile.words < MIN_WORDS {
        return;
    }

    // Stuffing: many skills hit, little else said.
    let mut skills_hit = 0;
    let mut covered: Vec<(usize, usize)> = Vec::new();
    for skill in &grader.skills {
        let mut hit = false;
        for r in skill.rules.clone() {
            // Only phrase hits count: a question or a mirrored word is not a keyword. (The
            // finding is read first: most are misses, and it is at hand.)
            if let Finding::Positive(Some(mark)) = findings[r]
                && matches!(grader.rules[r].check, Check::Require(_))
            {
                hit = true;
                let span = this
                    .text
                    .original_span(mark.start as usize, mark.end as usize);
                covered.push((span.start, span.end));
            }
        }
        skills_hit += usize::from(hit);
    }
    if skills_hit >= STUFFING_SKILLS {
        let all = this.original_words(reply.text);
        let inside = all
            .iter()
            .filter(|(s, e)| covered.iter().any(|(cs, ce)| s >= cs && e <= ce))
            .count();
        let coverage = inside as f64 / all.len().max(1) as f64;
        if coverage >= STUFFING_COVERAGE {
            found.push(GamingFinding {
                turn,
                kind: "stuffing".into(),
                note: format!(
                    "this reply strings together phrases for {skills_hit} skills with little else ({:.0}% of its words are scored phrases); say what you would really say to this customer",
                    coverage * 100.0
                ),
            });
        }
    }

    // Repetition: the same reply given before (nearly all word pairs shared, both ways).
    for (earlier, previous) in texts[..index].iter().enumerate() {
        let (a, b) = (&this.profile, &previous.profile);
        let same = a.whole == b.whole && a.words == b.words;
        if b.words >= MIN_WORDS
            && (same
                || (a.copied_at_least(b, REPEAT_SIMILARITY)
                    && b.copied_at_least(a, REPEAT_SIMILARITY)))
        {
            found.push(GamingFinding {
                turn,
                kind: "repetition".into(),
                note: format!(
                    "this reply repeats your reply {}; answer what the customer just said",
                    earlier + 1
                ),
            });
            break;
        }
    }

    // Echo: the customer's words handed back.
    if this.customer.words > 0 && this.profile.copied_at_least(&this.customer, ECHO_SHARE) {
        found.push(GamingFinding {
            turn,
            kind: "echo".into(),
            note: "this reply copies the customer's own words back; mirror a few key words inside your own sentence instead".into(),
        });
    }
}
