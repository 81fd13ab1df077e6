import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMPORT_DOCUMENT_SCHEMA } from '@ashar/knowledge';

/** Writes docs/import-format.schema.json from the schema the importer compiles (a test keeps them equal). */
const file = join(__dirname, '..', '..', '..', 'docs', 'import-format.schema.json');
writeFileSync(file, `${JSON.stringify(IMPORT_DOCUMENT_SCHEMA, null, 2)}\n`);
console.log(`wrote ${file}`);
