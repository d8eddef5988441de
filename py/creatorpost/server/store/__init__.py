"""The database: engine and transactions, tables, migrations, and the queries each resource needs."""
