// Everything that builds the Word files (docx, jszip, htmlparser2), in one module the service imports
// on the first document asked for rather than at start.
export { renderDocx } from './documents.layout.js';
export { bulletinBlocks, meetingName, minutesBlocks, noticeBlocks } from './documents.render.js';
export { summaryBlocks } from './documents.summary.js';
