from decouple import config

CLEANUP_MINUTES = config("CLEANUP_MINUTES", default=30, cast=int)
