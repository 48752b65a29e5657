# The API image for server deployments (docker-compose.yml). It talks to a ClickHouse server
# over HTTP (CLICKHOUSE_URL), so the embedded engine's native library is not needed at run time.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY clickhouse ./clickhouse
EXPOSE 4000
CMD ["node", "dist/src/main.js"]
