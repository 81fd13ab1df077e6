import { ModuleRef } from '@nestjs/core';
import { AccountsService } from '@ashar/accounts';
import { NetworkModule } from '@ashar/network';
import { startTestApp, type TestApp } from '@ashar/transport/testing';
import { DataSource } from 'typeorm';
import { DemoContentService } from './demo-content.service';
import { networkDemo } from './network.demo';

describe('loading demo content', () => {
  let t: TestApp;
  let demo: DemoContentService;
  let db: DataSource;
  const demoAdmins = async () =>
    (await db.query(`SELECT id FROM app_user WHERE email = 'admin@example.org'`)).length as number;

  beforeAll(async () => {
    t = await startTestApp([NetworkModule]);
    db = t.app.get(DataSource);
    demo = new DemoContentService(db, t.app.get(ModuleRef));
  });
  afterAll(() => t.close());

  it('leaves a database with accounts and no demo content alone, then loads into an empty one, then adds new steps', async () => {
    const accounts = t.app.get(AccountsService);
    const someone = await accounts.createUser({
      email: 'real.person@example.org',
      password: 'a long enough password',
      displayName: 'Real Person',
      preferredLocale: 'en',
      grants: [],
    });
    expect(await demo.load([networkDemo])).toEqual([]);
    expect(await demoAdmins()).toBe(0);

    await db.query(`DELETE FROM app_user WHERE id = $1`, [someone.id]);
    expect(await demo.load([networkDemo])).toEqual(['network-v1']);
    expect(await demoAdmins()).toBe(1);

    // A later release's step goes into a demo database, accounts and all; a step never runs twice.
    const later = { name: 'later-v1', run: jest.fn(async () => undefined) };
    expect(await demo.load([networkDemo, later])).toEqual(['later-v1']);
    expect(await demo.load([networkDemo, later])).toEqual([]);
    expect(later.run).toHaveBeenCalledTimes(1);
  });
});
