//! Running rules on replies: each reply normalised, scanned and profiled once, then every
//! rule its phrases woke (and those that read every reply) checked, then the gaming checks.

use super::*;

/// Where a rule found something in one reply. Positions are byte offsets in the
/// normalised reply, except for style problems, which point into the reply as typed.
/// Evidence text is cut from the reply only when a scorecard is made.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mark {
    pub(super) start: u32,
    pub(super) end: u32,
    pub(super) kind: MarkKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MarkKind {
    /// A required phrase or the customer's name; `true` when by typo tolerance.
    Phrase(bool),
    Question,
    Mirror,
    Forbidden,
    Substitute,
    Jargon,
    /// Account details before identity was checked.
    Order,
    /// A style problem (positions in the reply as typed).
    Style(StyleMark),
}

/// Which style problem a mark is (its positions are the mark's own), so that a mark stays
/// small: a conversation has one finding per rule per reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StyleMark {
    Caps,
    Bangs,
    TooShort,
    TooLong,
}

impl StyleMark {
    /// The problem and where it is in the reply as typed (length problems have no place).
    pub(super) fn of(problem: rules::StyleProblem) -> (StyleMark, usize, usize) {
        match problem {
            rules::StyleProblem::Caps(s, e) => (StyleMark::Caps, s, e),
            rules::StyleProblem::Bangs(s, e) => (StyleMark::Bangs, s, e),
            rules::StyleProblem::TooShort => (StyleMark::TooShort, 0, 0),
            rules::StyleProblem::TooLong => (StyleMark::TooLong, 0, 0),
        }
    }

    /// The problem again, from the mark.
    pub(super) fn problem(self, start: usize, end: usize) -> rules::StyleProblem {
        match self {
            StyleMark::Caps => rules::StyleProblem::Caps(start, end),
            StyleMark::Bangs => rules::StyleProblem::Bangs(start, end),
            StyleMark::TooShort => rules::StyleProblem::TooShort,
            StyleMark::TooLong => rules::StyleProblem::TooLong,
        }
    }
}

impl Mark {
    pub(super) fn new(start: usize, end: usize, kind: MarkKind) -> Mark {
        Mark {
            start: start as u32,
            end: end as u32,
            kind,
        }
    }
}

/// What one rule found in one reply.
#[derive(Debug, Clone, Copy)]
pub(super) enum Finding {
    /// Positive rule: the hit, if any.
    Positive(Option<Mark>),
    /// Guard rule: its violations, as a range of [`Evaluation::marks`].
    Guard { from: u32, to: u32 },
    /// Order rule: byte position of the first `first` phrase and the first `then`.
    Order {
        first: Option<u32>,
        then: Option<Mark>,
    },
}

/// Every rule run on every reply of a conversation.
#[derive(Debug, Default)]
pub(super) struct Evaluation {
    pub(super) prepared: Vec<Prepared>,
    /// Reply-major: reply `i`, rule `r` is at `i * rules + r`.
    pub(super) findings: Vec<Finding>,
    pub(super) marks: Vec<Mark>,
    /// Gaming flagged, in reply order.
    pub(super) gaming: Vec<GamingFinding>,
    /// The replies evaluated, by their words (exact repeats).
    pub(super) repeats: Repeats,
    /// Every figure the customer has said so far ("11.99"), for read-backs (see
    /// [`rules::said_by_customer`]). A set: a long call says many figures, and looking
    /// each new one up in a list made grading quadratic in them.
    pub(super) said: rustc_hash::FxHashSet<String>,
    pub(super) rules: usize,
    /// Rule-major, a bit per reply: the replies each rule was run on. Elsewhere it found
    /// nothing (see [`Grader::nothing`]).
    pub(super) woken: Vec<u64>,
    /// Words of `woken` per rule.
    pub(super) stride: usize,
}

/// Most replies whose buffers a thread keeps for its next conversation.
pub(super) const SPARE_REPLIES: usize = 256;

thread_local! {
    /// The evaluation of the last conversation graded on this thread, emptied, so that the
    /// next one (a cohort grades thousands per thread) reuses its memory.
    static SPARE: std::cell::Cell<Option<Evaluation>> = const { std::cell::Cell::new(None) };
}

impl Evaluation {
    /// Keeps this evaluation's memory for the next conversation graded on this thread.
    pub(super) fn recycle(self) {
        if self.prepared.len() <= SPARE_REPLIES {
            // While the thread is ending there is nowhere to keep it, and no need.
            let _ = SPARE.try_with(|spare| spare.set(Some(self)));
        }
    }

    pub(super) fn finding(&self, reply: usize, rule: usize) -> Finding {
        self.findings[reply * self.rules + rule]
    }

    /// The replies rule `rule` was run on, in order: every reply of an evaluation made a
    /// reply at a time (`stride` 0), whose unwoken findings read as nothing found.
    pub(super) fn woken(&self, rule: usize) -> impl Iterator<Item = usize> + '_ {
        let every = (self.stride == 0).then_some(0..self.prepared.len());
        every.into_iter().flatten().chain(
            self.woken[rule * self.stride..(rule + 1) * self.stride]
                .iter()
                .enumerate()
                .flat_map(|(word, &bits)| {
                    std::iter::successors((bits != 0).then_some(bits), |&b| {
                        let rest = b & (b - 1);
                        (rest != 0).then_some(rest)
                    })
                    .map(move |b| word * 64 + b.trailing_zeros() as usize)
                }),
        )
    }

    /// How many replies rule `rule` was run on (see [`Evaluation::woken`]).
    pub(super) fn woken_count(&self, rule: usize) -> usize {
        if self.stride == 0 {
            return self.prepared.len();
        }
        self.woken[rule * self.stride..(rule + 1) * self.stride]
            .iter()
            .map(|bits| bits.count_ones() as usize)
            .sum()
    }

    pub(super) fn violations(&self, from: u32, to: u32) -> &[Mark] {
        &self.marks[from as usize..to as usize]
    }
}

impl Grader {
    /// Runs every rule on every reply, then the gaming checks (which void a flagged
    /// reply's hits). Each reply is normalised, scanned and profiled once, unless this
    /// grader has done that already: then `prepared` holds them.
    pub(super) fn evaluate_all(
        &self,
        replies: &[Reply<'_>],
        prepared: Option<Vec<Prepared>>,
    ) -> Evaluation {
        // The buffers of the last conversation graded on this thread, if any.
        let mut eval = SPARE
            .try_with(|spare| spare.take())
            .ok()
            .flatten()
            .unwrap_or_default();
        let spare = std::mem::take(&mut eval.prepared);
        let prepared = prepared.unwrap_or_else(|| {
            let mut spare = spare.into_iter();
            replies
                .iter()
                .map(|reply| Prepared::new(self, reply, spare.next()))
                .collect()
        });
        debug_assert_eq!(prepared.len(), replies.len());
        let stride = replies.len().div_ceil(64);
        eval.findings.clear();
        eval.findings.reserve(replies.len() * self.rules.len());
        eval.marks.clear();
        eval.gaming.clear();
        eval.repeats.clear();
        eval.said.clear();
        eval.rules = self.rules.len();
        eval.woken.clear();
        eval.woken.resize(self.rules.len() * stride, 0);
        eval.stride = stride;
        eval.prepared = prepared;
        let mut woken = vec![0u64; self.rules.len().div_ceil(64)];
        for (index, reply) in replies.iter().enumerate() {
            self.evaluate_reply(&mut eval, index, reply, &mut woken);
        }
        eval
    }

    /// Appends `reply` to an evaluation of the replies before it (live coaching and the
    /// customer's reaction: each reply is evaluated once, however long the call). Such an
    /// evaluation keeps no record of which rules ran on which reply (`stride` 0): that is
    /// for whole-conversation scorecards.
    pub(super) fn evaluate_next(&self, eval: &mut Evaluation, reply: &Reply<'_>) {
        let index = eval.prepared.len();
        eval.rules = self.rules.len();
        eval.stride = 0;
        eval.prepared.push(Prepared::new(self, reply, None));
        let mut woken = vec![0u64; self.rules.len().div_ceil(64)];
        self.evaluate_reply(eval, index, reply, &mut woken);
    }

    /// Runs the rules reply `index`'s phrases woke (and those that read every reply) on
    /// it, then the gaming checks. `eval.prepared` already holds the reply.
    fn evaluate_reply(
        &self,
        eval: &mut Evaluation,
        index: usize,
        reply: &Reply<'_>,
        woken: &mut [u64],
    ) {
        // The customer's line before this reply, and every one before it, was heard.
        for figure in rules::figures(reply.customer) {
            eval.said.insert(figure);
        }
        // A reply may take up what the customer said a line or two before the latest.
        let earlier = [1, 2].map(|back| {
            let before = index.checked_sub(back)?;
            Some(Arc::clone(&eval.prepared[before].customer))
        });
        eval.prepared[index].set_earlier(earlier);
        let this = &eval.prepared[index];
        let from = eval.findings.len();
        // Most rules find nothing in most replies: only those a phrase of theirs hit,
        // and those that look at every reply, are run.
        eval.findings.extend_from_slice(&self.nothing);
        woken.fill(0);
        let wake = |woken: &mut [u64], r: u32| woken[r as usize / 64] |= 1 << (r % 64);
        for phrase in this.scan.hit_phrases() {
            for &r in &self.by_phrase[phrase.index()] {
                wake(woken, r);
            }
        }
        for &r in &self.always {
            wake(woken, r);
        }
        for (word, &bits) in woken.iter().enumerate() {
            let mut bits = bits;
            while bits != 0 {
                let r = word * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if eval.stride > 0 {
                    eval.woken[r * eval.stride + index / 64] |= 1 << (index % 64);
                }
                eval.findings[from + r] =
                    self.check(&self.rules[r], reply, this, &eval.said, &mut eval.marks);
            }
        }
        let findings = &mut eval.findings[from..];
        let before = eval.gaming.len();
        gaming_checks(
            self,
            &eval.prepared,
            (index, reply),
            findings,
            &mut eval.repeats,
            &mut eval.gaming,
        );
        if eval.gaming.len() > before {
            for finding in findings {
                if let Finding::Positive(hit) = finding {
                    *hit = None;
                }
            }
        }
    }

    /// The profile of a customer line, from the cache when the line was seen before.
    pub(super) fn customer_profile(&self, line: &str) -> Arc<rules::Profile> {
        // A poisoned lock only means another thread panicked mid-insert; the map is
        // still a valid cache.
        let cached = match self.customers.read() {
            Ok(map) => map.get(line).cloned(),
            Err(poisoned) => poisoned.into_inner().get(line).cloned(),
        };
        if let Some(profile) = cached {
            return profile;
        }
        let profile = Arc::new(rules::Profile::new(&normalize(line)));
        let mut map = match self.customers.write() {
            Ok(map) => map,
            Err(poisoned) => poisoned.into_inner(),
        };
        if map.len() < CUSTOMER_CACHE {
            map.insert(line.into(), Arc::clone(&profile));
        }
        profile
    }

    pub(super) fn first_hit(&self, needles: &[Needle], prepared: &Prepared) -> Option<Hit> {
        let mut best: Option<Hit> = None;
        for needle in needles {
            let hit = match needle {
                Needle::Phrase(id) => self.book.find(*id, &prepared.scan),
                Needle::Regex(id) => self.book.find_regex(*id, &prepared.text),
            };
            if let Some(hit) = hit
                && best.is_none_or(|b| hit.start < b.start)
            {
                best = Some(hit);
            }
        }
        best
    }

    /// The first `then` hit of an order rule that tells the customer something: figures
    /// read back to the customer who said them earlier in the call are passed over (see
    /// [`rules::said_by_customer`]).
    fn first_disclosure(
        &self,
        then: &[Needle],
        prepared: &Prepared,
        said: &rustc_hash::FxHashSet<String>,
        marks: &mut Vec<Mark>,
    ) -> Option<Mark> {
        let text = &prepared.text.text;
        let told =
            |m: &Mark| !rules::said_by_customer(text, m.start as usize, m.end as usize, said);
        let first = self.first_hit(then, prepared)?;
        let first = Mark::new(first.start, first.end, MarkKind::Order);
        if told(&first) {
            return Some(first);
        }
        // Rare: look at every hit, then put the marks back as they were.
        let from = marks.len();
        let mark = |h: crate::matcher::Hit| Mark::new(h.start, h.end, MarkKind::Order);
        for needle in then {
            match needle {
                Needle::Phrase(id) => {
                    marks.extend(self.book.find_all(*id, &prepared.scan).map(mark));
                }
                Needle::Regex(id) => {
                    marks.extend(self.book.find_regex_all(*id, &prepared.text).map(mark));
                }
            }
        }
        marks[from..].sort_by_key(|m| m.start);
        let kept = marks[from..].iter().copied().find(|m| told(m));
        marks.truncate(from);
        kept
    }

    /// Pushes a mark for every hit of every needle, in reading order.
    pub(super) fn all_hits(
        &self,
        needles: &[Needle],
        prepared: &Prepared,
        kind: MarkKind,
        marks: &mut Vec<Mark>,
    ) {
        let from = marks.len();
        for needle in needles {
            match needle {
                Needle::Phrase(id) => marks.extend(
                    self.book
                        .find_all(*id, &prepared.scan)
                        .map(|h| Mark::new(h.start, h.end, kind)),
                ),
                Needle::Regex(id) => marks.extend(
                    self.book
                        .find_regex(*id, &prepared.text)
                        .map(|h| Mark::new(h.start, h.end, kind)),
                ),
            }
        }
        marks[from..].sort_by_key(|m| m.start);
    }

    /// Whether a rule's contexts cancel its hit at `start..end`: an `unless` phrase
    /// overlaps it, or a `concession` phrase follows it after "but" in the same sentence (or
    /// in the next one, when that opens with "However," or "But").
    pub(super) fn cancelled(
        &self,
        compiled: &CompiledRule,
        prepared: &Prepared,
        start: u32,
        end: u32,
    ) -> bool {
        let hits = |needles: &[Needle]| {
            needles
                .iter()
                .filter_map(|n| match n {
                    Needle::Phrase(id) => Some(*id),
                    Needle::Regex(_) => None,
                })
                .flat_map(|id| self.book.find_all(id, &prepared.scan))
                .collect::<Vec<_>>()
        };
        let (start, end) = (start as usize, end as usize);
        if hits(&compiled.unless)
            .iter()
            .any(|h| h.start < end && start < h.end)
        {
            return true;
        }
        if compiled.concession.is_empty() {
            return false;
        }
        let text = &prepared.text.text;
        let Some((turn, stop)) = crate::matcher::concession_zone(text, end) else {
            return false;
        };
        hits(&compiled.concession)
            .iter()
            .any(|h| h.start >= turn && h.start < stop)
    }

    /// Removes the marks from `from` on that the rule's contexts cancel.
    pub(super) fn drop_cancelled(
        &self,
        compiled: &CompiledRule,
        prepared: &Prepared,
        from: usize,
        marks: &mut Vec<Mark>,
    ) {
        if compiled.unless.is_empty() && compiled.concession.is_empty() {
            return;
        }
        let mut k = from;
        for i in from..marks.len() {
            let m = marks[i];
            if !self.cancelled(compiled, prepared, m.start, m.end) {
                marks[k] = m;
                k += 1;
            }
        }
        marks.truncate(k);
    }

    pub(super) fn check(
        &self,
        compiled: &CompiledRule,
        reply: &Reply<'_>,
        prepared: &Prepared,
        said: &rustc_hash::FxHashSet<String>,
        marks: &mut Vec<Mark>,
    ) -> Finding {
        let from = marks.len() as u32;
        let guard = |marks: &Vec<Mark>| Finding::Guard {
            from,
            to: marks.len() as u32,
        };
        // None of the rule's phrases hit and it has no regex: nothing to look up.
        let silent = !compiled.regexes && !prepared.scan.any(&compiled.phrases);
        match &compiled.check {
            Check::Require(_) | Check::Personalise(_) if silent => Finding::Positive(None),
            Check::Forbid(_) | Check::Substitute { .. } if silent => guard(marks),
            Check::Order { .. } if silent => Finding::Order {
                first: None,
                then: None,
            },
            Check::Require(needles) | Check::Personalise(needles) => {
                let hit = if compiled.unless.is_empty() && compiled.concession.is_empty() {
                    self.first_hit(needles, prepared)
                        .map(|hit| Mark::new(hit.start, hit.end, MarkKind::Phrase(hit.fuzzy)))
                } else {
                    // Every hit in reading order, until one that no context cancels.
                    let from = marks.len();
                    self.all_hits(needles, prepared, MarkKind::Phrase(false), marks);
                    let kept = marks[from..]
                        .iter()
                        .copied()
                        .find(|m| !self.cancelled(compiled, prepared, m.start, m.end));
                    marks.truncate(from);
                    kept
                };
                Finding::Positive(hit)
            }
            Check::Forbid(needles) => {
                self.all_hits(needles, prepared, MarkKind::Forbidden, marks);
                self.drop_cancelled(compiled, prepared, from as usize, marks);
                guard(marks)
            }
            Check::Substitute { avoid, .. } => {
                self.all_hits(avoid, prepared, MarkKind::Substitute, marks);
                self.drop_cancelled(compiled, prepared, from as usize, marks);
                guard(marks)
            }
            Check::Order { first, then } => Finding::Order {
                first: self.first_hit(first, prepared).map(|h| h.start as u32),
                then: self.first_disclosure(then, prepared, said, marks),
            },
            Check::Mirror {
                min_words,
                max_copy,
            } => {
                // Any one of the customer's recent lines, taken up without copying it.
                let mirrors = |&(reused, copied): &(usize, f64)| {
                    copied <= *max_copy && reused >= *min_words && reused > 0
                };
                if !prepared.mirror().iter().any(mirrors) {
                    return Finding::Positive(None);
                }
                // Which words, and where, is worked out only for evidence.
                Finding::Positive(Some(Mark::new(0, 0, MarkKind::Mirror)))
            }
            Check::Introduce { others } => Finding::Positive(
                super::introduction::find(&prepared.text, reply.text, reply.trainee, others)
                    .map(|(s, e)| Mark::new(s, e, MarkKind::Phrase(false))),
            ),
            Check::Ask(kind) => Finding::Positive(
                prepared
                    .question(*kind)
                    .map(|(s, e)| Mark::new(s, e, MarkKind::Question)),
            ),
            Check::Style { style, jargon } => {
                let facts = prepared.style(reply.text);
                for problem in rules::style_problems(reply.text, facts, style) {
                    let (problem, s, e) = StyleMark::of(problem);
                    marks.push(Mark::new(s, e, MarkKind::Style(problem)));
                }
                if !silent {
                    self.all_hits(jargon, prepared, MarkKind::Jargon, marks);
                }
                guard(marks)
            }
        }
    }
}

/// A reply normalised, scanned and profiled once, with the customer's words before it.
/// What only some rule kinds need is worked out on first use.
#[derive(Debug)]
pub(super) struct Prepared {
    pub(super) text: NormalizedText,
    pub(super) scan: Scan,
    pub(super) profile: rules::Profile,
    pub(super) customer: Arc<rules::Profile>,
    /// The customer's lines before the one and the two replies before this one, when
    /// there were such replies: mirroring looks back that far.
    pub(super) earlier: [Option<Arc<rules::Profile>>; 2],
    /// Word spans of the reply as typed (style and stuffing checks).
    pub(super) original_words: std::cell::OnceCell<Vec<(usize, usize)>>,
    pub(super) style: std::cell::OnceCell<rules::StyleFacts>,
    /// Customer terms reused and the share copied (see [`rules::mirror`]), for the
    /// latest line and then the `earlier` ones ((0, 0.0) where there is none).
    pub(super) mirror: std::cell::OnceCell<[(usize, f64); 3]>,
    /// The first question of each kind, indexed by [`AskKind`] as a number.
    pub(super) questions: std::cell::OnceCell<[Option<(usize, usize)>; 3]>,
    /// Evidence of mirroring (the same for every mirror rule), made on first use.
    pub(super) mirror_evidence: std::cell::OnceCell<Evidence>,
    /// The scored phrases it holds (stuffing and recycling checks).
    pub(super) scored: Scored,
}

impl Prepared {
    /// Prepares a reply, reusing the buffers of one no longer needed.
    pub(super) fn new(grader: &Grader, reply: &Reply<'_>, spare: Option<Prepared>) -> Prepared {
        let (text, scan, profile) = match spare {
            Some(spare) => (Some(spare.text), spare.scan, spare.profile),
            None => (None, Scan::default(), rules::Profile::default()),
        };
        let text = NormalizedText::reusing(reply.text, text);
        let scan = grader.book.scan_reusing(&text, scan);
        Prepared {
            scored: Scored::of(grader, &scan),
            scan,
            profile: rules::Profile::reusing(&text.text, text.words(), profile),
            customer: grader.customer_profile(reply.customer),
            earlier: [None, None],
            text,
            original_words: std::cell::OnceCell::new(),
            style: std::cell::OnceCell::new(),
            mirror: std::cell::OnceCell::new(),
            questions: std::cell::OnceCell::new(),
            mirror_evidence: std::cell::OnceCell::new(),
        }
    }

    /// Sets the customer's earlier lines (see [`Prepared::earlier`]). What mirroring
    /// found is kept when they are the same lines it was found with.
    pub(super) fn set_earlier(&mut self, earlier: [Option<Arc<rules::Profile>>; 2]) {
        let same = |a: &Option<Arc<rules::Profile>>, b: &Option<Arc<rules::Profile>>| match (a, b) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        if !self.earlier.iter().zip(&earlier).all(|(a, b)| same(a, b)) {
            self.mirror.take();
            self.mirror_evidence.take();
        }
        self.earlier = earlier;
    }

    /// The customer's words this reply reuses, as evidence: it points at the first of
    /// them, alphabetically, where it first appears in the reply. Of the customer's
    /// recent lines, the one it takes up most (the latest, when two are even).
    pub(super) fn mirror_evidence(&self, original: &str) -> &Evidence {
        self.mirror_evidence.get_or_init(|| {
            let text = &self.text.text;
            let found = self.mirror();
            let mut line = &self.customer;
            let mut most = found[0].0;
            for (k, earlier) in self.earlier.iter().enumerate() {
                if let Some(earlier) = earlier
                    && found[k + 1].0 > most
                {
                    (line, most) = (earlier, found[k + 1].0);
                }
            }
            let terms = rules::mirrored_terms(&self.profile, text, line);
            let first = terms.first().copied().unwrap_or_default();
            let at = text.find(first).unwrap_or(0);
            let span = self.text.original_span(at, at + first.len());
            Evidence {
                turn: 0,
                text: original[span.start..span.end].to_string(),
                span: Some(span),
                note: Note::Mirrors(terms.iter().map(|t| t.to_string()).collect()),
            }
        })
    }

    pub(super) fn original_words(&self, original: &str) -> &[(usize, usize)] {
        if let Some(words) = self.text.typed_words() {
            return words;
        }
        self.original_words
            .get_or_init(|| crate::matcher::words(original))
    }

    pub(super) fn style(&self, original: &str) -> &rules::StyleFacts {
        self.style
            .get_or_init(|| rules::StyleFacts::new(original, self.original_words(original)))
    }

    pub(super) fn mirror(&self) -> [(usize, f64); 3] {
        *self.mirror.get_or_init(|| {
            let of = |line: &Option<Arc<rules::Profile>>| {
                line.as_ref()
                    .map_or((0, 0.0), |line| rules::mirror(&self.profile, line))
            };
            [
                rules::mirror(&self.profile, &self.customer),
                of(&self.earlier[0]),
                of(&self.earlier[1]),
            ]
        })
    }

    pub(super) fn question(&self, kind: AskKind) -> Option<(usize, usize)> {
        self.questions
            .get_or_init(|| rules::first_questions(&self.text.text))[kind as usize]
    }
}
