from .models.item import *  # noqa: F403
