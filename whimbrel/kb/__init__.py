"""The knowledge base: countries, generic agents, organisations and people with dated roles.

Data lives in reviewable YAML files (``data/kb``, see its README); :func:`load_kb` checks and indexes
them once per process.
"""

from whimbrel.kb.loader import kb_files, load_kb, parse_kb
from whimbrel.kb.model import (
    Agent,
    Country,
    KnowledgeBase,
    Organization,
    Person,
    Resolution,
    Role,
    norm_name,
)

__all__ = [
    "Agent",
    "Country",
    "KnowledgeBase",
    "Organization",
    "Person",
    "Resolution",
    "Role",
    "kb_files",
    "load_kb",
    "norm_name",
    "parse_kb",
]
