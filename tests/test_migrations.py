"""The schema is built by migrations only, and equals what the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from app.cli import alembic_config
from app.models.base import SQLModel, is_modelled
from tests.conftest import TEST_DATABASE_URL, migrate, seed_base_data


def schema_diff(connection) -> list:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "include_object": is_modelled, "render_as_batch": True}
    )
    return compare_metadata(context, SQLModel.metadata)


def test_migrated_schema_equals_models(migrated_database):
    with migrated_database.connect() as connection:
        assert schema_diff(connection) == []


def test_migrations_have_dated_file_names():
    script = ScriptDirectory.from_config(alembic_config(TEST_DATABASE_URL))
    for revision in script.walk_revisions():
        name = revision.path.rsplit("/", 1)[-1]
        assert name[:10].count("-") == 2 and name[10] == "_", name


def test_downgrade_to_base_and_upgrade_again(migrated_database):
    from alembic import command

    config = alembic_config(TEST_DATABASE_URL)
    command.downgrade(config, "base")
    with migrated_database.connect() as connection:
        remaining = [t for t in migrated_database.dialect.get_table_names(connection) if t != "alembic_version"]
    migrate()
    # Leave the shared test database as the other tests expect it: migrated and seeded.
    seed_base_data()
    assert remaining == []
    with migrated_database.connect() as connection:
        assert schema_diff(connection) == []
