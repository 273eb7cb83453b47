import { loadPhrases } from './i18n';

// The language's phrases arrive before any page module runs, so module-level labels are in it too.
await loadPhrases();
await import('./start');
