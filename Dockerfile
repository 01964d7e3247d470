# syntax=docker/dockerfile:1
# Three stages: build the H5 app and the admin portal with Node, build the Go binaries (which embed both), ship them
# on a small image.

FROM node:20-bookworm-slim AS web
WORKDIR /src
COPY h5/package.json h5/package-lock.json h5/
COPY portal/package.json portal/package-lock.json portal/
RUN cd h5 && npm ci --no-audit --no-fund && cd ../portal && npm ci --no-audit --no-fund
COPY graph/schema/ graph/schema/
COPY shared-web/ shared-web/
COPY h5/ h5/
COPY portal/ portal/
RUN cd h5 && npm run build && cd ../portal && npm run build

FROM golang:1.26-bookworm AS go
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /src/h5/dist/ ./h5/dist/
COPY --from=web /src/portal/dist/ ./portal/dist/
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/qiao ./server \
 && CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/qiao-worker ./worker \
 && CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/wechatsim ./wechat/sim/cmd/wechatsim

# distroless/static has CA certificates (WeChat is HTTPS) and tzdata, runs as nonroot, and has no shell.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=go /out/ /usr/local/bin/
ENV PORT=8080
EXPOSE 8080
USER nonroot:nonroot
# Production needs DATABASE_URL, REDIS_URL, JWT_SECRET, LINK_SECRET, SECRET_KEY and PUBLIC_URL, and `qiao migrate`
# (this image with the argument migrate) as a deploy step before a new release starts; without DATABASE_URL the
# image runs the self-contained demo. The worker image is the same: override the command with qiao-worker.
ENTRYPOINT ["/usr/local/bin/qiao"]
