"""The domain as pydantic rows: the source of truth the loaders validate into and the GraphQL layer reads.

Each row has a natural key (`key`) that names its node for good, so that loading a source twice never
duplicates anything. Node keys: Enterprise.uscc, Permit.number, EIAApproval.doc_number, Pollutant.code,
HazardousWasteLicence.number, Penalty.decision_number; facilities and outlets are keyed by
"<owner>:<code>" because their codes (MF0001, TA001, DA001) are only unique within their owner: the enterprise
(USCC), or one of its discharge sites ("<USCC>/<site>") when a company runs several (排污单位, each with its permit).
"""

from graph.model.approvals import *  # noqa: F403
from graph.model.base import *  # noqa: F403
from graph.model.records import *  # noqa: F403
from graph.model.sites import *  # noqa: F403
