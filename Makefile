# The two commands of the README, and the stages of `make test` one by one.
# Every target is a thin wrapper around a script in scripts/; read those for the details.

.PHONY: help demo demo-stop test test-unit test-emulator test-integration test-reliability sanity e2e lint docs venv build release clean

help:
	@echo "make demo              run the collection against a local IEC emulator (no cloud account)"
	@echo "make demo-stop         stop the demo's emulator"
	@echo "make test              every test: unit, emulator, integration, reliability, sanity, e2e, lint"
	@echo "make test-unit         pytest tests/unit"
	@echo "make test-emulator     pytest tests/emulator/tests"
	@echo "make test-integration  ansible-test integration against a fresh emulator"
	@echo "make       the built tarball in a fresh virtual environment: provision and teardown, twice"
	@echo "make test-reliability  pytest tests/reliability (faults, restarts, parallel runs)"
	@echo "make sanity            ansible-test sanity on the oldest (2.16) and the newest ansible-core"
	@echo "make e2e               the tarball by its README in a fresh venv (ansible-core 2.16): provision, inventory, look-ups, teardown"
	@echo "make lint              ansible-lint, antsibull-docs, antsibull-changelog, ansible-builder, docs"
	@echo "make docs              the HTML documentation in build/docs/html (antsibull-docs, Sphinx)"
	@echo "make release           changelogs/fragments/ into the release of galaxy.yml's version (CHANGELOG.rst)"
	@echo "make clean             remove build/ and the demo's state (not the virtual environments)"

demo:
	bash scripts/demo.sh

demo-stop:
	bash scripts/demo.sh stop

test:
	bash scripts/test.sh

test-unit:
	bash scripts/test.sh unit

test-emulator:
	bash scripts/test.sh emulator

test-integration:
	bash scripts/test.sh integration

test-reliability:
	bash scripts/test.sh reliability

sanity:
	bash scripts/test.sh sanity

e2e:
	bash scripts/test.sh e2e

lint:
	bash scripts/test.sh lint

docs:
	bash scripts/venv.sh dev
	bash scripts/build.sh
	bash scripts/docs.sh

venv:
	bash scripts/venv.sh

build:
	bash scripts/build.sh

release:
	bash scripts/release.sh

clean: demo-stop
	rm -rf build .demo
