import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Locale } from '@ashar/i18n';
import { DataSource, In } from 'typeorm';
import { MaterialEntity } from './material.entities';
import { MaterialStatus, MaterialVisibility } from './material-kind';

/** The search document of one material, shaped like `SearchDocument` in @ashar/search (type MATERIAL). */
export interface MaterialSearchDocument {
  type: 'MATERIAL';
  id: string;
  slug: string;
  originalLocale: Locale;
  texts: { locale: Locale; displayTitle: string; title: string; summary: string | null; body: null }[];
  themes: string[];
  countries: string[];
  yearFrom: null;
  yearTo: null;
  facts: Record<string, never>;
  publishedAt: Date;
}

/**
 * Materials as search documents, for the outbox worker of the search domain: it matches
 * `SearchSource` there (aggregate type `material`, the one material writes announce). Search may not
 * depend on materials, so the composition root adds this to the search sources.
 * Only published, public materials are searchable.
 */
@Injectable()
export class MaterialSearchSource {
  readonly aggregateType = 'material';

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async documents(
    aggregateIds: string[],
  ): Promise<{ aggregateId: string; documents: MaterialSearchDocument[] }[]> {
    const rows = aggregateIds.length
      ? await this.db.getRepository(MaterialEntity).find({
          where: {
            id: In(aggregateIds),
            status: MaterialStatus.PUBLISHED,
            visibility: MaterialVisibility.PUBLIC,
          },
          relations: { translations: true },
        })
      : [];
    return aggregateIds.map((aggregateId) => {
      const row = rows.find((r) => r.id === aggregateId);
      if (!row) return { aggregateId, documents: [] };
      return {
        aggregateId,
        documents: [
          {
            type: 'MATERIAL',
            id: row.id,
            slug: row.id,
            originalLocale: row.originalLocale,
            texts: row.translations.map((tr) => ({
              locale: tr.locale,
              displayTitle: tr.title,
              title: tr.title,
              summary: tr.description || null,
              body: null,
            })),
            themes: row.themes,
            countries: row.countryCodes,
            yearFrom: null,
            yearTo: null,
            facts: {},
            publishedAt: row.createdAt, // no publication date of its own: edits must not move it to the top
          },
        ],
      };
    });
  }

  async aggregateIds(after: string | null, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM material WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
      [after, limit],
    );
    return rows.map((row) => row.id);
  }
}
