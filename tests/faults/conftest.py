from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.db import connections

from ketacare import embedded_db


@pytest.fixture
def database_outage() -> Callable:
    """Stop the real embedded PostgreSQL for the length of a `with` block.

    Only the embedded server can be stopped from a test; against DATABASE_URL
    (the machine's shared server) these tests do not run.
    """
    if not embedded_db.wanted():
        pytest.skip("stops the embedded server; DATABASE_URL points elsewhere")

    @contextmanager
    def outage() -> Iterator[None]:
        connections.close_all()
        embedded_db.stop_now()
        try:
            yield
        finally:
            embedded_db.start_again()
            connections.close_all()

    return outage
