import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMPORT_DOCUMENT_SCHEMA } from '@ashar/knowledge';
import { format, resolveConfig } from 'prettier';

/**
 * Writes docs/import-format.schema.json from the schema the importer compiles (a test keeps them
 * equal), formatted as the repository's Prettier check expects, so regenerating leaves no diff.
 */
async function main(): Promise<void> {
  const file = join(__dirname, '..', '..', '..', 'docs', 'import-format.schema.json');
  const text = await format(JSON.stringify(IMPORT_DOCUMENT_SCHEMA, null, 2), {
    ...(await resolveConfig(file)),
    filepath: file,
  });
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}

void main();
