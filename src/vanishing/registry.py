"""A registry: a dict of named entries whose unknown names fail with the valid ones listed."""

import difflib


class UnknownName(KeyError):
    """A name that is not in a registry; the message lists the valid names and a close match."""

    def __str__(self) -> str:
        return str(self.args[0])


class Registry(dict):
    """A dict from names to entries, e.g. ACTIVATIONS["relu"]; `kind` names the entries in
    errors ("activation", "initialisation scheme")."""

    def __init__(self, kind: str, entries) -> None:
        super().__init__((entry.name, entry) for entry in entries)
        self.kind = kind

    def __missing__(self, name):
        close = difflib.get_close_matches(str(name), list(self), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UnknownName(f"no {self.kind} named {name!r} (valid: {', '.join(self)}){hint}")
