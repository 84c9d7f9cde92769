"""Recompute the entity alias keys with this release's name keys.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

The keys of ``entity_aliases`` (what ``find_entities`` and the name filters match) are built by
``claimledger.resolve.keys.name_key``, which now reads a Russian name in any case as one name,
the Arabic ta marbuta as "-a", Arabic-script titles as titles and "Hakim Ullah" as
"Hakimullah". Rows stored before keep the old keys, so such names would not find their
entities; this revision rewrites every key that changed. (The resolver's own index is built
from the names when a ledger is opened and needs nothing.) A later change to the keys needs a
revision like this one.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 1000


def upgrade() -> None:
    from claimledger.resolve.keys import name_key  # this release's keys, on purpose

    bind = op.get_bind()
    aliases = sa.table(
        "entity_aliases", sa.column("id", sa.Integer), sa.column("alias"), sa.column("key")
    )
    last = 0
    while True:
        rows = bind.execute(
            sa.select(aliases.c.id, aliases.c.alias, aliases.c.key)
            .where(aliases.c.id > last)
            .order_by(aliases.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            break
        for row_id, alias, key in rows:
            fresh = name_key(alias)[:500]
            if fresh != key:
                bind.execute(sa.update(aliases).where(aliases.c.id == row_id).values(key=fresh))
        last = rows[-1][0]


def downgrade() -> None:
    """Nothing to undo: the old keys cannot be recomputed, and the new ones are correct."""
