import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError, translateError } from '@ashar/errors';
import { isLocale, t, type Locale } from '@ashar/i18n';
import { CaseStudyImportService, parseImportDocument, type ImportReportShape } from '@ashar/knowledge';
import { SingleBar } from 'cli-progress';
import { openKnowledge } from './import-database';

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

export function printReport(report: ImportReportShape, locale: Locale, limit = 50): void {
  console.log(
    t(locale, 'knowledge:import.summary', {
      created: report.created,
      updated: report.updated,
      failed: report.failed.length,
    }),
  );
  for (const failure of report.failed.slice(0, limit)) {
    console.log(`\n#${failure.index} ${failure.slug ?? ''}`);
    for (const error of failure.errors) console.log(`  ${error.path}: ${error.message}`);
  }
  if (report.failed.length > limit)
    console.log(`\n${t(locale, 'knowledge:import.moreFailed', { count: report.failed.length - limit })}`);
}

/** How long the import took, in the reader's language and number format. */
export function took(milliseconds: number, locale: Locale): string {
  const seconds = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return t(locale, 'knowledge:import.took', { seconds: seconds.format(milliseconds / 1000) });
}

/** The command: its exit code (0 all imported, 2 some records failed, 1 nothing could be imported). */
export async function main(args: string[]): Promise<number> {
  const file = args.find((arg, i) => !arg.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const lang = option(args, '--lang') ?? 'en';
  if (!isLocale(lang)) {
    console.error(t('en', 'knowledge:errors.unknownLanguage', { value: lang }));
    return 1;
  }
  const locale: Locale = lang;
  if (!file || args.includes('--help')) {
    console.error(t(locale, 'knowledge:import.usage'));
    return args.includes('--help') ? 0 : 1;
  }
  const chunkOption = option(args, '--chunk-size') ?? '500';
  const chunkSize = Number(chunkOption);
  if (!/^\d+$/.test(chunkOption) || chunkSize < 1) {
    console.error(t(locale, 'knowledge:errors.chunkSize', { value: chunkOption }));
    return 1;
  }

  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(file));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    console.error(
      reason === 'ENOENT'
        ? t(locale, 'knowledge:errors.fileNotFound', { file })
        : t(locale, 'knowledge:errors.fileUnreadable', { file, reason }),
    );
    return 1;
  }
  let document: unknown;
  try {
    document = parseImportDocument(bytes);
  } catch (error) {
    const message = error instanceof AppError ? translateError(error, locale).message : String(error);
    console.error(message);
    return 1;
  }

  const knowledge = await openKnowledge();
  const total = Array.isArray((document as { caseStudies?: unknown[] })?.caseStudies)
    ? (document as { caseStudies: unknown[] }).caseStudies.length
    : 0;
  // cli-progress fills in the {single-braced} fields; the words around them are the reader's.
  const bar = new SingleBar({
    format: t(locale, 'knowledge:import.progress', { count: total }),
    hideCursor: true,
    stream: process.stderr,
  });
  try {
    const started = Date.now();
    bar.start(total, 0);
    const report = await knowledge.app.get(CaseStudyImportService).import(document, {
      actorId: null,
      locale,
      chunkSize,
      onProgress: (done) => bar.update(done),
    });
    bar.stop();
    printReport(report, locale);
    console.log(took(Date.now() - started, locale));
    return report.failed.length ? 2 : 0;
  } catch (error) {
    bar.stop();
    if (error instanceof AppError) {
      console.error(translateError(error, locale).message);
      return 1;
    }
    throw error;
  } finally {
    await knowledge.close();
  }
}

// Run as a command, not when a test loads the module.
if (require.main === module)
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    },
  );
