import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModuleRef } from '@nestjs/core';
import { AccountsService, Role } from '@ashar/accounts';
import { CaseStudyImportService } from '@ashar/knowledge';
import type { DemoStep } from './demo-step';

/**
 * The demo knowledge base, in the import format (docs/import-format.md), every case study in
 * en/ru/es/nl: the three real programmes of the seed documents with their published figures, and
 * fictional case studies (slugs `demo-…`, titles marked "(demo)") across regions and themes.
 */
export const KNOWLEDGE_DEMO_FILES = ['real-programmes.json', 'fictional-demo.json'].map((file) =>
  join(__dirname, 'knowledge', file),
);

export const knowledgeDemo: DemoStep = {
  name: 'knowledge-v1',
  async run(modules: ModuleRef) {
    const accounts = modules.get(AccountsService, { strict: false });
    const importer = modules.get(CaseStudyImportService, { strict: false });
    const [admin] = await accounts.holders(Role.ADMIN);
    for (const file of KNOWLEDGE_DEMO_FILES) {
      const report = await importer.import(JSON.parse(readFileSync(file, 'utf8')), {
        actorId: admin?.id ?? null,
        locale: 'en',
      });
      if (report.failed.length)
        throw new Error(`demo content ${file} has invalid records: ${JSON.stringify(report.failed)}`);
    }
  },
};
