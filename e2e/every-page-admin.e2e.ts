import { everyPageAs } from './every-page.js';

everyPageAs('admin');
