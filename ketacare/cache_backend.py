"""Django's database cache with an atomic `incr` that keeps the key's expiry.

The stock database cache increments by reading the value and writing it back:
two requests at once both read 4 and both write 5, and the write resets the
key's expiry to the default timeout. Counters (the start throttle, the search
limit) need neither. Here the row is locked while it is incremented, so every
process and server counts each hit exactly once, and the expiry is left alone.
"""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache as StockDatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone


class DatabaseCache(StockDatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT value FROM {table} WHERE cache_key = %s "  # noqa: S608
                "AND expires >= %s FOR UPDATE",
                [key, timezone.now()],
            )
            row = cursor.fetchone()
            if row is None:
                # Missing, expired, or culled: as with every backend, the
                # caller decides how to start again.
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(row[0])) + delta  # noqa: S301
            stored = base64.b64encode(pickle.dumps(value, self.pickle_protocol))
            cursor.execute(
                f"UPDATE {table} SET value = %s WHERE cache_key = %s",  # noqa: S608
                [stored.decode("latin1"), key],
            )
        return value
