import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { isPortalPath } from './portal/route';

// The public portal (no sign-in) lives at /portal, outside the console's hash router; it loads on its own.
const PortalApp = lazy(() => import('./portal/PortalApp.js').then((m) => ({ default: m.PortalApp })));

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    {isPortalPath(window.location.pathname) ? (
      <Suspense fallback={null}>
        <PortalApp />
      </Suspense>
    ) : (
      <App />
    )}
  </StrictMode>,
);
