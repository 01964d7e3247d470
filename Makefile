# Qiao — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
GO    ?= go
NPM   ?= npm
H5_STAMP := h5/node_modules/.package-lock.json
PORTAL_STAMP := portal/node_modules/.package-lock.json

.PHONY: run test build h5 h5-deps h5-test portal portal-deps portal-test generate vet gotest e2e bench migrate tools clean

## run: build the H5 app and the admin portal and start everything on embedded defaults (or DATABASE_URL / REDIS_URL when set)
run: h5 portal
	$(GO) run ./server

## test: everything CI runs — vet, Go tests with -race against MariaDB and Redis, the H5's and the portal's builds and
## unit tests, the browser walks
test: vet gotest h5 h5-test portal portal-test e2e

build: h5 portal
	$(GO) build -o bin/qiao ./server
	$(GO) build -o bin/qiao-worker ./worker
	$(GO) build -o bin/wechatsim ./wechat/sim/cmd/wechatsim

$(H5_STAMP): h5/package.json h5/package-lock.json
	cd h5 && $(NPM) ci --no-audit --no-fund
	@touch $@

h5-deps: $(H5_STAMP)

## h5: build the mobile app into h5/dist, which the Go binary embeds
h5: h5-deps
	cd h5 && $(NPM) run build

h5-test: h5-deps
	cd h5 && $(NPM) test

$(PORTAL_STAMP): portal/package.json portal/package-lock.json
	cd portal && $(NPM) ci --no-audit --no-fund
	@touch $@

portal-deps: $(PORTAL_STAMP)

## portal: build the admins' desktop portal into portal/dist, which the Go binary embeds and serves under /admin/
portal: portal-deps
	cd portal && $(NPM) run build

portal-test: portal-deps
	cd portal && $(NPM) test

## generate: regenerate gqlgen code (and the H5's and the portal's typed GraphQL documents, shared-web/codegen.ts)
generate: h5-deps portal-deps
	$(GO) generate ./...
	cd h5 && $(NPM) run codegen
	cd portal && $(NPM) run codegen

## vet: go vet, gofmt, and go.mod and go.sum as `go mod tidy` leaves them
vet:
	$(GO) vet ./...
	@$(GO) mod tidy -diff >/dev/null || { echo "go.mod or go.sum is not tidy (go mod tidy -diff):"; $(GO) mod tidy -diff; exit 1; }
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }

gotest:
	$(GO) test -race -count=1 ./...

## e2e: the browser walks (Debian chromium driven by playwright-core) against a real server on embedded defaults: the
## H5's at a phone viewport, the portal's (walk `portal`) at 1440×900
e2e: h5 portal
	node h5/e2e/run.mjs

## bench: the GraphQL load at 50 concurrent clients (MariaDB + Redis), including the todo page among 1,000,000 items
## against a plain database/sql handler (it seeds its data first, 30-45 s), the simulator's message/send with 1000
## recipients a call, the token provider across 4 processes, and delivery under faults (Redis restarted empty, a
## server killed mid-send, WeChat failing at rates; several minutes), the callback intake (events/s and p99), the staff
## import and the contact sync to WeCom
bench:
	$(GO) test -run '^$$' -bench 'SendMutation|TodoQuery' -benchtime 2000x -count 1 ./graph/bench/
	@# 6,000 requests a handler: a p99 is the 60th slowest, not the 20th, steady enough to compare
	$(GO) test -run '^$$' -bench TodoMillion -benchtime 6000x -count 3 ./graph/bench/
	$(GO) test -run '^$$' -bench Send1000 -benchtime 3s -count 1 ./wechat/sim/
	$(GO) test -run '^$$' -bench TokenAcrossProcesses -benchtime 1x -count 1 ./wechat/wecom/
	$(GO) test -run '^$$' -bench DeliveryFaults -benchtime 1x -count 1 -timeout 30m ./worker/faults/
	@# WeCom's events: acknowledgement over HTTP with the queue processing them, and the intake alone
	$(GO) test -run '^$$' -bench CallbackIntake -benchtime 5000x -count 1 ./server/web/
	$(GO) test -run '^$$' -bench Receive -benchtime 5000x -count 1 ./callbacks/
	@# A staff import of 10,000 and 50,000 new people: the preview, the job, the peak heap
	$(GO) test -run '^$$' -bench StaffImport -benchtime 1x -count 1 -timeout 15m ./staffsheet/
	@# The contact sync of 100,000 staff in 1,000 departments: the first sync, 100 changes, and the naive way beside
	$(GO) test -run '^$$' -bench ContactSync -benchtime 1x -count 1 -timeout 15m ./contactsync/
	$(GO) test -run '^$$' -bench TemplateMessages -benchtime 1x -count 1 -timeout 20m ./push/
	@# One notice to all staff under WeCom's limits: a call a person beside batches of 1,000 (1,000 to 100,000), and the floors of calls and records
	$(GO) test -run '^$$' -bench NoticeFanout -benchtime 1x -count 1 -timeout 60m ./push/
	$(GO) test -run '^$$' -bench NoticeFloors -benchtime 1x -count 1 -timeout 30m ./push/

migrate:
	$(GO) run ./server migrate

clean:
	rm -rf bin h5/dist/assets h5/dist/index.html portal/dist/assets portal/dist/index.html h5/e2e/output
