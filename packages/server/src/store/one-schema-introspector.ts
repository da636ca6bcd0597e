/**
 * What Kysely's Migrator needs to know of a PostgreSQL database, asked of one schema only.
 *
 * To find its own two tables the Migrator lists every table of every schema, and Kysely's query
 * for that evaluates each schema's name as text (`has_schema_privilege`, `pg_get_serial_sequence`).
 * A schema that another deployment of the database (or another test) drops while the query runs is
 * still in the catalog snapshot but no longer found by name: this process's start then fails with
 * `schema "…" does not exist`, for a schema it never used. It happened in CI. The Migrator needs
 * only the names of the schema it migrates and of the tables in it, so that is all this reads.
 */
import {
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type Kysely,
  PostgresDialect,
  type PostgresDialectConfig,
  type SchemaMetadata,
  sql,
  type TableMetadata,
} from 'kysely'

export class OneSchemaIntrospector implements DatabaseIntrospector {
  constructor(
    private readonly db: Kysely<unknown>,
    private readonly schema: string,
  ) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`
      select nspname as name from pg_catalog.pg_namespace where nspname = ${this.schema}`.execute(this.db)
    return rows
  }

  /** Tables and views of the schema, without their columns (the Migrator reads only names). */
  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; kind: string }>`
      select c.relname as name, c.relkind as kind
        from pg_catalog.pg_class c
        join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
       where ns.nspname = ${this.schema} and c.relkind in ('r', 'v', 'p')`.execute(this.db)
    return rows.map((r) => ({ name: r.name, schema: this.schema, isView: r.kind === 'v', columns: [] }))
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() }
  }
}

/** PostgreSQL as Kysely speaks it, introspecting `schema` only (for the Migrator). */
export class OneSchemaPostgresDialect extends PostgresDialect {
  constructor(
    config: PostgresDialectConfig,
    private readonly schema: string,
  ) {
    super(config)
  }

  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new OneSchemaIntrospector(db, this.schema)
  }
}
