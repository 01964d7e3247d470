/// <reference types="vitest/config" />
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'
import { aliases, keepDist } from '../shared-web/vite'

export default defineConfig({
  base: '/admin/',
  plugins: [vue(), keepDist(new URL('./dist/', import.meta.url))],
  resolve: {
    // @shared: what h5/ and portal/ share (shared-web/: the request module, sign-in documents, codegen config).
    alias: aliases(new URL('./', import.meta.url)),
  },
  build: {
    // Desktop browsers of the last few years.
    target: ['es2020', 'chrome87', 'firefox78', 'safari14', 'edge88'],
    outDir: 'dist',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // Element Plus changes with its version, not with each portal release: its own file stays cached.
        manualChunks: (id) => (id.includes('node_modules/element-plus') ? 'element-plus' : undefined),
      },
    },
  },
  server: {
    // shared-web/ sits beside portal/, outside the dev server's root.
    fs: { allow: ['..'] },
    // `npm run dev` against a server started with `go run ./server` (default port 8080, override with QIAO_API).
    proxy: {
      '/graphql': process.env.QIAO_API ?? 'http://127.0.0.1:8080',
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
})
