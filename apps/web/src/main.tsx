import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { startI18n } from './i18n';
import { initialLocale, rememberLocale, urlLocale } from './language';
import { SessionProvider } from './session';
import './styles.css';

const locale = initialLocale();
if (urlLocale()) rememberLocale(locale);

void startI18n(locale).then(() => {
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <SessionProvider>
        <App />
      </SessionProvider>
    </StrictMode>,
  );
});
