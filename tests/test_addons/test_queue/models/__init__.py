from . import effect
