# The two commands of the README. Everything else they need they set up themselves.
.PHONY: up test typecheck
SHELL := /bin/bash

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

up: node_modules/.installed
	@node --import tsx scripts/dev-stack.ts

test: node_modules/.installed
	@node --import tsx scripts/run-tests.ts

typecheck: node_modules/.installed
	npx tsc --noEmit -p tsconfig.json
