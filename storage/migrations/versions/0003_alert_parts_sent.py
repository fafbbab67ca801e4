"""alerts.parts_sent: how many parts of an alert split into several messages were delivered, so a retry or a restart
resumes after them instead of repeating them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 21:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parts_sent", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_column("parts_sent")
