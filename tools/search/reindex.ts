import 'reflect-metadata';
import { MaterialSearchSource, MaterialsModule } from '@ashar/materials';
import { SearchIndexer, SearchModule } from '@ashar/search';
import { SingleBar } from 'cli-progress';
import { openKnowledge } from '../import/import-database';

/**
 * `npm run reindex`: rebuilds the configured search engine's index (SEARCH_ENGINE, default postgres)
 * from the database — DATABASE_URL, or the embedded PostgreSQL of `npm start`.
 */
async function main(): Promise<void> {
  process.env.SEARCH_INDEXER = 'false'; // this command does the work itself, not a background loop
  const context = await openKnowledge(undefined, false, [
    SearchModule.forRoot({ imports: [MaterialsModule], sources: [MaterialSearchSource] }),
  ]);
  const bar = new SingleBar({
    format: 'reindex [{bar}] {percentage}% | {value}/{total} aggregates ({type}) | {duration}s',
    hideCursor: true,
    stream: process.stderr,
  });
  try {
    const started = Date.now();
    const done = await context.app.get(SearchIndexer).reindex((count, type, total) => {
      if (!bar.isActive) bar.start(total, 0, { type });
      bar.setTotal(total);
      bar.update(count, { type });
    });
    bar.stop();
    const seconds = (Date.now() - started) / 1000;
    console.log(`Reindexed ${done} aggregates in ${seconds.toFixed(1)} s.`);
  } finally {
    bar.stop();
    await context.close();
  }
}

main().catch((error: unknown) => {
  console.error(`reindex failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
