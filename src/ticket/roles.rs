//! What each of the author's sentences does (greeting, vague claim, concrete
//! symptom, steps, request …) and what the ticket is (problem, question,
//! request, feedback, other), as the models learned from labelled real text
//! judge them ([`crate::model`], `docs/labelling.md`). Regions, sentences and
//! times are parsed; these judgements of meaning are learned.

use serde::Serialize;

use super::TicketKind;
use super::features::{Cues, sentence_features, ticket_features};
use crate::diagnostic::Span;
use crate::model::Models;

/// What one sentence does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SentenceRole {
    /// Greets, thanks, signs off.
    Greeting,
    /// Says something fails without saying what or how ("nothing works").
    Vague,
    /// Says concretely what goes wrong: the error, what happens, to what.
    Symptom,
    /// What the author did, or how to reproduce.
    Steps,
    /// What should happen.
    Expected,
    /// Asks how to do something, or for information.
    Howto,
    /// Asks support for an action.
    Request,
    /// Judges the service or its people; vents.
    Complaint,
    /// Background: account, device, version, address.
    Context,
    Other,
}

impl SentenceRole {
    const ALL: [SentenceRole; 10] = [
        SentenceRole::Greeting,
        SentenceRole::Vague,
        SentenceRole::Symptom,
        SentenceRole::Steps,
        SentenceRole::Expected,
        SentenceRole::Howto,
        SentenceRole::Request,
        SentenceRole::Complaint,
        SentenceRole::Context,
        SentenceRole::Other,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            SentenceRole::Greeting => "greeting",
            SentenceRole::Vague => "vague",
            SentenceRole::Symptom => "symptom",
            SentenceRole::Steps => "steps",
            SentenceRole::Expected => "expected",
            SentenceRole::Howto => "howto",
            SentenceRole::Request => "request",
            SentenceRole::Complaint => "complaint",
            SentenceRole::Context => "context",
            SentenceRole::Other => "other",
        }
    }

    fn from_name(name: &str) -> Option<SentenceRole> {
        SentenceRole::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

impl TicketKind {
    fn from_name(name: &str) -> Option<TicketKind> {
        [
            TicketKind::Problem,
            TicketKind::Question,
            TicketKind::Request,
            TicketKind::Feedback,
            TicketKind::Other,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
    }
}

/// A model's answer and how sure it is (the probability of that answer).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Judged<T> {
    pub value: T,
    pub confidence: f32,
}

/// The most probable class whose name `parse` knows.
fn best<T>(
    classes: &[String],
    probs: &[f32],
    parse: impl Fn(&str) -> Option<T>,
) -> Option<Judged<T>> {
    classes
        .iter()
        .zip(probs)
        .filter_map(|(c, &p)| parse(c).map(|v| (v, p)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(value, confidence)| Judged { value, confidence })
}

/// The role of each sentence, in order, and every kind with its
/// probability, the most probable first. Each sentence's features are
/// computed once and read by both models.
pub fn judge(
    text: &str,
    sentences: &[Span],
    cues: &[Cues],
    has_image: bool,
    language: &str,
    models: &Models,
) -> (Vec<Judged<SentenceRole>>, Vec<Judged<TicketKind>>) {
    let features: Vec<Vec<u64>> = sentences
        .iter()
        .zip(cues)
        .enumerate()
        .map(|(i, (span, &cue))| {
            sentence_features(span.slice(text), cue, i, sentences.len(), language)
        })
        .collect();
    let m = &models.roles;
    let roles = features
        .iter()
        .map(|f| {
            best(m.classes(), &m.predict(f), SentenceRole::from_name).unwrap_or(Judged {
                value: SentenceRole::Other,
                confidence: 0.0,
            })
        })
        .collect();
    let m = &models.kind;
    let mut kinds: Vec<Judged<TicketKind>> = m
        .classes()
        .iter()
        .zip(m.predict(&ticket_features(&features, has_image, language)))
        .filter_map(|(c, p)| {
            TicketKind::from_name(c).map(|value| Judged {
                value,
                confidence: p,
            })
        })
        .collect();
    kinds.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    (roles, kinds)
}
