import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import './styles/theme.css';
import './styles/base.css';
import './styles/nav.css';
import './styles/tokens.css';
import './styles/panels.css';
import './styles/tables.css';
import './styles/tools.css';
import './styles/narrow.css';

const container = document.getElementById('root');
if (container) createRoot(container).render(<App api={window.keyport} />);
