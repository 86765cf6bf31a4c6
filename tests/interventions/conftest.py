"""The child, the people working with them and the school calendar, as the PEP
tests set them up."""

from tests.peps.conftest import green, last_term, people, pep, term  # noqa: F401
