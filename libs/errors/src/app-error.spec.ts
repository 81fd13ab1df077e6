import { AppError, translateError } from './app-error';

describe('AppError.rateLimited', () => {
  it('says when to try again in the unit a person reads at a glance, and keeps the seconds for clients', () => {
    const told = (seconds: number, locale: 'en' | 'ru' | 'es' | 'nl' = 'en') =>
      translateError(AppError.rateLimited(seconds), locale);
    expect(told(45)).toEqual({
      code: 'RATE_LIMITED',
      retryAfter: 45,
      message: 'Too many attempts. Please try again in 45 seconds.',
    });
    expect(told(89).message).toBe('Too many attempts. Please try again in 89 seconds.');
    // A 15-minute login lock: 894 seconds left reads as 15 minutes (rounded up, never sooner).
    expect(told(894)).toMatchObject({
      retryAfter: 894,
      message: 'Too many attempts. Please try again in 15 minutes.',
    });
    expect(told(894, 'ru').message).toBe('Слишком много попыток. Повторите через 15 минут.');
    expect(told(61 * 60, 'es').message).toBe('Demasiados intentos. Vuelva a intentarlo en 61 minutos.');
    expect(told(2 * 3600, 'nl').message).toBe('Te veel pogingen. Probeer het over 2 uur opnieuw.');
    expect(told(90 * 60 + 1, 'ru').message).toBe('Слишком много попыток. Повторите через 2 часа.');
  });

  it('rounds the same way in a domain’s own words', () => {
    const messages = { seconds: 'x:wait', minutes: 'x:waitMinutes', hours: 'x:waitHours' };
    const told = (seconds: number) => {
      const error = AppError.rateLimited(seconds, messages);
      return [error.code, error.messageKey, error.params.count, error.extra.retryAfter];
    };
    expect(told(89)).toEqual(['RATE_LIMITED', 'x:wait', 89, 89]);
    expect(told(600)).toEqual(['RATE_LIMITED', 'x:waitMinutes', 10, 600]);
    expect(told(90 * 60 + 1)).toEqual(['RATE_LIMITED', 'x:waitHours', 2, 90 * 60 + 1]);
  });
});
