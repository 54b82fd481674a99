"""Triggers and other facts in plain words ("every 5 minutes")."""

from __future__ import annotations

from ..analysis.records import Service, Trigger
from ..analysis.services import KINDS, kind_of

UNITS = ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second"))
WEEKDAYS = {
    "mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
    "fri": "Friday", "sat": "Saturday", "sun": "Sunday",
}  # fmt: skip


def every(seconds: float) -> str:
    """``every 5 minutes``, ``every hour``, ``every 90 seconds``."""
    if seconds <= 0:
        return "continuously"
    for size, unit in UNITS:
        if seconds % size == 0:
            count = int(seconds // size)
            return f"every {unit}" if count == 1 else f"every {count} {unit}s"
    return f"every {seconds:g} seconds"


def cron_words(cron: dict[str, str]) -> str:
    """``every day at 03:15``; falls back to the fields when they are not simple."""
    hour, minute = cron.get("hour"), cron.get("minute", "0")
    others = {key: value for key, value in cron.items() if key not in ("hour", "minute", "second")}
    simple_time = hour is not None and hour.isdigit() and minute.isdigit()
    if simple_time and all(value == "*" for value in others.values()):
        return f"every day at {int(hour):02d}:{int(minute):02d}"
    if simple_time and set(others) == {"day_of_week"}:
        days = others["day_of_week"]
        named = "–".join(WEEKDAYS.get(part, part) for part in days.split("-"))
        return f"{named} at {int(hour):02d}:{int(minute):02d}"
    return "cron " + ", ".join(f"{key}={value}" for key, value in cron.items())


def trigger_words(service: Service) -> str:
    """The trigger in one line of words."""
    own_words = kind_of(service.kind).trigger_words
    if own_words is not None:
        words = own_words(service)
        if words:
            return words
    trigger: Trigger = service.trigger
    if trigger.type == "interval":
        if trigger.every_seconds is None:
            return f"on an interval computed at run time ({trigger.expression})"
        return every(trigger.every_seconds)
    if trigger.type == "cron":
        return (
            cron_words(trigger.cron)
            if trigger.cron
            else f"on a cron schedule ({trigger.expression})"
        )
    if trigger.type == "date":
        return f"once ({trigger.expression})" if trigger.expression else "once, when registered"
    if trigger.type == "endpoint":
        if service.endpoints:
            return (
                "when "
                + " or ".join(f"{ref.method} {ref.path}" for ref in service.endpoints)
                + " is called"
            )
        return "by an endpoint that nothing routes to"
    if trigger.type == "loop":
        return (
            (every(trigger.every_seconds) + " (in a loop)")
            if trigger.every_seconds
            else "in a loop"
        )
    if trigger.type == "task":
        starters = ", ".join(step.function for step in service.starters)
        return f"started by {starters}" if starters else "started as a task"
    return "unknown trigger"


def setting_words(trigger: Trigger) -> str:
    """``settings.X (default 5)`` for a trigger read from a setting, else ``""``."""
    if not trigger.setting:
        return ""
    if trigger.setting_default is None:
        return f"settings.{trigger.setting} (no default)"
    return f"settings.{trigger.setting} (default {trigger.setting_default!r})"


def kind_title(kind: str) -> str:
    return kind_of(kind).title


def kind_order() -> list[str]:
    """The kinds in the order the site lists them: those registered once (scheduled jobs,
    loops) first, then those started wherever their code runs (tasks, threads)."""
    return sorted(KINDS, key=lambda name: KINDS[name].spawned)
