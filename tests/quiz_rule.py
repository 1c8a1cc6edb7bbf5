"""The needs quiz's rule in Python, for tests that check what the page's script picks."""

from __future__ import annotations

from dataclasses import dataclass

from handbook.i18n.translator import Translator
from handbook.model.offer import Package, QuizQuestion


@dataclass(frozen=True)
class Recommendation:
    """The package an answer set points to, and the answers that weighed most for it."""

    package: str
    because: list[str]


def recommend(
    tr: Translator,
    questions: list[QuizQuestion],
    packages: list[Package],
    choices: list[int | None],
) -> Recommendation | None:
    """Recommend a package for one answer per question (None: unanswered).

    The same rule as templates/assets/handbook-quiz.js: sum the weights, highest wins, ties go to
    the package listed first; "because" lists the chosen answers that added most.
    """
    slugs = [p.slug for p in packages]
    scores = dict.fromkeys(slugs, 0)
    picked = []
    for question, choice in zip(questions, choices, strict=True):
        if choice is None:
            continue
        answer = question.answers[choice]
        picked.append(answer)
        for slug, weight in answer.weights.items():
            if slug in scores:
                scores[slug] += weight
    if not picked:
        return None
    best = max(slugs, key=lambda slug: (scores[slug], -slugs.index(slug)))
    helpful = sorted(
        (a for a in picked if a.weights.get(best, 0) > 0),
        key=lambda a: -a.weights.get(best, 0),
    )
    return Recommendation(best, [tr.text(a.text) for a in helpful[:2]])
