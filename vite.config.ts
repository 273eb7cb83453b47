import path from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const web = path.resolve(import.meta.dirname, 'web');

export default defineConfig({
  root: web,
  plugins: [react()],
  build: {
    outDir: path.join(web, 'dist'),
    emptyOutDir: true,
    // antd alone is larger than the default warning threshold; it is split out below.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/, priority: 20 },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+)[\\/]/, priority: 10 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 0 },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
