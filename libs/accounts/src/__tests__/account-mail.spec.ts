import { accountMail } from '../account-mail';
import { isVisibleName } from '../dto/display-name';

describe('account mails', () => {
  it('keeps every name on its line, whatever an older account or an organisation holds', () => {
    const mail = accountMail(
      'membershipMail',
      { email: 'bob@example.org', displayName: 'Bob\r\n\r\nhttps://evil.example', preferredLocale: 'en' },
      'https://ashar.example/organisations/1',
      { params: { organisation: 'Org\nhttps://evil.example', actor: 'Eve\u2028Admin' } },
    );
    const lines = mail.text.split('\n');
    expect(lines[0]).toBe('Hello Bob https://evil.example,');
    expect(lines.filter((line) => line.includes('evil.example'))).toHaveLength(2);
    expect(mail.text).toContain('Org https://evil.example');
    expect(mail.text).toContain('Eve Admin');
    expect(mail.to).toEqual({ name: 'Bob https://evil.example', address: 'bob@example.org' });
  });

  it('tells visible names from names with controls or stray invisible characters', () => {
    expect(isVisibleName('Aigul Osmonova')).toBe(true);
    expect(isVisibleName('👨\u200d👩\u200d👧')).toBe(true);
    expect(isVisibleName('Aigul\n')).toBe(false);
    expect(isVisibleName('\u200dAigul')).toBe(false);
    expect(isVisibleName('Ai\u200bgul')).toBe(false);
  });
});
