# The two commands of the README. Everything else they need they set up themselves.
# npm install, not npm ci: the lock this registry mirror writes lists no other-platform optional
# binaries (e.g. @swc/core-darwin-arm64), and npm ci refuses such a lock as out of sync.
# Every command runs under Node.js 24 (LTS): scripts/with-node.sh brings it where the machine's node is older.
.PHONY: up test typecheck
SHELL := /bin/bash
WITH_NODE := scripts/with-node.sh

node_modules/.installed: package.json package-lock.json
	@$(WITH_NODE) npm install --no-audit --no-fund
	@touch $@

up: node_modules/.installed
	@$(WITH_NODE) node --import tsx scripts/dev-stack.ts

test: node_modules/.installed
	@$(WITH_NODE) node --import tsx scripts/run-tests.ts

typecheck: node_modules/.installed
	@$(WITH_NODE) npx tsc --noEmit -p tsconfig.json
