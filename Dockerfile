# One image for every Switchyard process (router, shadow, metrics-sink, model simulator); the
# command chooses which. Used by docker-compose.yml.
#
# Node 26 is the Active LTS line (Active LTS from 2026-10-28, end of life 2029-04-30, per the
# Node.js Release Working Group's schedule, checked 2026-11-30); Node 20 reached its end of life
# on 2026-04-30. test/docker-compose.test.ts checks both stages use the same line.
FROM node:26-trixie-slim AS build
WORKDIR /app
COPY . .
# The runtime keeps production dependencies only, without optional ones: chdb, the embedded
# engine, is an optional dependency of the command line (demo, --data-dir), never of a service.
RUN npm ci --no-audit --no-fund \
 && npm run build \
 && npm prune --omit=dev --omit=optional --no-audit --no-fund

FROM node:26-trixie-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
CMD ["node", "services/router/dist/src/main.js"]
