"""nbgrader settings every user's server on the course hub reads (through JUPYTER_CONFIG_PATH).

Students fetch, submit and fetch feedback through this exchange; the Assignments
panel in JupyterLab lists what the instructor has released to it.
"""

import os
import sys

c = get_config()  # noqa: F821 - injected by nbgrader

c.CourseDirectory.course_id = "deep-learning-in-practice"
c.Exchange.root = os.environ.get("COURSE_EXCHANGE", "/srv/nbgrader/exchange")
# Validate runs a whole lab, training included; nbgrader's default is 30 s per cell.
c.Execute.timeout = 300

# Submissions readable by their author and the instructor's group only (hub/course_exchange.py).
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
c.ExchangeFactory.submit = "course_exchange.PrivateSubmit"
