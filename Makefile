# The two commands of the README. Everything else they need they set up themselves.
# npm install, not npm ci: the lock this registry mirror writes lists no other-platform optional
# binaries (e.g. @swc/core-darwin-arm64), and npm ci refuses such a lock as out of sync.
.PHONY: up test typecheck
SHELL := /bin/bash

node_modules/.installed: package.json package-lock.json
	npm install --no-audit --no-fund
	touch $@

up: node_modules/.installed
	@node --import tsx scripts/dev-stack.ts

test: node_modules/.installed
	@node --import tsx scripts/run-tests.ts

typecheck: node_modules/.installed
	npx tsc --noEmit -p tsconfig.json
