import { getMetadataStorage } from 'class-validator';
import { validationCode } from '@ashar/errors';
import { hasKey, LOCALES } from '@ashar/i18n';
import { AppModule } from '../app.module';

/**
 * Every rule any input of the API declares is reported with a code that has a message in every
 * language: a rule without one would answer "isUuid" instead of a sentence.
 */
describe('validation messages', () => {
  it('exist in every language for every rule an input declares', () => {
    expect(AppModule).toBeDefined(); // importing it declares every module's inputs
    const storage = getMetadataStorage() as unknown as {
      validationMetadatas: Map<unknown, { type: string; name?: string }[]>;
    };
    const rules = new Set(['whitelistValidation', 'unknownValue', 'nestedValidation', 'isDefined']);
    for (const list of storage.validationMetadatas.values())
      for (const metadata of list)
        if (metadata.type === 'customValidation' && metadata.name) rules.add(metadata.name);
    expect(rules).toContain('isUuid');
    expect(rules).toContain('matches');
    const missing = [...rules].flatMap((rule) =>
      LOCALES.filter((locale) => {
        const key = `validation:${validationCode(rule)}`;
        return !hasKey(locale, key) && !hasKey(locale, `${key}_other`);
      }).map((locale) => `${locale}: ${rule}`),
    );
    expect(missing).toEqual([]);
  });
});
