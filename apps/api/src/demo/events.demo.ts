import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ModuleRef } from '@nestjs/core';
import { AccountsService, Role, type AuthUser } from '@ashar/accounts';
import { EventKind, EventsService } from '@ashar/events';
import { MATERIAL_STORAGE, MaterialKind, MaterialsService, type MaterialStorage } from '@ashar/materials';
import type { DemoStep } from './demo-step';
import { presentationDeck, type Slide } from './events/presentation-deck';

const ODP = 'application/vnd.oasis.opendocument.presentation';
const day = 24 * 3600_000;
const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/** The first Monday at least five weeks ahead, so the demo always shows an upcoming workshop. */
function workshopDay(now: Date): string {
  let date = new Date(now.getTime() + 35 * day);
  while (date.getUTCDay() !== 1) date = new Date(date.getTime() + day);
  return isoDate(date);
}

/** The second Wednesday of next month. */
function secondWednesdayNextMonth(now: Date): string {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const offset = (3 - first.getUTCDay() + 7) % 7;
  return isoDate(new Date(first.getTime() + (offset + 7) * day));
}

const SLIDES: Record<'en' | 'ru', { title: string; filename: string; slides: Slide[] }> = {
  en: {
    title: 'Communities in the driving seat',
    filename: 'Communities in the driving seat.odp',
    slides: [
      {
        title: 'Communities in the driving seat',
        points: [
          'Regional workshop of the Community Empowerment Network',
          'Kyrgyzstan · Tajikistan · Uzbekistan · Azerbaijan',
        ],
      },
      {
        title: 'What changes when villages decide',
        points: [
          'Residents choose the project and hold the budget',
          'Local contributions in cash, labour and materials create ownership',
          'Facilitators support; they do not decide',
        ],
      },
      {
        title: 'From meeting to maintenance',
        points: [
          'Village assembly and priority ranking',
          'Committee elected, accounts posted in public',
          'A maintenance fund before the ribbon is cut',
        ],
      },
      {
        title: 'Questions for the group work',
        points: [
          'Who was not in the room when the priority was chosen?',
          'What would make the district budget listen?',
        ],
      },
    ],
  },
  ru: {
    title: 'Сообщества за рулём',
    filename: 'Сообщества за рулём.odp',
    slides: [
      {
        title: 'Сообщества за рулём',
        points: [
          'Региональный семинар Сети расширения возможностей сообществ',
          'Кыргызстан · Таджикистан · Узбекистан · Азербайджан',
        ],
      },
      {
        title: 'Что меняется, когда решает село',
        points: [
          'Жители выбирают проект и распоряжаются бюджетом',
          'Вклад деньгами, трудом и материалами рождает чувство хозяина',
          'Фасилитаторы помогают, но не решают за людей',
        ],
      },
      {
        title: 'От собрания до содержания',
        points: [
          'Сход села и выбор приоритетов',
          'Выборный комитет и открытая отчётность',
          'Фонд на содержание — ещё до открытия объекта',
        ],
      },
      {
        title: 'Вопросы для работы в группах',
        points: [
          'Кого не было на собрании, когда выбирали приоритет?',
          'Что заставит районный бюджет услышать село?',
        ],
      },
    ],
  },
};

async function storeDeck(
  materials: MaterialsService,
  storage: MaterialStorage,
  actor: AuthUser,
  materialId: string,
  locale: 'en' | 'ru',
): Promise<void> {
  const deck = SLIDES[locale];
  const bytes = presentationDeck(deck.title, locale, deck.slides);
  const key = `materials/${materialId}/${randomUUID()}`;
  await storage.put(key, Readable.from([bytes]), bytes.length);
  await materials.addFile(actor, materialId, {
    locale,
    storageKey: key,
    filename: deck.filename,
    contentType: ODP,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  });
}

export const eventsDemo: DemoStep = {
  name: 'events-v1',
  async run(modules: ModuleRef) {
    const accounts = modules.get(AccountsService, { strict: false });
    const events = modules.get(EventsService, { strict: false });
    const materials = modules.get(MaterialsService, { strict: false });
    const storage = modules.get<MaterialStorage>(MATERIAL_STORAGE, { strict: false });
    const holder = async (role: Role, countryCode?: string) => {
      const [person] = await accounts.holders(role, countryCode);
      return person ? accounts.findAuthUser(person.id) : undefined;
    };
    const facilitator = await holder(Role.FACILITATOR);
    const coordinator = await holder(Role.NATIONAL_COORDINATOR, 'KG');
    if (!facilitator) return;

    const now = new Date();
    const date = workshopDay(now);
    const next = isoDate(new Date(new Date(`${date}T00:00:00Z`).getTime() + day));
    const workshop = await events.create(
      facilitator,
      {
        kind: EventKind.WORKSHOP,
        originalLocale: 'en',
        title: 'Communities in the driving seat: regional CDD workshop',
        description:
          'Two days for CBO leaders, local officials and facilitators from the four national networks to compare how villages plan, fund and maintain their own projects, and to leave with one change each of them will try at home.',
        countryCodes: ['KG', 'TJ', 'UZ', 'AZ'],
        region: 'Central Asia and the Caucasus',
        startsAt: new Date(`${date}T09:00:00+06:00`),
        endsAt: new Date(`${next}T16:00:00+06:00`),
        timeZone: 'Asia/Bishkek',
        place: 'Cholpon-Ata, Issyk-Kul region, Kyrgyzstan',
        capacity: 40,
        facilitatorIds: [facilitator.id, ...(coordinator ? [coordinator.id] : [])],
        agenda: [
          {
            startsAt: new Date(`${date}T09:00:00+06:00`),
            title: 'Welcome and who is in the room',
            speakers: ['Farida Facilitator'],
          },
          {
            startsAt: new Date(`${date}T10:00:00+06:00`),
            title: 'What changes when villages decide',
            speakers: ['Farida Facilitator'],
          },
          {
            startsAt: new Date(`${date}T14:00:00+06:00`),
            title: 'Country tables: one project, told by its committee',
            speakers: ['National coordinators'],
          },
          {
            startsAt: new Date(`${next}T09:30:00+06:00`),
            title: 'Keeping it running: maintenance funds and public accounts',
            speakers: ['Nurlan Coordinator (KG)'],
          },
          {
            startsAt: new Date(`${next}T14:30:00+06:00`),
            title: 'One change I will try at home',
            speakers: [],
          },
        ],
      },
      'en',
    );
    await events.translate(
      facilitator,
      workshop.id,
      {
        locale: 'ru',
        title: 'Сообщества за рулём: региональный семинар по РУС',
        description:
          'Два дня для лидеров местных организаций, представителей власти и фасилитаторов из четырёх национальных сетей: сравнить, как сёла сами планируют, финансируют и содержат свои проекты, и увезти домой одно изменение, которое каждый попробует у себя.',
        agendaTitles: [
          'Знакомство: кто собрался в зале',
          'Что меняется, когда решает село',
          'Страновые столы: один проект глазами его комитета',
          'Чтобы работало и дальше: фонды содержания и открытая отчётность',
          'Одно изменение, которое я попробую у себя',
        ],
        place: 'Чолпон-Ата, Иссык-Кульская область, Кыргызстан',
        region: 'Центральная Азия и Кавказ',
      },
      'en',
    );

    const deck = await materials.create(
      facilitator,
      {
        kind: MaterialKind.PRESENTATION,
        originalLocale: 'en',
        title: 'Communities in the driving seat (workshop slides)',
        description:
          'The opening slides of the regional workshop: what changes when villages decide, and questions for group work.',
        countryCodes: ['KG', 'TJ', 'UZ', 'AZ'],
        themes: ['community-driven-development', 'local-governance', 'capacity-building'],
        eventIds: [workshop.id],
      },
      'en',
    );
    await materials.translate(
      facilitator,
      deck.id,
      {
        locale: 'ru',
        title: 'Сообщества за рулём (слайды семинара)',
        description:
          'Вступительные слайды регионального семинара: что меняется, когда решает село, и вопросы для работы в группах.',
      },
      'en',
    );
    await storeDeck(materials, storage, facilitator, deck.id, 'en');
    await storeDeck(materials, storage, facilitator, deck.id, 'ru');

    const callDay = secondWednesdayNextMonth(now);
    const call = await events.create(
      facilitator,
      {
        kind: EventKind.VIDEOCONFERENCE,
        originalLocale: 'ru',
        title: 'Ежемесячный созвон сети: новости стран и один разбор',
        description:
          'Каждую вторую среду месяца: по пять минут новостей от каждой национальной сети, затем подробный разбор одного проекта или одной трудности. Запись не ведётся, чтобы говорить свободно.',
        countryCodes: ['KG', 'TJ', 'UZ', 'AZ'],
        region: 'Центральная Азия и Кавказ',
        startsAt: new Date(`${callDay}T15:00:00+06:00`),
        endsAt: new Date(`${callDay}T16:30:00+06:00`),
        timeZone: 'Asia/Bishkek',
        onlineUrl: 'https://meet.example.org/ashar-monthly-call',
        recurrence: { weekday: 'WE', ordinal: 2, count: 12 },
      },
      'en',
    );
    await events.translate(
      facilitator,
      call.id,
      {
        locale: 'en',
        title: 'Monthly network call: country news and one case in depth',
        description:
          'Every second Wednesday: five minutes of news from each national network, then a closer look at one project or one difficulty. Not recorded, so people can speak freely.',
        region: 'Central Asia and the Caucasus',
      },
      'en',
    );
  },
};
