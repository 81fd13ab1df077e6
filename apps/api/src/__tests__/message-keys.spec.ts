import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { validationCode } from '@ashar/errors';
import { hasKey, LOCALES } from '@ashar/i18n';
import { AppModule } from '../app.module';

const ROOT = join(__dirname, '..', '..', '..', '..');
const NAMESPACES = [
  'accounts',
  'common',
  'discussions',
  'errors',
  'events',
  'knowledge',
  'materials',
  'search',
  'validation',
];

/** `key` (or its plural forms) in every language; the languages where it is missing. */
const missingIn = (key: string) =>
  LOCALES.filter((locale) => !hasKey(locale, key) && !hasKey(locale, `${key}_other`));

/** The server's source files (not tests, not the web client, which has its own resources). */
function serverSources(): string[] {
  const listed = execFileSync('git', ['ls-files', 'libs/*.ts', 'apps/api/*.ts', 'tools/*.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return listed.split('\n').filter((file) => file && !/\.spec\.ts$|__tests__|\/testing\//.test(file));
}

describe('message keys', () => {
  it('exist in every language for every key the server names in its code', () => {
    const keys = new Set<string>();
    const quoted = new RegExp(`['"\`]((?:${NAMESPACES.join('|')}):[A-Za-z0-9_.]+)['"\`]`, 'g');
    for (const file of serverSources()) {
      const source = readFileSync(join(ROOT, file), 'utf8');
      for (const [, key] of source.matchAll(quoted)) keys.add(key);
      // AppError.notFound('caseStudy') stands for errors:notFound.caseStudy.
      for (const [, args] of source.matchAll(/AppError\.notFound\(([^)]*)\)/g))
        for (const [, entity] of args.matchAll(/'(\w+)'/g)) keys.add(`errors:notFound.${entity}`);
    }
    expect(keys.size).toBeGreaterThan(80);
    expect([...keys].flatMap((key) => missingIn(key).map((locale) => `${locale}: ${key}`))).toEqual([]);
  });

  /** A rule without a message would answer "isUuid" instead of a sentence. */
  it('exist in every language for every validation rule an input declares', () => {
    expect(AppModule).toBeDefined(); // importing it declares every module's inputs
    const storage = getMetadataStorage() as unknown as {
      validationMetadatas: Map<unknown, { type: string; name?: string }[]>;
    };
    const rules = new Set([
      'whitelistValidation',
      'unknownValue',
      'nestedValidation',
      'isDefined',
      'givenTwice',
    ]);
    for (const list of storage.validationMetadatas.values())
      for (const metadata of list)
        if (metadata.type === 'customValidation' && metadata.name) rules.add(metadata.name);
    expect(rules).toContain('isUuid');
    expect(rules).toContain('matches');
    const missing = [...rules].flatMap((rule) =>
      missingIn(`validation:${validationCode(rule)}`).map((locale) => `${locale}: ${rule}`),
    );
    expect(missing).toEqual([]);
  });
});
