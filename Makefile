# Deep Learning in Practice: one-command setup for students and instructors.
#
#   make lab     create .venv if needed, install, open JupyterLab on labs/
#   make test    install if needed, run the whole test suite
#
# Run `make help` for the rest.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# nbgrader and jupyter shell out to tools that live in the virtual environment.
export PATH := $(abspath $(BIN)):$(PATH)
STAMP := $(VENV)/.installed
LAB ?=
# Submissions graded at once by `make autograde` and `make demo` (default: one per core).
WORKERS ?=
GRADING_FLAGS := $(if $(WORKERS),--workers $(WORKERS),)
# FORCE=1 regrades submissions that have not changed since they were graded.
FORCE ?=
AUTOGRADE_FLAGS := $(GRADING_FLAGS) $(if $(FORCE),--force,)
# Containers often run as root, which JupyterLab refuses without this flag.
override JUPYTER_ARGS += $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help install student-ui instructor-ui lab test check release check-release autograde feedback grades demo demo-exhaustive student-dist lectures bench speedrun depth-grid clean

help:
	@echo "Students:     make lab        open the labs in JupyterLab"
	@echo "Everyone:     make test       run the test suite"
	@echo "Self-study:   make check LAB=name NOTEBOOK=path  grade your notebook with the hidden tests"
	@echo "Instructors:  make release    regenerate labs/ from solutions/"
	@echo "              make autograde  grade autograder/submitted/ (LAB=name for one lab, WORKERS=n at once)"
	@echo "              make feedback   write HTML feedback under autograder/feedback/"
	@echo "              make grades     export autograder/grades.csv"
	@echo "              make demo       the whole grading cycle on example submissions"
	@echo "              make student-dist  build the student edition (no solutions) in dist/"
	@echo "              make lectures   render lectures/ to offline reveal.js slides in lectures/_build/"
	@echo "              make hub        start the demo course JupyterHub on http://127.0.0.1:8000 (as root)"
	@echo "              make bench      run the speed benchmarks in bench/"
	@echo "              make speedrun   time MNIST and CIFAR-10 training to a target accuracy"
	@echo "              make depth-grid run (or resume) Lab 6's full depth grid for Lecture 6"
	@echo "              make instructor-ui  show nbgrader's instructor tools in JupyterLab"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -e ".[dev]"
	@# TensorFlow's C++ runtime logs to the kernel's stderr file descriptor; keep
	@# that in the terminal instead of showing it as red text in every notebook.
	mkdir -p $(VENV)/etc/ipython
	echo "c.IPKernelApp.capture_fd_output = False" > $(VENV)/etc/ipython/ipython_kernel_config.py
	@# Validate runs a whole lab, training included: nbgrader's default of 30 s per
	@# cell is too short for a lab's experiment cells, so allow what grading allows.
	mkdir -p $(VENV)/etc/jupyter
	echo "c.Execute.timeout = 300" > $(VENV)/etc/jupyter/nbgrader_config.py
	@# Students get nbgrader's Validate button but not the instructor tools;
	@# `make instructor-ui` brings those back.
	@$(MAKE) --no-print-directory student-ui
	@touch $(STAMP)

NBGRADER_INSTRUCTOR_PLUGINS := formgrader create-assignment course-list
NBGRADER_INSTRUCTOR_SERVER := nbgrader.server_extensions.formgrader nbgrader.server_extensions.course_list

student-ui: | $(PY)
	@for plugin in $(NBGRADER_INSTRUCTOR_PLUGINS); do \
		$(BIN)/jupyter labextension disable --level=sys_prefix "@jupyter/nbgrader:$$plugin" >/dev/null 2>&1; \
	done
	@for extension in $(NBGRADER_INSTRUCTOR_SERVER); do \
		$(BIN)/jupyter server extension disable --sys-prefix $$extension >/dev/null 2>&1; \
	done
	@echo "JupyterLab: nbgrader's instructor tools are hidden (make instructor-ui shows them)."

instructor-ui: $(STAMP)
	@for plugin in $(NBGRADER_INSTRUCTOR_PLUGINS); do \
		$(BIN)/jupyter labextension unlock --level=sys_prefix "@jupyter/nbgrader:$$plugin" >/dev/null 2>&1; \
		$(BIN)/jupyter labextension enable --level=sys_prefix "@jupyter/nbgrader:$$plugin" >/dev/null 2>&1; \
	done
	@for extension in $(NBGRADER_INSTRUCTOR_SERVER); do \
		$(BIN)/jupyter server extension enable --sys-prefix $$extension >/dev/null 2>&1; \
	done
	@echo "JupyterLab: nbgrader's instructor tools (formgrader, Create Assignment) are shown."

install: $(STAMP)

# LAB_DIR=path serves another folder of labs (the browser tests use a scratch copy).
LAB_DIR ?= labs
lab: $(STAMP)
	$(BIN)/jupyter lab $(JUPYTER_ARGS) $(LAB_DIR)/

test: $(STAMP)
	$(PY) -m pytest

# Self-study: grade your own notebook with the hidden tests, in a scratch directory.
NOTEBOOK ?=
check: $(STAMP)
	@$(PY) autograder/self_check.py "$(LAB)" "$(NOTEBOOK)"

release: $(STAMP)
	$(PY) autograder/grading.py release

check-release: $(STAMP)
	$(PY) autograder/grading.py check-release

autograde: $(STAMP)
	$(PY) autograder/grading.py autograde $(AUTOGRADE_FLAGS) $(LAB)

feedback: $(STAMP)
	$(PY) autograder/grading.py feedback $(LAB)

grades: $(STAMP)
	$(PY) autograder/grading.py grades

demo: $(STAMP)
	$(PY) autograder/grading.py demo $(GRADING_FLAGS) $(LAB)

demo-exhaustive: $(STAMP)
	$(PY) autograder/grading.py demo --exhaustive $(GRADING_FLAGS) $(LAB)

student-dist: $(STAMP)
	$(PY) autograder/student_dist.py

# Offline decks: reveal.js, MathJax, require.js and jQuery come from the npm
# packages pinned in lectures/package.json and are copied into lectures/_build/_assets/.
lectures: $(STAMP)
	$(PY) lectures/build.py --execute --output-dir lectures/_build lectures/*.ipynb

# The course JupyterHub (hub/jupyterhub_config.py): demo accounts, nbgrader's
# exchange, the datasets in COURSE_DATA_DIR (default /srv/course-data).
hub: $(STAMP) hub/node_modules/.package-lock.json
	$(PY) hub/demo_setup.py
	$(BIN)/jupyterhub -f hub/jupyterhub_config.py

# configurable-http-proxy, pinned in hub/package.json.
hub/node_modules/.package-lock.json: hub/package.json hub/package-lock.json
	cd hub && npm ci --no-audit --no-fund --loglevel=error

# The comparisons against Keras and scikit-learn; the speed runs train to a
# target accuracy and take many minutes, so they have their own target.
bench: $(STAMP)
	@for script in $(filter-out bench/_% bench/speedrun_%,$(wildcard bench/*.py)); do \
	    echo "== $$script"; $(PY) $$script || exit 1; done

speedrun: $(STAMP)
	@for script in bench/speedrun_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

# Lab 6's full-budget depth grid, for Lecture 6: hours on a CPU. Each finished
# network is saved at once; run it again to resume where it stopped.
depth-grid: $(STAMP)
	$(PY) lectures/experiments/depth_grid.py

clean:
	rm -rf autograder/demo_work autograder/autograded autograder/feedback lectures/_build .pytest_cache
