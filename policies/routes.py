"""The routes a turn can take. One name per concept: `route` in code, config, API and audit."""

from enum import StrEnum


class Route(StrEnum):
    RULE = "rule"  # answered by a rule's template
    REFUSE = "refuse"  # refused with a template
    HANDOFF = "handoff"  # handed to a human
    RAG = "rag"  # model answer grounded in retrieved knowledge
    MODEL = "model"  # model answer
    HUMAN = "human"  # not a turn: a person's action on a handoff (claim, resolve, approve, reject), on the record
