"""Implementation of :mod:`veiligheidsbeeld.areas.parsers`, one module per concept.

Import the public API from :mod:`veiligheidsbeeld.areas.parsers`; these modules never import Django.
"""
