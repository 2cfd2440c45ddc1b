import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'bootstrap-italia/dist/css/bootstrap-italia.min.css';
import '../styles/fonts.css';
import '../styles/app.css';
import './portal.css';
import { PortalApp } from './PortalApp.tsx';

// The citizen portal (issue 13): a separate app from the staff's, served at /portale.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PortalApp />
  </StrictMode>,
);
