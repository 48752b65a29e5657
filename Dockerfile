# The API image for server deployments (docker-compose.yml). It talks to a ClickHouse server
# over HTTP (CLICKHOUSE_URL), so the embedded engine's native library is not needed at run time.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The sources are not here yet: the root `prepare` script (the dashboard build) runs below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build && npm run build:dashboard

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# --ignore-scripts: the root `prepare` script builds the dashboard, whose build tools are
# devDependencies; the build stage already built it.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY --from=build /app/dashboard/dist ./dashboard/dist
COPY clickhouse ./clickhouse
EXPOSE 4000
CMD ["node", "dist/src/main.js"]
