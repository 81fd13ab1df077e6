import { Controller, Get, Param, Res } from '@nestjs/common';
import { Allow, CurrentUser, type AuthUser } from '@ashar/accounts';
import type { Locale } from '@ashar/i18n';
import { IdPipe, RequestLocale } from '@ashar/transport';
import type { Response } from 'express';
import { EventsService } from './event.service';

/** `GET /events/:id.ics`: the event as an iCalendar file, for "add to calendar" links. */
@Controller('events')
export class EventCalendarController {
  constructor(private readonly events: EventsService) {}

  @Allow('GUEST')
  @Get(':id.ics')
  async calendar(
    @Param('id', IdPipe) id: string,
    @CurrentUser() user: AuthUser | undefined,
    @RequestLocale() locale: Locale,
    @Res() res: Response,
  ): Promise<void> {
    const body = await this.events.calendar(user, id, locale);
    res
      .status(200)
      .set({
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': `attachment; filename="event-${id}.ics"`,
        'cache-control': 'no-cache',
      })
      .send(body);
  }
}
