"""The vanishing-gradient problem, computed: activations, initialisations, networks, experiments."""
