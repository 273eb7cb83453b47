// What other modules read of the settings: the module's public face (its repo stays private to it).
export { isDemo } from './settings.repo.js';
