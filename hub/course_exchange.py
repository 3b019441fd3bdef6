"""nbgrader's exchange, with submissions that other students cannot read.

nbgrader's own ``submit`` leaves each submitted file readable by every user, and
relies on the submission's folder name (which ends in a random string) and an
inbound folder nobody but the instructor can list to keep it from being found.
Its inbound folder is set-group-ID, so a submission belongs to the instructor's
group. This ``submit`` then takes the permissions of everyone else away: a
student's files can be read by that student and by the instructor's group only,
even by someone who knows their exact path.

hub/jupyter/nbgrader_config.py selects it (``c.ExchangeFactory.submit``).
Where the inbound folder does not give submissions the instructor's group (it is
not set-group-ID), nbgrader's permissions are kept, so the instructor can still
collect.
"""

import os
import stat

from nbgrader.exchange.default.submit import ExchangeSubmit


class PrivateSubmit(ExchangeSubmit):
    """``nbgrader submit``: the submission is readable by its author and the instructor's group only."""

    def do_copy(self, src, dest, log=None):
        super().do_copy(src, dest, log=log)
        if os.path.dirname(os.path.abspath(dest)) != os.path.abspath(self.inbound_path):
            return  # the copy in the student's own cache
        # copytree gave the submission's folder the mode of the student's folder,
        # so it is no longer set-group-ID, and the timestamp and the submission
        # secret (which names the feedback files) nbgrader writes into it next
        # would get the student's group. A fresh folder made in the inbound folder
        # inherits the instructor's group and set-group-ID bit again.
        fresh = dest + ".submitting"
        os.mkdir(fresh)
        for name in os.listdir(dest):
            os.rename(os.path.join(dest, name), os.path.join(fresh, name))
        os.rmdir(dest)
        os.rename(fresh, dest)

    def copy_files(self):
        super().copy_files()
        inbound = os.stat(self.inbound_path)
        submission = os.path.join(self.inbound_path, self.assignment_filename)
        if not inbound.st_mode & stat.S_ISGID or os.stat(submission).st_gid != inbound.st_gid:
            self.log.warning("The inbound folder is not set-group-ID: nbgrader's permissions are kept.")
            return
        for folder, _, files in os.walk(submission):
            for name in files:
                os.chmod(os.path.join(folder, name), 0o640)
            # The submission's own folder stays writable by the instructor's group
            # (nbgrader makes it writable by all so the instructor can delete it).
            os.chmod(folder, 0o770 if folder == submission else 0o750)
