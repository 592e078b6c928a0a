# Voxgate in a container: built in one stage, run in a slim second one with
# production dependencies only, as a non-root user.
#   docker build -t voxgate .
#   docker run -p 8080:8080 -e OPENAI_API_KEY=sk-… voxgate
# Config: the embedded default reads VOXGATE_* and OPENAI_* variables; or
# mount a file and point VOXGATE_CONFIG at it:
#   docker run -v "$PWD/my.yaml:/etc/voxgate/gateway.yaml:ro" -e VOXGATE_CONFIG=/etc/voxgate/gateway.yaml voxgate

FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY core ./core
COPY plugins ./plugins
COPY providers ./providers
COPY testing ./testing
COPY test ./test
COPY config ./config
COPY ui ./ui
RUN npm run build

FROM node:20-slim
ENV NODE_ENV=production \
    VOXGATE_HOST=0.0.0.0 \
    VOXGATE_PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist/core ./dist/core
COPY --from=build /src/dist/plugins ./dist/plugins
COPY --from=build /src/dist/providers ./dist/providers
COPY --from=build /src/dist/ui ./dist/ui
COPY config ./config
COPY plugins/default-chain.json ./plugins/default-chain.json
# The request log (logs.store sqlite://./data/voxgate.db): mount a volume here to keep it.
RUN mkdir -p /app/data && chown node /app/data
# The image's own user (uid 1000 in the node images): the gateway needs no root.
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.VOXGATE_PORT || 8080) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/core/cli.js"]
CMD ["serve"]
