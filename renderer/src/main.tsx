// Renderer entry: mounts the React app and loads the style sheets, one per feature, in this order (later
// sheets refine earlier ones; Vite bundles them into one file, so the CSP's style-src 'self' holds).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles/base.css';
import './styles/welcome.css';
import './styles/workspace.css';
import './styles/grid.css';
import './styles/item-panel.css';
import './styles/facts.css';
import './styles/dialogs.css';
import './styles/cases.css';
import './styles/builder.css';
import './styles/report-form.css';
import './styles/conversation.css';
import './styles/completeness.css';
import './styles/ncmec.css';
import './styles/decisions.css';
import './styles/preservation.css';
import './styles/conflicts.css';
import './styles/desk.css';
import './styles/sync.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
