"""Scorecard definitions, validation and scoring. Pure Python, no Qt."""

from .loader import load_scorecard, scorecard_from_dict, translation_problems, validate_dict, validate_file
from .model import Essential, Question, Scorecard, tr_text
from .registry import ScorecardRegistry, builtin_dir, default_registry, user_dir
from .scoring import AnswerState, AssessmentScore, EssentialScore, score_assessment

__all__ = [
    "AnswerState", "AssessmentScore", "Essential", "EssentialScore", "Question", "Scorecard",
    "ScorecardRegistry", "builtin_dir", "default_registry", "load_scorecard", "score_assessment",
    "scorecard_from_dict", "tr_text", "translation_problems", "user_dir", "validate_dict",
    "validate_file",
]
