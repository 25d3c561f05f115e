import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/app';
import { RouterStore } from './state/router.store';
import { SessionStore } from './state/session.store';
import { SettingsStore } from './state/settings.store';
import './styles/console.css';

const services = {
  sessions: new SessionStore(),
  settings: new SettingsStore(),
  router: new RouterStore(),
};

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App services={services} />
    </StrictMode>,
  );
}
