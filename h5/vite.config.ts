/// <reference types="vitest/config" />
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'
import { aliases, keepDist } from '../shared-web/vite'

export default defineConfig({
  base: '/h5/',
  plugins: [vue(), keepDist(new URL('./dist/', import.meta.url))],
  resolve: {
    // @shared: what h5/ and portal/ share (shared-web/: the request module, sign-in documents, codegen config).
    alias: aliases(new URL('./', import.meta.url)),
  },
  build: {
    // WeChat's and WeCom's in-app browsers: iOS WKWebView (Safari 13+) and Android XWeb (Chromium based).
    target: ['es2019', 'safari13', 'chrome80'],
    outDir: 'dist',
  },
  server: {
    // shared-web/ sits beside h5/, outside the dev server's root.
    fs: { allow: ['..'] },
    // `npm run dev` against a server started with `go run ./server` (default port 8080, override with QIAO_API).
    proxy: {
      '/graphql': process.env.QIAO_API ?? 'http://127.0.0.1:8080',
      '/oauth': process.env.QIAO_API ?? 'http://127.0.0.1:8080',
      // attachment downloads and uploads' files
      '/api': process.env.QIAO_API ?? 'http://127.0.0.1:8080',
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
})
