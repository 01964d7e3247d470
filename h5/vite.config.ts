/// <reference types="vitest/config" />
import { writeFileSync } from 'node:fs'
import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig, type Plugin } from 'vite'

// Vite empties dist/ on every build; Go's //go:embed in embed.go needs dist/ to hold at least one file,
// and git keeps dist/.keep, so write it back after each build.
function keepDist(): Plugin {
  return {
    name: 'qiao-keep-dist',
    apply: 'build',
    closeBundle() {
      writeFileSync(fileURLToPath(new URL('./dist/.keep', import.meta.url)), '')
    },
  }
}

export default defineConfig({
  base: '/h5/',
  plugins: [vue(), keepDist()],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      // What h5/ and portal/ share: the request module (api/graphql.ts) and the codegen's config.
      '@shared': fileURLToPath(new URL('../shared-web', import.meta.url)),
    },
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
