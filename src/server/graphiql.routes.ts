import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Router, type Request } from 'express';
import type { Config } from '../config/config';
import { graphiqlCsp, graphiqlPage, type GraphiqlAssetUrls } from './graphiql.page';

export const IDE_ASSETS_PATH = '/graphql/ide/assets';

/**
 * The only files the IDE serves, by public name: UMD builds from node_modules. Anything else under
 * /graphql/ide is 404, so there is no directory listing and no way to reach another file.
 */
const ASSETS: Record<keyof GraphiqlAssetUrls, { name: string; pkg: string; file: string; type: string }> = {
  css: { name: 'graphiql.min.css', pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css; charset=utf-8' },
  react: { name: 'react.production.min.js', pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript; charset=utf-8' },
  reactDom: { name: 'react-dom.production.min.js', pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript; charset=utf-8' },
  graphiql: { name: 'graphiql.min.js', pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript; charset=utf-8' },
};

interface ResolvedAsset {
  path: string;
  type: string;
  /** First 12 hex digits of the content's sha256: the `?v=` of its URL, so a new version is a new URL. */
  hash: string;
}

let resolved: Map<string, ResolvedAsset> | undefined;

/**
 * Resolves each package through require.resolve of its package.json (react and react-dom do not
 * export their umd/ folder) and hashes the files once per process.
 */
function resolveAssets(): Map<string, ResolvedAsset> {
  if (resolved) return resolved;
  const map = new Map<string, ResolvedAsset>();
  for (const asset of Object.values(ASSETS)) {
    const file = path.join(path.dirname(require.resolve(`${asset.pkg}/package.json`)), asset.file);
    const hash = createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 12);
    map.set(asset.name, { path: file, type: asset.type, hash });
  }
  resolved = map;
  return map;
}

/** Same test as Apollo Server's landing page: a GET whose Accept header prefers HTML over every GraphQL response type. */
function prefersHtml(req: Request): boolean {
  return req.accepts(['application/json', 'application/graphql-response+json', 'multipart/mixed', 'text/html']) === 'text/html';
}

const DISABLED = {
  error:
    'The GraphQL IDE is disabled on this server (IDE_ENABLED=false, or NODE_ENV=production without IDE_ENABLED). ' +
    'Set IDE_ENABLED=true to enable it. The GraphQL API itself works: POST /graphql, or GET /graphql?query=... with Accept: application/json.',
};

/**
 * GET /graphql from a browser (Accept prefers text/html): the GraphiQL IDE, when config.ideEnabled.
 * Every other request to /graphql passes through to Apollo. Mount before the Apollo middleware.
 */
export function graphiqlRoutes(config: Pick<Config, 'ideEnabled'>): Router {
  const router = Router();

  if (!config.ideEnabled) {
    router.get('/graphql', (req, res, next) => {
      if (!prefersHtml(req)) return next();
      res.status(404).json(DISABLED);
    });
    router.use('/graphql/ide', (_req, res) => {
      res.status(404).json(DISABLED);
    });
    return router;
  }

  const assets = resolveAssets();
  const url = (key: keyof GraphiqlAssetUrls) => `${IDE_ASSETS_PATH}/${ASSETS[key].name}?v=${assets.get(ASSETS[key].name)!.hash}`;
  const assetUrls: GraphiqlAssetUrls = { css: url('css'), react: url('react'), reactDom: url('reactDom'), graphiql: url('graphiql') };

  router.get('/graphql', (req, res, next) => {
    if (!prefersHtml(req)) return next();
    const nonce = randomBytes(16).toString('base64');
    res
      .status(200)
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': graphiqlCsp(nonce),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        Vary: 'Accept',
      })
      .send(graphiqlPage({ nonce, endpoint: req.baseUrl + '/graphql', assets: assetUrls }));
  });

  router.get(`${IDE_ASSETS_PATH}/:name`, (req, res, next) => {
    const asset = assets.get(req.params.name);
    if (!asset) return next();
    res.set({ 'Content-Type': asset.type, 'X-Content-Type-Options': 'nosniff' });
    // Long-lived: the page links each file with ?v=<content hash>, so an upgrade changes the URL.
    res.sendFile(asset.path, { maxAge: '365d', immutable: true }, (error) => {
      if (error && !res.headersSent) next(error);
    });
  });

  router.use('/graphql/ide', (_req, res) => {
    res.status(404).json({ error: `Not found. The IDE serves only ${[...assets.keys()].map((n) => `${IDE_ASSETS_PATH}/${n}`).join(', ')}.` });
  });

  return router;
}
