/// <reference types="vite/client" />
// Modules the build makes up (vite.config.ts).
declare module 'virtual:antd-rest.css';
