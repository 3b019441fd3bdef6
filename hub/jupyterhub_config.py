"""A JupyterHub for the course: `make hub` starts it on http://127.0.0.1:8000.

Demo accounts (created by hub/demo_setup.py, which `make hub` runs first):
``instructor`` (hub admin, with an nbgrader course in ~/course) and the students
``student1`` and ``student2``, all with the password in COURSE_HUB_PASSWORD
(default ``course-demo``). Each user's server is the course environment that
runs the hub, started as that Unix user, so nbgrader's exchange permissions
keep students apart. Swap the demo authenticator for the university's and the
rest stays the same (README.md, "On a JupyterHub").

Settings from the environment (defaults in brackets):

- COURSE_HUB_URL        where the hub listens [http://127.0.0.1:8000]
- COURSE_HUB_STATE      the hub's database and cookie secret [/srv/course-hub]
- COURSE_DATA_DIR       the shared, read-only datasets [/srv/course-data]
- COURSE_EXCHANGE       nbgrader's exchange directory [/srv/nbgrader/exchange]
- COURSE_HUB_MEM_LIMIT  memory per user process [6G]
- COURSE_HUB_PASSWORD   the demo accounts' password [course-demo]
- COURSE_HUB_PYTHON     the course environment's interpreter [the hub's]
"""

import os
import pathlib
import resource
import sys
import urllib.parse

from jupyterhub.spawner import LocalProcessSpawner
from jupyterhub.utils import url_path_join  # noqa: F401  (handy when editing this file)

HERE = pathlib.Path(__file__).resolve().parent
# The course environment is the one running the hub (make hub uses .venv);
# COURSE_HUB_PYTHON names another interpreter of it. Every user runs it, so it
# must live where every user can read it (not in a private home folder).
COURSE_PYTHON = os.environ.get("COURSE_HUB_PYTHON") or sys.executable
COURSE_BIN = pathlib.Path(COURSE_PYTHON).parent

INSTRUCTORS = {"instructor"}
STUDENTS = {"student1", "student2"}

HUB_URL = os.environ.get("COURSE_HUB_URL", "http://127.0.0.1:8000")
STATE = pathlib.Path(os.environ.get("COURSE_HUB_STATE", "/srv/course-hub"))
DATA_DIR = os.environ.get("COURSE_DATA_DIR", "/srv/course-data")
EXCHANGE = os.environ.get("COURSE_EXCHANGE", "/srv/nbgrader/exchange")
MEM_LIMIT = os.environ.get("COURSE_HUB_MEM_LIMIT", "6G")

c = get_config()  # noqa: F821 - injected by JupyterHub

# --- Where it listens, and its state --------------------------------------
c.JupyterHub.bind_url = HUB_URL
_port = urllib.parse.urlsplit(HUB_URL).port or 8000
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{_port + 1}"
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
# configurable-http-proxy from npm (hub/package.json; `make hub` installs it).
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{_port + 2}"

# --- Who may log in --------------------------------------------------------
# The demo authenticator takes one shared password. For the university's
# login, replace these lines (README.md, "On a JupyterHub"), for example:
#   c.JupyterHub.authenticator_class = "ldapauthenticator.LDAPAuthenticator"
#   c.JupyterHub.authenticator_class = "oauthenticator.generic.GenericOAuthenticator"
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = os.environ.get("COURSE_HUB_PASSWORD", "course-demo")
c.Authenticator.allowed_users = INSTRUCTORS | STUDENTS
c.Authenticator.admin_users = INSTRUCTORS


# --- Each user's server ----------------------------------------------------
class CourseSpawner(LocalProcessSpawner):
    """Start each server as its Unix user, under the per-user memory limit.

    On one machine the limit is the address space of each of the user's
    processes (kernels included); zero-to-jupyterhub enforces it for the whole
    pod instead (singleuser.memory.limit).
    """

    def make_preexec_fn(self, name):
        switch_user = super().make_preexec_fn(name)
        limit = self.mem_limit

        def preexec():
            if limit:
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            switch_user()

        return preexec


c.JupyterHub.spawner_class = CourseSpawner
c.Spawner.cmd = [COURSE_PYTHON, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.mem_limit = MEM_LIMIT
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 120
# Where the environment's Jupyter data lives, when the hub is told (see COURSE_HUB_PYTHON).
c.Spawner.env_keep = [
    "PATH", "PYTHONPATH", "VIRTUAL_ENV", "LANG", "LC_ALL", "JUPYTERHUB_SINGLEUSER_APP",
    "JUPYTER_PATH", "JUPYTERLAB_DIR",
]
c.Spawner.environment = {
    "PATH": f"{COURSE_BIN}:/usr/local/bin:/usr/bin:/bin",
    # The datasets, staged once, read-only (README.md, "Datasets").
    "COURSE_DATA_DIR": DATA_DIR,
    "COURSE_OFFLINE": "1",
    # nbgrader's exchange and course id for the Assignments panel and the CLI.
    "COURSE_EXCHANGE": EXCHANGE,
    "JUPYTER_CONFIG_PATH": str(HERE / "jupyter"),
    # Quiet kernels: TensorFlow's start-up messages stay out of the notebooks
    # (the environment's ipython_kernel_config.py, written by `make install`,
    # keeps the rest of its C++ logging in the server log).
    "TF_CPP_MIN_LOG_LEVEL": "2",
}
