"""Learning the role ranker from span gold: which candidate mention the annotators marked as actor, and as recipient.

Each gold event with actor or recipient words gives one choice per role among
its sentence's mentions, described at the trigger of the pattern event of the
gold type (or, when the patterns found none, at the main clause). A conditional
logit over the candidates of each choice is fitted by gradient descent with an
L2 penalty: the model the ranker's argmax reads (:class:`~eventwire.stages.learned.roles.RoleRanker`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from eventwire.evaluation.words import overlap
from eventwire.records import Mention
from eventwire.stages.events import role_finder
from eventwire.stages.events.roles import RoleWords
from eventwire.stages.learned.propose import finder_picks, main_clause, picked
from eventwire.stages.learned.roles import ACTOR, RECIPIENT, ROLES, RoleRanker, features, sentence_mentions
from eventwire.training.examples import Example


@dataclass(frozen=True, slots=True)
class Choice:
    """One role choice among a sentence's candidates: their features and which match the gold words."""

    role: str
    candidates: tuple[dict[str, float], ...]
    right: tuple[bool, ...]


def _names(m: Mention) -> tuple[str, ...]:
    return tuple(t for t in (m.text, m.actor.entity_text) if t)


def choices_of(example: Example, words: RoleWords) -> list[Choice]:
    """The role choices one training example gives (none where the gold names no words or no candidate fits)."""
    coding, out = example.coding, []
    if coding.doc is None or not coding.mentions:
        return out
    finder = role_finder(coding.mentions, words)
    for gold in example.item.events:
        if gold.actor_text is None and gold.recipient_text is None:
            continue
        pattern = next((e for e in coding.events if e.event in gold.types), None)
        if pattern is not None:
            trigger = coding.doc[pattern.trigger]
            by_span = {(m.start_char, m.end_char): m for m in coding.mentions}
            actors = [by_span[pattern.actor_span]] if pattern.actor_span in by_span else []
            recipients = [by_span[pattern.recipient_span]] if pattern.recipient_span in by_span else []
        else:
            sent = next((s for s in coding.doc.sents if sentence_mentions(coding.mentions, s)), None)
            if sent is None:
                continue
            trigger = main_clause(sent, words.report_verbs)
            actors, recipients = finder_picks(finder, trigger)
        sent = trigger.sent
        mentions = sentence_mentions(coding.mentions, sent)
        picks = picked(actors, recipients)
        feats = tuple(features(m, trigger, sent, gold.types[0], picks, i, len(mentions)) for i, m in enumerate(mentions))
        for role, text in ((ACTOR, gold.actor_text), (RECIPIENT, gold.recipient_text)):
            right = tuple(bool(text) and overlap(_names(m), text) for m in mentions)
            if any(right):
                out.append(Choice(role, feats, right))
    return out


def fit_ranker(choices: Sequence[Choice], penalty: float = 0.01, steps: int = 300, rate: float = 0.1) -> RoleRanker:
    """The role ranker fitted to the choices: per role, a conditional logit over each choice's candidates."""
    weights: dict[str, dict[str, float]] = {}
    for role in ROLES:
        mine = [c for c in choices if c.role == role]
        names = sorted({n for c in mine for f in c.candidates for n in f})
        weights[role] = _fit(mine, names, penalty, steps, rate) if mine else {}
    return RoleRanker(weights)


def _fit(choices: Sequence[Choice], names: list[str], penalty: float, steps: int, rate: float) -> dict[str, float]:
    column = {n: i for i, n in enumerate(names)}
    rows = [(g, f, r) for g, c in enumerate(choices) for f, r in zip(c.candidates, c.right, strict=True)]
    x = np.zeros((len(rows), len(names)))
    for i, (_, f, _) in enumerate(rows):
        for n, v in f.items():
            x[i, column[n]] = v
    group = np.array([g for g, _, _ in rows])
    right = np.array([r for _, _, r in rows], dtype=float)
    w, m, v = np.zeros(len(names)), np.zeros(len(names)), np.zeros(len(names))
    for step in range(1, steps + 1):
        z = x @ w
        z = z - np.maximum.reduceat(z, _starts(group))[group]
        e = np.exp(z)
        p = e / np.add.reduceat(e, _starts(group))[group]
        er = e * right
        q = er / np.add.reduceat(er, _starts(group))[group]
        grad = x.T @ (p - q) / len(choices) + penalty * w
        # Adam: the features differ widely in how often they fire
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= rate * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return {n: round(float(w[i]), 4) for n, i in column.items() if abs(w[i]) > 1e-4}


def _starts(group: np.ndarray) -> np.ndarray:
    return np.flatnonzero(np.r_[True, group[1:] != group[:-1]])


def choice_accuracy(ranker: RoleRanker, choices: Sequence[Choice]) -> dict[str, float]:
    """Per role, the share of choices where the ranker's top candidate is one the gold marks."""
    out = {}
    for role in ROLES:
        mine = [c for c in choices if c.role == role]
        hits = sum(c.right[max(range(len(c.candidates)), key=lambda i: (ranker.score(role, c.candidates[i]), -i))]
                   for c in mine)
        out[role] = round(hits / len(mine), 3) if mine else 0.0
    return out
