"""The site around the maths: figures, the numbers quoted in the prose, the Lab and the MkDocs glue.

Nothing in ``vanishing`` imports this package; it needs the ``plot`` and ``docs`` extras.
"""
