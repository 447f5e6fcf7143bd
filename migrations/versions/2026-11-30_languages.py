"""languages: the language an idea is written in, the interface language a person chose

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 04:00:00
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch rebuild: rebuilding `idea` on SQLite would drop the
    # full-text triggers. Ideas written so far are in English.
    op.add_column('idea', sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False,
                                    server_default='en'))
    op.create_index('ix_idea_language_id', 'idea', ['language', 'id'], unique=False)
    op.add_column('user', sa.Column('interface_language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('interface_language')
    op.drop_index('ix_idea_language_id', table_name='idea')
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.drop_column('language')
