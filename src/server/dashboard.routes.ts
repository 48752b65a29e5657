import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { projectRoot } from '../paths';

/**
 * Only this server: the bundle's scripts and styles, data from /graphql and /export on this
 * origin, CSV downloads as blob: URLs, inline SVG charts. Charts set styles through the DOM
 * (element.style), which CSP does not restrict, so no 'unsafe-inline' is needed.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** dashboard/dist: built by `npm run build:dashboard`, which `npm install` runs (the root `prepare` script). */
export function dashboardDist(): string {
  return path.join(projectRoot(), 'dashboard', 'dist');
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LearnMetrics</title></head><body>
<h1>The dashboard is not built</h1>
<p>Run <code>npm run build:dashboard</code> (<code>npm install</code> runs it), then reload. The API answers at <a href="/graphql">/graphql</a>.</p>
</body></html>`;

/**
 * The admin dashboard (dashboard/, a React app) at GET /: its index.html, and its hashed files
 * under /assets/. No token is needed to load the app; every figure it shows comes through
 * /graphql or /export with the token pasted into it.
 */
export function dashboardRoutes(dist = dashboardDist()): Router {
  const router = Router();
  const index = path.join(dist, 'index.html');

  router.get('/', (_req, res) => {
    res.set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': DASHBOARD_CSP,
      // Always asked again: a rebuild changes the asset names it links.
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    // Read per request (a small file), so a rebuild is served without a restart.
    fs.readFile(index, (error, html) => {
      if (error) res.status(503).send(NOT_BUILT);
      else res.status(200).send(html);
    });
  });

  // Content-hashed names: cached for a year. Nothing but files inside dist/assets is served.
  router.use('/assets', express.static(path.join(dist, 'assets'), { index: false, redirect: false, dotfiles: 'ignore', immutable: true, maxAge: '365d' }));
  return router;
}
