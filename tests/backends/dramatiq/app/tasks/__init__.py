from app.tasks import billing, emails  # noqa: F401 (registers the actors)
