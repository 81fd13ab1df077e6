import { Column, CreateDateColumn, UpdateDateColumn, type EntityManager, type EntityTarget } from 'typeorm';

/** Who created and last changed a record, and when: the columns every editable record has. */
export abstract class AuditColumns {
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * The `updatedAt` a save in `tx` gave the record `id`. An edit answers with it rather than with what a
 * read after the commit finds, which may be a later save's: the next edit, sent with it as
 * `expectedUpdatedAt`, must not pass over a save its editor never saw.
 */
export async function savedAt(
  tx: EntityManager,
  entity: EntityTarget<AuditColumns & { id: string }>,
  id: string,
): Promise<Date> {
  const row = await tx
    .getRepository(entity)
    .findOneOrFail({ where: { id }, select: { id: true, updatedAt: true } });
  return row.updatedAt;
}
