import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModuleRef } from '@nestjs/core';
import { fromFile } from 'file-type';
import ical from 'node-ical';
import { EventsModule } from '@ashar/events';
import { MaterialsModule } from '@ashar/materials';
import { startTestApp, type TestApp } from '@ashar/transport/testing';
import { eventsDemo } from './events.demo';
import { networkDemo } from './network.demo';

interface DemoEvent {
  id: string;
  kind: string;
  title: string;
  agenda: { title: string }[];
  recurrence: { rrule: string } | null;
  calendarUrl: string;
}

describe('events demo content', () => {
  let t: TestApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ashar-events-demo-'));
    t = await startTestApp([EventsModule, MaterialsModule], { dataDir });
    const modules = t.app.get(ModuleRef);
    await networkDemo.run(modules);
    await eventsDemo.run(modules);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has a regional CDD workshop with an agenda in English and Russian, and a monthly videoconference series', async () => {
    const query = `{ events(first: 10) { edges { node { id kind title agenda { title } recurrence { rrule } calendarUrl } } } }`;
    const ru = await t.gql<{ events: { edges: { node: DemoEvent }[] } }>(query, {}, { lang: 'ru' });
    const events = ru.data!.events.edges.map((e) => e.node);
    const workshop = events.find((e) => e.kind === 'WORKSHOP')!;
    expect(workshop.title).toMatch(/семинар/);
    expect(workshop.agenda).toHaveLength(5);
    expect(workshop.agenda[0].title).toMatch(/[а-я]/);
    const series = events.find((e) => e.kind === 'VIDEOCONFERENCE')!;
    expect(series.recurrence?.rrule).toBe('FREQ=MONTHLY;BYDAY=2WE;COUNT=12');
    const calendar = ical.sync.parseICS(await (await fetch(`${t.url}${series.calendarUrl}`)).text());
    expect(Object.values(calendar).some((c) => c.type === 'VEVENT' && c.rrule)).toBe(true);
  });

  it('shares the workshop slides as real presentation files in English and Russian', async () => {
    const materials = await t.gql<{
      materials: { edges: { node: { id: string; fileLocales: string[] } }[] };
    }>(`{ materials(filter: { kinds: [PRESENTATION] }) { edges { node { id fileLocales } } } }`);
    const deck = materials.data!.materials.edges[0].node;
    expect(deck.fileLocales.sort()).toEqual(['en', 'ru']);
    for (const locale of ['en', 'ru']) {
      const response = await fetch(`${t.url}/materials/${deck.id}/files/${locale}`);
      expect(response.status).toBe(200);
      const path = join(dataDir, `deck-${locale}.odp`);
      writeFileSync(path, Buffer.from(await response.arrayBuffer()));
      expect((await fromFile(path))?.mime).toBe('application/vnd.oasis.opendocument.presentation');
    }
  });
});
