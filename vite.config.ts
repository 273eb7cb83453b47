import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { splitAntdCss } from './web/app/antd-sheets.js';

const web = path.resolve(import.meta.dirname, 'web');

/**
 * Brotli and gzip copies of every built asset worth compressing, written once at build time so the
 * server sends them as they are (county links are slow; compressing per request costs the CPU).
 */
function precompress(): Plugin {
  return {
    name: 'huishang-precompress',
    apply: 'build',
    closeBundle() {
      const dir = path.join(web, 'dist', 'assets');
      for (const name of fs.readdirSync(dir)) {
        if (!/\.(js|css|svg|json)$/.test(name)) continue;
        const file = path.join(dir, name);
        const raw = fs.readFileSync(file);
        if (raw.length < 1024) continue;
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } }));
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(raw, { level: 9 }));
      }
    },
  };
}

/**
 * `virtual:antd-first.css` and `virtual:antd-rest.css`: antd's static sheet cut in two (see
 * web/app/antd-sheets.ts). Written as real files so Vite's CSS pipeline hashes and minifies them.
 */
function antdSheets(): Plugin {
  const dir = path.resolve(import.meta.dirname, 'node_modules/.cache/huishang-antd');
  const files = { 'virtual:antd-first.css': path.join(dir, 'antd-first.css'), 'virtual:antd-rest.css': path.join(dir, 'antd-rest.css') };
  return {
    name: 'huishang-antd-sheets',
    enforce: 'pre',
    buildStart() {
      const { first, rest } = splitAntdCss(fs.readFileSync(path.resolve(import.meta.dirname, 'node_modules/antd/dist/antd.css'), 'utf8'));
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(files['virtual:antd-first.css'], first);
      fs.writeFileSync(files['virtual:antd-rest.css'], rest);
    },
    resolveId(id) {
      return id in files ? files[id as keyof typeof files] : null;
    },
  };
}

export default defineConfig({
  root: web,
  plugins: [antdSheets(), react(), precompress()],
  build: {
    outDir: path.join(web, 'dist'),
    emptyOutDir: true,
    // Which chunks each page needs: the bench adds up what the first load (login, then home) downloads.
    manifest: true,
    // antd alone is larger than the default warning threshold; it is split out below.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      treeshake: {
        manualPureFunctions: ['z'],
        moduleSideEffects: [
          { test: /\.css$/, sideEffects: true },
          { test: /node_modules[\\/]@rc-component[\\/]/, sideEffects: false },
        ],
      },
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/, priority: 20 },
            // The frame every page stands in, in one chunk (what i18n.ts loads by dynamic import stays out:
            // in the same chunk it would wait for itself, and English pages would never start): the language module's top-level await
            // (web/app/i18n.ts) otherwise leaves its importers in many small chunks, each
            // compressed on its own.
            {
              name: 'shell',
              test: /[\\/]web[\\/](app|components|features[\\/]auth)[\\/](?!PhoneMenuDrawer|dayjs-zh|error-messages|labels-domain|NotFound|NoAccess|PasswordChangeRequired|TwoFactorEnrolmentRequired|[^\\/]*\.en\.ts)/,
              priority: 10,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
