import type { ModuleRef } from '@nestjs/core';
import { AccountsService, Role, type AuthUser } from '@ashar/accounts';
import { MessageService, RoomScope, RoomService, RoomVisibility, type RoomModel } from '@ashar/discussions';
import type { Locale } from '@ashar/i18n';
import type { DemoStep } from './demo-step';

interface DemoMessage {
  by: string;
  body: string;
  /** Index of an earlier message in the same thread this one answers. */
  replyTo?: number;
}

interface DemoThread {
  title: string;
  pinned?: boolean;
  messages: DemoMessage[];
}

/** Written for the demo; every person and exchange here is fictional. */
const COUNTRY_THREADS: Record<string, DemoThread[]> = {
  KG: [
    {
      title: 'Водные комитеты: как собирать взносы на ремонт',
      pinned: true,
      messages: [
        {
          by: 'coordinator.kg',
          body: 'Коллеги, делимся опытом: как ваши сёла собирают деньги на ремонт водопровода? У нас в Ак-Суу каждая семья платит **по сезону**, после урожая.',
        },
        {
          by: 'member',
          body: 'У нас собрание решило брать взнос частично трудом: кто не может заплатить, копает траншею. Так никто не остаётся без воды.',
          replyTo: 0,
        },
        {
          by: 'facilitator',
          body: 'Good practice to share at the regional workshop. Could someone post the committee’s simple ledger template here?',
        },
      ],
    },
  ],
  PE: [
    {
      title: 'Concursos campesinos: ¿qué aprendimos este año?',
      messages: [
        {
          by: 'coordinator.pe',
          body: 'Los concursos entre comunidades motivaron a muchas familias. ¿Qué premio funcionó mejor en su zona: herramientas, semillas o asistencia técnica?',
        },
        {
          by: 'facilitator',
          body: 'En nuestro taller las familias eligieron asistencia técnica contratada por ellas mismas; así el premio dura más que la herramienta.',
          replyTo: 0,
        },
      ],
    },
  ],
};

const NETWORK_THREADS: DemoThread[] = [
  {
    title: 'Welcome: introduce yourself and your community',
    pinned: true,
    messages: [
      {
        by: 'admin',
        body: 'Welcome to the network-wide room. Tell us who you are, where you work and one thing your community built together.',
      },
      {
        by: 'steering',
        body: 'Hallo allemaal! Ik volg het netwerk vanuit de stuurgroep en lees graag mee. Schrijf gerust in uw eigen taal.',
      },
      {
        by: 'member',
        body: 'Здравствуйте! Я из сельского водного комитета в Иссык-Кульской области. Мы сами построили водопровод и теперь учимся его содержать.',
        replyTo: 0,
      },
    ],
  },
];

const THEME_THREADS: DemoThread[] = [
  {
    title: 'Measuring results together with communities',
    messages: [
      {
        by: 'facilitator',
        body: 'Which indicators do communities themselves find useful? Household income is hard to measure; counting working water taps is easy.',
      },
      {
        by: 'coordinator.kg',
        body: 'Мы просим сельчан самим выбрать 2–3 показателя на собрании. Тогда они и собирают данные охотнее.',
        replyTo: 0,
      },
      {
        by: 'coordinator.pe',
        body: 'En los Andes usamos mapas parlantes dibujados por la comunidad, antes y después del proyecto.',
        replyTo: 0,
      },
    ],
  },
];

/** National networks of the demo (see network.demo.ts) that get a room, with who may read it. */
const COUNTRY_ROOMS: { countryCode: string; visibility: RoomVisibility; locale: Locale }[] = [
  { countryCode: 'KG', visibility: RoomVisibility.MEMBERS, locale: 'ru' },
  { countryCode: 'TJ', visibility: RoomVisibility.MEMBERS, locale: 'ru' },
  { countryCode: 'UZ', visibility: RoomVisibility.MEMBERS, locale: 'ru' },
  { countryCode: 'AZ', visibility: RoomVisibility.MEMBERS, locale: 'ru' },
  { countryCode: 'PE', visibility: RoomVisibility.PUBLIC, locale: 'es' },
];

export const discussionsDemo: DemoStep = {
  name: 'discussions-v1',
  async run(modules: ModuleRef) {
    const accounts = modules.get(AccountsService, { strict: false });
    const rooms = modules.get(RoomService, { strict: false });
    const messages = modules.get(MessageService, { strict: false });

    const one = async (role: Role, countryCode?: string): Promise<AuthUser> => {
      const [holder] = await accounts.holders(role, countryCode);
      return (await accounts.findAuthUser(holder.id)) as AuthUser;
    };
    const people: Record<string, AuthUser> = {
      admin: await one(Role.ADMIN),
      steering: await one(Role.STEERING_GROUP),
      'coordinator.kg': await one(Role.NATIONAL_COORDINATOR, 'KG'),
      'coordinator.pe': await one(Role.NATIONAL_COORDINATOR, 'PE'),
      facilitator: await one(Role.FACILITATOR),
      member: await one(Role.MEMBER),
    };

    const fill = async (room: RoomModel, host: AuthUser, threads: DemoThread[]) => {
      for (const [t, thread] of threads.entries()) {
        const created = await rooms.createThread(host, { roomId: room.id, title: thread.title });
        if (thread.pinned) await rooms.setThreadFlag(host, created.id, 'pinned', true);
        const ids: string[] = [];
        for (const [m, message] of thread.messages.entries()) {
          const { message: posted } = await messages.post(people[message.by], {
            roomId: room.id,
            threadId: created.id,
            body: message.body,
            clientId: `demo-${room.id.slice(0, 8)}-${t}-${m}`,
            replyTo: message.replyTo === undefined ? undefined : ids[message.replyTo],
          });
          ids.push(posted.id);
        }
      }
    };

    const admin = people.admin;
    const network = await rooms.createRoom(
      admin,
      { scope: RoomScope.NETWORK, visibility: RoomVisibility.PUBLIC, originalLocale: 'en' },
      'en',
    );
    await fill(network, admin, NETWORK_THREADS);

    for (const { countryCode, visibility, locale } of COUNTRY_ROOMS) {
      const coordinator = people[`coordinator.${countryCode.toLowerCase()}`];
      const host = coordinator ?? admin;
      const room = await rooms.createRoom(
        host,
        { scope: RoomScope.COUNTRY, countryCode, visibility, originalLocale: locale },
        locale,
      );
      await fill(room, host, COUNTRY_THREADS[countryCode] ?? []);
    }

    const theme = await rooms.createRoom(
      people.facilitator,
      {
        scope: RoomScope.THEME,
        scopeKey: 'monitoring-evaluation',
        visibility: RoomVisibility.MEMBERS,
        title: 'Monitoring with communities / Мониторинг вместе с сообществами',
        originalLocale: 'en',
      },
      'en',
    );
    await fill(theme, people.facilitator, THEME_THREADS);
  },
};
