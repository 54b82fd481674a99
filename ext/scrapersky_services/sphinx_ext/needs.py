"""The audit trail's need types, fields and link types, and the needs this extension adds.

Types and fields are registered through ``sphinx_needs.api``. sphinx-needs has no API
for link types yet, so the link types, the allowed statuses and the id pattern are merged
into the project's ``needs_*`` configuration on ``config-inited``, before sphinx-needs reads
it, and only where the project has not set them itself. The random id sphinx-needs gives
each rendered need's container is replaced by one made from the need's id, so that two
builds of the same input write the same HTML.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sphinx_needs.api import add_field, add_need_type, get_need_types

from ..analysis.rules import RULES
from ..analysis.services import KINDS
from ..config import SEVERITIES
from ..warnings_ import WarningSubtype, warn

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: (directive, title, id prefix, colour) of every need type of the audit trail.
NEED_TYPES = (
    ("mandate", "Mandate", "MAN-", "#dbe9ff"),
    ("service", "Background service", "SRV-", "#e4f4e4"),
    ("finding", "Finding", "F-", "#fde2e2"),
    ("workorder", "Work order", "WO-", "#fff4d6"),
    ("woitem", "Work-order item", "WOI-", "#fffbeb"),
)

#: Named link types: name -> (outgoing title, incoming title, allowed target types).
LINK_TYPES = {
    "violates": ("violates", "violated by", ["mandate"]),
    "affects": ("affects", "affected by", ["service"]),
    "resolves": ("resolves", "resolved by", ["finding"]),
    "part_of": ("part of", "items", ["workorder"]),
    "planned_in": ("planned in", "plans", ["woitem"]),
}

FINDING_STATUSES = ("open", "pending-review", "accepted", "false-positive", "fixed", "planned")
WORK_STATUSES = ("open", "in-progress", "done")
SERVICE_STATUSES = ("registered", "not-registered")
MANDATE_STATUSES = ("active",)
STATUSES = tuple(
    dict.fromkeys((*FINDING_STATUSES, *WORK_STATUSES, *SERVICE_STATUSES, *MANDATE_STATUSES))
)

#: Fields of the generated needs, typed where they take fixed values.
FIELDS = {
    "severity": ("Severity of a finding", {"type": "string", "enum": list(SEVERITIES)}),
    "rule": ("Audit rule of a finding", {"type": "string"}),
    "location": ("File and line a finding or service is at", {"type": "string"}),
    "fingerprint": ("Hash of the flagged code", {"type": "string"}),
    "module": ("Backend module", {"type": "string"}),
    "kind": (
        "Kind of background service",
        {"type": "string", "enum": list(KINDS)},
    ),
    "trigger": ("What starts a service, in words", {"type": "string"}),
    "workflow": ("Business workflow a service serves", {"type": "string"}),
    "owner": ("Team or person that owns a service", {"type": "string"}),
    "reviewer": ("Who triaged a finding", {"type": "string"}),
    "decided": ("When a finding was triaged", {"type": "string"}),
    "reason": ("Why a finding was triaged so", {"type": "string"}),
}  # fmt: skip

#: Prefixes of the ids that are not findings' (the work-order ids are hand-written); a
#: finding's id starts with its rule's code (:func:`.analysis.passes.finding_id`).
ID_PREFIXES = ("MAN", "SRV", "WO", "WOI")
SPHINX_NEEDS_DEFAULT_ID_REGEX = "^[A-Z0-9_]{5,}"


def id_pattern() -> str:
    """The ids of every need this extension knows: one of :data:`ID_PREFIXES` or the code
    of a registered rule (:data:`.analysis.rules.RULES`), a dash, then letters, digits and
    dashes. Built from the registry, so a new rule's findings are valid needs."""
    prefixes = "|".join(re.escape(prefix) for prefix in (*ID_PREFIXES, *RULES))
    return rf"^({prefixes})-[A-Z0-9][A-Z0-9-]*$"


def merge_needs_config(app: Sphinx, config: Config) -> None:
    """``config-inited`` (before sphinx-needs reads it): link types, statuses, id pattern."""
    links = dict(config.needs_links or {})
    for name, (outgoing, incoming, targets) in LINK_TYPES.items():
        links.setdefault(
            name, {"outgoing": outgoing, "incoming": incoming, "target_types": targets}
        )
    config.needs_links = links
    fields = dict(config.needs_fields or {})
    if "status" not in fields:
        fields["status"] = {"schema": {"type": "string", "enum": list(STATUSES)}}
    config.needs_fields = fields
    if config.needs_id_regex == SPHINX_NEEDS_DEFAULT_ID_REGEX:
        config.needs_id_regex = id_pattern()
    elif not re.match(config.needs_id_regex, "DB2-0A1B2C3D"):
        warn(
            f"needs_id_regex = {config.needs_id_regex!r} rejects finding ids such as 'DB2-0A1B2C3D'; "
            f"use {id_pattern()!r} or a pattern that accepts it",
            WarningSubtype.CONFIG,
        )


def register_need_types(app: Sphinx, config: Config) -> None:
    """``config-inited`` (after sphinx-needs resolved the configured types)."""
    existing = set(get_need_types(app))
    for directive, title, prefix, color in NEED_TYPES:
        if directive not in existing:
            add_need_type(app, directive, title, prefix, color, "node")
    known = set(config.needs_fields or {})
    for name, (description, schema) in FIELDS.items():
        if name not in known:
            add_field(name, description, schema=schema, nullable=True)


def service_need_id(service_id: str, length: int = 8) -> str:
    """A stable need id for a service (its id may hold any character)."""
    digest = hashlib.sha1(service_id.encode("utf-8", "replace"), usedforsecurity=False)
    return "SRV-" + digest.hexdigest()[:length].upper()


def service_need_ids(service_ids: Iterable[str]) -> dict[str, str]:
    """Each service's need id, distinct by construction: in id order, an id whose short
    hash another already has gets a longer one (and, past the whole hash, a number)."""
    found: dict[str, str] = {}
    taken: set[str] = set()
    for service_id in sorted(set(service_ids)):
        need_id = ""
        for length in (8, 12, 16, 24, 40):
            need_id = service_need_id(service_id, length)
            if need_id not in taken:
                break
        else:
            base, number = need_id, 2
            while need_id in taken:
                need_id, number = f"{base}-{number}", number + 1
        taken.add(need_id)
        found[service_id] = need_id
    return found


def need_fields(**values: Any) -> dict[str, Any]:
    """Only the fields that have a value (``add_need`` rejects ``None`` for typed fields)."""
    return {name: value for name, value in values.items() if value not in (None, "")}


#: The prefix of the id sphinx-needs gives each need's container (``SNCB-`` and 8 random
#: hex digits from ``uuid4``, a new one on every build; no setting makes it stable).
CONTAINER_ID_PREFIX = "SNCB-"


def stable_container_ids(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``, after sphinx-needs rendered the needs: each need container's
    id made from the id of the need it holds (and its rank among that need's containers
    on the page), so the HTML is the same on every build of the same input."""
    from docutils import nodes as docutils_nodes

    seen: dict[str, int] = {}
    for container in doctree.findall(docutils_nodes.container):
        ids = container.get("ids", [])
        if "need_container" not in container.get("classes", []) or not any(
            identifier.startswith(CONTAINER_ID_PREFIX) for identifier in ids
        ):
            continue
        held = next(
            (
                identifier
                for child in container.findall(docutils_nodes.Element, include_self=False)
                for identifier in child.get("ids", [])
            ),
            "",
        )
        rank = seen[held] = seen.get(held, -1) + 1
        stable = hashlib.sha1(f"{held}\0{rank}".encode(), usedforsecurity=False).hexdigest()[:8]
        container["ids"] = [
            CONTAINER_ID_PREFIX + stable
            if identifier.startswith(CONTAINER_ID_PREFIX)
            else identifier
            for identifier in ids
        ]
