/** Users: accounts with a lower-cased email, a display name, a language and a password hash. */
import type { Kysely } from 'kysely'
import type { Database, UserTable } from './schema.js'

export type UserRow = UserTable

export class Users {
  constructor(private readonly db: Kysely<Database>) {}

  byId(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
  }

  byEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst()
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  async insert(user: UserRow): Promise<void> {
    await this.db.insertInto('users').values(user).execute()
  }

  async update(
    id: string,
    patch: Partial<Pick<UserRow, 'name' | 'locale' | 'password_hash'>>,
  ): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ ...patch, updated_at: Date.now() })
      .where('id', '=', id)
      .execute()
  }
}
