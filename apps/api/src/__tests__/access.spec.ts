import { Test } from '@nestjs/testing';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { ACCESS_KEY } from '@ashar/accounts';
import { createTestDatabase, type TestDatabase } from '@ashar/database/testing';
import { testConfig } from '@ashar/transport/testing';
import { AppModule } from '../app.module';

// Metadata keys set by @nestjs/graphql (@Query/@Mutation/@Subscription), @nestjs/common (@Get/@Post…)
// and @nestjs/websockets (@SubscribeMessage).
const HANDLER_KEYS = ['graphql:resolver_type', 'method', 'message'];

describe('authorization', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('every resolver, controller and gateway handler declares who may call it', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot({ config: testConfig(), databaseUrl: db.url }), DiscoveryModule],
    }).compile();
    const discovery = moduleRef.get(DiscoveryService);
    const undeclared: string[] = [];
    let handlers = 0;
    for (const wrapper of [...discovery.getProviders(), ...discovery.getControllers()]) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!type?.prototype) continue;
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const method: unknown = Object.getOwnPropertyDescriptor(type.prototype, name)?.value; // not getters
        if (name === 'constructor' || typeof method !== 'function') continue;
        const isResolverField = Reflect.getMetadata('graphql:resolver_type', method) === 'Field';
        if (isResolverField || !HANDLER_KEYS.some((key) => Reflect.hasMetadata(key, method))) continue;
        handlers++;
        if (!Reflect.getMetadata(ACCESS_KEY, method) && !Reflect.getMetadata(ACCESS_KEY, type)) {
          undeclared.push(`${type.name}.${name}`);
        }
      }
    }
    await moduleRef.close();
    expect(handlers).toBeGreaterThan(20);
    expect(undeclared).toEqual([]);
  });
});
